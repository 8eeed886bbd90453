import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import type { DomainLogger } from '../logger.js';
import type { SiteRepository } from '../sites/site.js';
import { DEFAULT_SITE_ID } from '../users/user-service.js';
import { requireAdminRole, type User } from '../users/user.js';
import { BbbApiError, BbbProtocolError, BbbUnavailableError } from './bbb.js';
import type { BbbApis, BbbServer, BbbServerRepository, BbbServerSettings } from './bbb-server.js';
import { checkBbbServerSettings, type BbbServerInput } from './bbb-server-rules.js';

/** The outcome of "Test the connection": the code says why it failed (`bbb_checksumError`, `bbb_unavailable`, `bbb_protocol_error`, …). */
export type BbbConnectionCheck = { readonly ok: true } | { readonly ok: false; readonly code: string; readonly message: string };

/** Which site a listing, an addition or the auto-import setting is about (default: the administrator's own). */
export interface BbbSiteChoice {
  readonly siteId?: number;
}

/** A meeting id no one uses: getRecordings for it answers an empty SUCCESS (noRecordings) from any working server. */
const CHECK_MEETING_ID = 'lectern-connection-check';

/**
 * Administrators' management of a site's BigBlueButton servers: add, edit (a blank secret
 * keeps the stored one), choose the default (the server new meetings use), deactivate and
 * reactivate, remove (refused while recordings were imported from it, so that the "imported
 * once" history stays), test the connection; and the site's automatic-import choice.
 * Administrators of the main site may also manage other sites (as for Moodle keys).
 */
export function createBbbServerService(deps: { servers: BbbServerRepository; apis: BbbApis; sites: SiteRepository; logger: DomainLogger }) {
  const { servers, apis, sites, logger } = deps;

  function requireAdmin(actor: User): void {
    requireAdminRole(actor, 'Only administrators manage BigBlueButton servers.');
  }

  const mayManage = (actor: User, siteId: number): boolean => siteId === actor.siteId || actor.siteId === DEFAULT_SITE_ID;

  /** The site an action is about, checked: the administrator's own, or any known site for the main site's. */
  async function siteOf(actor: User, choice: BbbSiteChoice = {}): Promise<number> {
    requireAdmin(actor);
    const siteId = choice.siteId ?? actor.siteId;
    if (siteId === actor.siteId) return siteId;
    if (!mayManage(actor, siteId)) throw new ForbiddenError('bbb_other_site', 'Only administrators of the main site manage the BigBlueButton servers of another site.');
    if (!(await sites.findById(siteId))) throw new NotFoundError('site_not_found', `No site ${siteId}.`);
    return siteId;
  }

  const notFound = (id: number) => new NotFoundError('bbb_server_not_found', `No BigBlueButton server ${id} on this site.`);

  async function get(actor: User, id: number): Promise<BbbServer> {
    requireAdmin(actor);
    const server = await servers.findById(id);
    if (!server || !mayManage(actor, server.siteId)) throw notFound(id);
    return server;
  }

  function validated(input: BbbServerInput, secretRequired: boolean): BbbServerSettings {
    const { settings, problems } = checkBbbServerSettings(input, { secretRequired });
    if (problems.length) throw new ValidationError('invalid_bbb_server', 'Some settings of this BigBlueButton server are not valid.', { fields: problems });
    return settings;
  }

  const taken = (name: string) =>
    new ConflictError('bbb_server_exists', `This site already has a BigBlueButton server named ${name}.`, { fields: [{ path: 'name', message: 'already the name of another server of this site' }] });

  /** A change of one server, logged; null from the repository means it went away meanwhile. */
  async function changed(actor: User, id: number, change: Promise<BbbServer | null>, what: string): Promise<BbbServer> {
    const server = await change;
    if (!server) throw notFound(id);
    logger.info({ bbbServerId: id, siteId: server.siteId, userId: actor.id }, what);
    return server;
  }

  return {
    get,

    /** The site's servers, the default first. */
    async list(actor: User, choice?: BbbSiteChoice): Promise<BbbServer[]> {
      return servers.list(await siteOf(actor, choice));
    },

    /** Adds an active server; the site's first server becomes its default. */
    async add(actor: User, input: BbbServerInput, options: BbbSiteChoice & { readonly isDefault?: boolean } = {}): Promise<BbbServer> {
      const siteId = await siteOf(actor, options);
      const settings = validated(input, true);
      const isDefault = options.isDefault === true || (await servers.list(siteId)).length === 0;
      const server = await servers.insert(siteId, settings, { isDefault });
      if (!server) throw taken(settings.name);
      logger.info({ bbbServerId: server.id, siteId, userId: actor.id, apiUrl: server.apiUrl, algorithm: server.checksumAlgorithm, isDefault }, 'BigBlueButton server added');
      return server;
    },

    /** A blank secret keeps the stored one. */
    async update(actor: User, id: number, input: BbbServerInput): Promise<BbbServer> {
      await get(actor, id);
      const settings = validated(input, false);
      const outcome = await servers.update(id, settings);
      if (outcome === 'conflict') throw taken(settings.name);
      const server = await changed(actor, id, Promise.resolve(outcome), 'BigBlueButton server updated');
      if (settings.secret) logger.info({ bbbServerId: id, userId: actor.id }, 'BigBlueButton server secret replaced');
      return server;
    },

    /** The server new meetings use; it must be active. */
    async setDefault(actor: User, id: number): Promise<BbbServer> {
      const server = await get(actor, id);
      if (!server.isActive) throw new ConflictError('bbb_server_inactive', 'Reactivate this server before making it the default one.');
      return changed(actor, id, servers.setDefault(id), 'BigBlueButton server made the default');
    },

    async activate(actor: User, id: number): Promise<BbbServer> {
      await get(actor, id);
      return changed(actor, id, servers.setActive(id, true), 'BigBlueButton server reactivated');
    },

    /** Meetings can no longer start on it; its recordings stay listed and importable once it is reactivated. */
    async deactivate(actor: User, id: number): Promise<BbbServer> {
      await get(actor, id);
      return changed(actor, id, servers.setActive(id, false), 'BigBlueButton server deactivated');
    },

    /**
     * Meetings that used it go back to the site's default server. Refused while recordings
     * were imported from it: removing it would forget which ones were (deactivate it instead).
     */
    async remove(actor: User, id: number): Promise<void> {
      const server = await get(actor, id);
      const imports = await servers.countImports(id);
      if (imports > 0) {
        throw new ConflictError('bbb_server_in_use', `${imports} recording(s) were imported from this server: Lectern keeps it to remember them. Deactivate it instead.`, { params: { imports } });
      }
      if (!(await servers.remove(id))) throw notFound(id);
      logger.info({ bbbServerId: id, siteId: server.siteId, userId: actor.id, apiUrl: server.apiUrl }, 'BigBlueButton server removed');
    },

    /**
     * Asks the server for the recordings of a meeting that does not exist: an empty answer
     * proves the URL, the secret and the checksum algorithm. Never throws for BBB's refusals.
     */
    async checkConnection(actor: User, id: number): Promise<BbbConnectionCheck> {
      const server = await get(actor, id);
      try {
        await apis.forServer(server).getRecordings({ meetingIDs: [CHECK_MEETING_ID] });
      } catch (error) {
        if (!(error instanceof BbbApiError || error instanceof BbbUnavailableError || error instanceof BbbProtocolError)) throw error;
        logger.info({ bbbServerId: id, userId: actor.id, code: error.code, reason: error.message }, 'BigBlueButton connection check failed');
        return { ok: false, code: error.code, message: error.message };
      }
      logger.info({ bbbServerId: id, userId: actor.id }, 'BigBlueButton connection check succeeded');
      return { ok: true };
    },

    async siteAutoImport(actor: User, choice?: BbbSiteChoice): Promise<boolean> {
      return servers.siteAutoImport(await siteOf(actor, choice));
    },

    /** Whether recordings are imported as soon as BBB says they are ready (a meeting may override it). */
    async setSiteAutoImport(actor: User, on: boolean, choice?: BbbSiteChoice): Promise<void> {
      const siteId = await siteOf(actor, choice);
      await servers.setSiteAutoImport(siteId, on);
      logger.info({ siteId, userId: actor.id, autoImport: on }, 'BigBlueButton automatic import changed');
    },
  };
}

export type BbbServerService = ReturnType<typeof createBbbServerService>;
