import { ConflictError, NotFoundError, ValidationError, type FieldProblem } from '../errors.js';
import type { DomainLogger } from '../logger.js';
import { requireAdminRole, type User } from '../users/user.js';
import type { LtiPlatform, LtiPlatformRepository, LtiPlatformSettings, LtiPlatformStatus } from './lti-platform.js';

const URL_FIELDS = [
  ['issuer', 'issuer'],
  ['authenticationEndpoint', 'authentication_endpoint'],
  ['accessTokenEndpoint', 'access_token_endpoint'],
  ['jwksUrl', 'jwks_url'],
] as const;

/** An http(s) URL without credentials or fragment: what the LTI specification allows for these. */
function isEndpointUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password && !url.hash && text.length <= 500;
  } catch (error) {
    if (error instanceof TypeError) return false;
    throw error;
  }
}

/** Trims the settings and lists every problem with them (pure). */
export function checkPlatformSettings(input: LtiPlatformSettings): { settings: LtiPlatformSettings; problems: FieldProblem[] } {
  const settings: LtiPlatformSettings = {
    name: input.name.trim(),
    issuer: input.issuer.trim().replace(/\/+$/, ''),
    clientId: input.clientId.trim(),
    authenticationEndpoint: input.authenticationEndpoint.trim(),
    accessTokenEndpoint: input.accessTokenEndpoint.trim(),
    jwksUrl: input.jwksUrl.trim(),
    deploymentIds: [...new Set(input.deploymentIds.map((id) => id.trim()).filter(Boolean))],
  };
  const problems: FieldProblem[] = [];
  if (!settings.name || settings.name.length > 200) problems.push({ path: 'name', message: 'between 1 and 200 characters' });
  if (!settings.clientId || settings.clientId.length > 255) problems.push({ path: 'client_id', message: 'between 1 and 255 characters' });
  for (const [field, path] of URL_FIELDS) if (!isEndpointUrl(settings[field])) problems.push({ path, message: 'an http or https URL' });
  if (settings.deploymentIds.some((id) => id.length > 255)) problems.push({ path: 'deployment_ids', message: 'each at most 255 characters' });
  return { settings, problems };
}

/**
 * Administrators' management of LTI platforms: add (active), edit, activate, deactivate,
 * remove, rotate the tool's key; dynamic registrations add pending ones (or active ones with
 * auto-approval). This table is the truth: the LTI adapter brings ltijs's copy in step before
 * it answers a platform (lti/platform-sync.ts), so the CLI and other processes need no ltijs.
 */
export function createLtiPlatformService(deps: { platforms: LtiPlatformRepository; logger: DomainLogger }) {
  const { platforms, logger } = deps;

  function requireAdmin(actor: User): void {
    requireAdminRole(actor, 'Only administrators manage LTI platforms.');
  }

  function validated(input: LtiPlatformSettings): LtiPlatformSettings {
    const { settings, problems } = checkPlatformSettings(input);
    if (problems.length) throw new ValidationError('invalid_lti_platform', 'Some settings of this platform are not valid.', { fields: problems });
    return settings;
  }

  async function get(actor: User, id: number): Promise<LtiPlatform> {
    requireAdmin(actor);
    const platform = await platforms.findById(id);
    if (!platform || platform.siteId !== actor.siteId) throw new NotFoundError('lti_platform_not_found', `No LTI platform ${id} on this site.`);
    return platform;
  }

  const taken = (settings: LtiPlatformSettings) =>
    new ConflictError('lti_platform_exists', `A platform with issuer ${settings.issuer} and client id ${settings.clientId} is already registered.`, { fields: [{ path: 'client_id', message: 'already registered with this issuer' }] });

  return {
    get,

    async list(actor: User): Promise<LtiPlatform[]> {
      requireAdmin(actor);
      return platforms.list(actor.siteId);
    },

    /** By an administrator: active at once. */
    async add(actor: User, input: LtiPlatformSettings): Promise<LtiPlatform> {
      requireAdmin(actor);
      const settings = validated(input);
      const platform = await platforms.insert(actor.siteId, settings, { status: 'active', origin: 'manual', product: null });
      if (!platform) throw taken(settings);
      logger.info({ platformId: platform.id, userId: actor.id, issuer: platform.issuer }, 'LTI platform added');
      return platform;
    },

    async update(actor: User, id: number, input: LtiPlatformSettings): Promise<LtiPlatform> {
      const before = await get(actor, id);
      const settings = validated(input);
      if ((settings.issuer !== before.issuer || settings.clientId !== before.clientId) && (await platforms.findByIssuer(settings.issuer, settings.clientId))) throw taken(settings);
      const platform = await platforms.update(id, settings);
      if (!platform) throw new NotFoundError('lti_platform_not_found', `No LTI platform ${id} on this site.`);
      logger.info({ platformId: id, userId: actor.id }, 'LTI platform updated');
      return platform;
    },

    /** Approve a pending registration, reactivate, or deactivate (launches refused). */
    async setStatus(actor: User, id: number, status: Exclude<LtiPlatformStatus, 'pending'>): Promise<LtiPlatform> {
      await get(actor, id);
      const platform = await platforms.setStatus(id, status);
      if (!platform) throw new NotFoundError('lti_platform_not_found', `No LTI platform ${id} on this site.`);
      logger.info({ platformId: id, userId: actor.id, status }, 'LTI platform status changed');
      return platform;
    },

    async remove(actor: User, id: number): Promise<void> {
      const platform = await get(actor, id);
      if (!(await platforms.remove(id))) throw new NotFoundError('lti_platform_not_found', `No LTI platform ${id} on this site.`);
      logger.info({ platformId: id, userId: actor.id, issuer: platform.issuer }, 'LTI platform removed');
    },

    /** A new tool key pair for this platform at its next use; the platform reads it from /lti/keys. */
    async rotateKey(actor: User, id: number): Promise<LtiPlatform> {
      await get(actor, id);
      const platform = await platforms.forgetToolKey(id);
      if (!platform) throw new NotFoundError('lti_platform_not_found', `No LTI platform ${id} on this site.`);
      logger.info({ platformId: id, userId: actor.id }, 'LTI tool key rotation asked');
      return platform;
    },

    /**
     * A platform that registered itself (LTI Dynamic Registration): pending until an
     * administrator approves it, unless the site approves registrations automatically.
     */
    async registerDynamic(siteId: number, input: LtiPlatformSettings, options: { product: string | null; autoApprove: boolean }): Promise<LtiPlatform> {
      const settings = validated(input);
      const platform = await platforms.insert(siteId, settings, { status: options.autoApprove ? 'active' : 'pending', origin: 'dynamic', product: options.product?.slice(0, 100) ?? null });
      if (!platform) throw taken(settings);
      logger.info({ platformId: platform.id, issuer: platform.issuer, status: platform.status }, 'LTI platform registered itself');
      return platform;
    },

    /**
     * The platform a login or launch comes from (any site), or null when unknown. Without a
     * client id (optional in a login initiation), the issuer's only platform.
     */
    async findForLaunch(issuer: string, clientId: string | null): Promise<LtiPlatform | null> {
      if (clientId !== null) return platforms.findByIssuer(issuer, clientId);
      const candidates = await platforms.listByIssuer(issuer);
      return candidates.length === 1 ? candidates[0]! : null;
    },
  };
}

export type LtiPlatformService = ReturnType<typeof createLtiPlatformService>;
