import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { DomainLogger } from '../logger.js';
import { requireAdminRole, type User } from '../users/user.js';
import type { CasConnectionCheck, CasProtocol } from './cas-protocol.js';
import type { CasServer, CasServerDirectory } from './cas-server.js';
import { checkCasServerSettings, type CasServerInput, type CasServerSettings } from './cas-server-rules.js';

/** Port: the cas_servers table, beyond what sign-in reads. */
export interface CasServerRepository extends CasServerDirectory {
  /** Every server of the site, enabled or not, by name. */
  list(siteId: number): Promise<CasServer[]>;
  /** Null when the site already has a server with this base URL. */
  insert(siteId: number, settings: CasServerSettings): Promise<CasServer | null>;
  /** Null when the server is gone; 'conflict' when the new base URL is another server's. */
  update(id: number, settings: CasServerSettings): Promise<CasServer | null | 'conflict'>;
  setEnabled(id: number, enabled: boolean): Promise<CasServer | null>;
  remove(id: number): Promise<boolean>;
  /** How many users of the server's site signed in through it (CAS identities whose issuer is its base URL). */
  countIdentities(server: CasServer): Promise<number>;
}

/**
 * Administrators' management of the CAS servers their site signs in with: add, edit, enable and
 * disable (a disabled server leaves the login page; its single-logout requests are still
 * honoured), remove, and test that a CAS 3.0 server answers at the base URL.
 *
 * Identities are keyed on the base URL (user_identities: provider 'cas', issuer = base URL).
 * Removing a server, or changing its URL, keeps them: the users keep their accounts, and sign in
 * to them again through any server added with that base URL. The pages say how many there are.
 */
export function createCasServerService(deps: { servers: CasServerRepository; cas: Pick<CasProtocol, 'check'>; logger: DomainLogger }) {
  const { servers, cas, logger } = deps;

  function requireAdmin(actor: User): void {
    requireAdminRole(actor, 'Only administrators manage CAS servers.');
  }

  const notFound = (id: number) => new NotFoundError('cas_server_not_found', `No CAS server ${id} on this site.`);

  async function get(actor: User, id: number): Promise<CasServer> {
    requireAdmin(actor);
    const server = await servers.findById(id);
    if (!server || server.siteId !== actor.siteId) throw notFound(id);
    return server;
  }

  function validated(input: CasServerInput): CasServerSettings {
    const { settings, problems } = checkCasServerSettings(input);
    if (problems.length) throw new ValidationError('invalid_cas_server', 'Some settings of this CAS server are not valid.', { fields: problems });
    return settings;
  }

  const taken = (baseUrl: string) =>
    new ConflictError('cas_server_exists', `This site already has a CAS server at ${baseUrl}.`, { fields: [{ path: 'base_url', message: 'already the URL of another CAS server of this site' }] });

  /** A change of one server, logged; null from the repository means it went away meanwhile. */
  async function changed(actor: User, id: number, change: Promise<CasServer | null>, what: string): Promise<CasServer> {
    const server = await change;
    if (!server) throw notFound(id);
    logger.info({ casServerId: id, siteId: server.siteId, userId: actor.id, baseUrl: server.baseUrl }, what);
    return server;
  }

  return {
    get,

    /** The administrator's site's servers, enabled or not. */
    async list(actor: User): Promise<CasServer[]> {
      requireAdmin(actor);
      return servers.list(actor.siteId);
    },

    /** Adds an enabled server to the administrator's site. */
    async add(actor: User, input: CasServerInput): Promise<CasServer> {
      requireAdmin(actor);
      const settings = validated(input);
      const server = await servers.insert(actor.siteId, settings);
      if (!server) throw taken(settings.baseUrl);
      logger.info({ casServerId: server.id, siteId: server.siteId, userId: actor.id, baseUrl: server.baseUrl }, 'CAS server added');
      return server;
    },

    /** A new base URL does not carry the identities of the old one along (see above). */
    async update(actor: User, id: number, input: CasServerInput): Promise<CasServer> {
      const before = await get(actor, id);
      const settings = validated(input);
      const outcome = await servers.update(id, settings);
      if (outcome === 'conflict') throw taken(settings.baseUrl);
      const server = await changed(actor, id, Promise.resolve(outcome), 'CAS server updated');
      if (server.baseUrl !== before.baseUrl) logger.warn({ casServerId: id, userId: actor.id, from: before.baseUrl, to: server.baseUrl }, 'CAS server base URL changed: identities of the old URL stay with it');
      return server;
    },

    async enable(actor: User, id: number): Promise<CasServer> {
      await get(actor, id);
      return changed(actor, id, servers.setEnabled(id, true), 'CAS server enabled');
    },

    /** It leaves the login page and its sign-ins are refused; sessions it opened go on. */
    async disable(actor: User, id: number): Promise<CasServer> {
      await get(actor, id);
      return changed(actor, id, servers.setEnabled(id, false), 'CAS server disabled');
    },

    /** The identities of its users stay (see above); the count is logged. */
    async remove(actor: User, id: number): Promise<void> {
      const server = await get(actor, id);
      const identities = await servers.countIdentities(server);
      if (!(await servers.remove(id))) throw notFound(id);
      logger.info({ casServerId: id, siteId: server.siteId, userId: actor.id, baseUrl: server.baseUrl, identitiesKept: identities }, 'CAS server removed');
    },

    /** How many users of the site signed in through this server (shown before removing or moving it). */
    async identityCount(actor: User, id: number): Promise<number> {
      return servers.countIdentities(await get(actor, id));
    },

    /** Whether a CAS 3.0 server answers at the base URL (never throws for the server's failures). */
    async checkConnection(actor: User, id: number): Promise<CasConnectionCheck> {
      const server = await get(actor, id);
      const outcome = await cas.check(server);
      if (outcome.ok) logger.info({ casServerId: id, userId: actor.id }, 'CAS connection check succeeded');
      else logger.info({ casServerId: id, userId: actor.id, code: outcome.code, reason: outcome.message }, 'CAS connection check failed');
      return outcome;
    },
  };
}

export type CasServerService = ReturnType<typeof createCasServerService>;
