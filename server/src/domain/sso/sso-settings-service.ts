import type { GroupActor } from '../access/access-group-service.js';
import { AppError } from '../errors.js';
import type { DomainLogger } from '../logger.js';
import { DEFAULT_IDENTITY_MAPPING, parseIdentityMapping, type IdentityMapping } from './identity-mapping.js';
import { requireAdminRole } from '../users/user.js';

/** A site's sign-in settings: may people log in with a local password, and how SSO attributes map to users. */
export interface SsoSettings {
  readonly siteId: number;
  readonly localLoginEnabled: boolean;
  readonly mapping: IdentityMapping;
}

export interface SsoSettingsChange {
  readonly localLoginEnabled?: boolean;
  /** Fields of the mapping to change (validated over the current mapping). */
  readonly mapping?: Readonly<Record<string, unknown>>;
}

/** Port: table sso_settings (no row: the defaults). */
export interface SsoSettingsRepository {
  find(siteId: number): Promise<{ localLoginEnabled: boolean; mapping: unknown } | null>;
  save(settings: SsoSettings): Promise<void>;
}

/**
 * The sign-in settings of each site. Without a row, local login is on and the mapping is
 * Esup-Pod's defaults. Turning local login off hides the password form and refuses POST /login
 * (local_login_disabled); `lectern sso:settings --local-login on` is the way back in when no
 * SSO sign-in works.
 */
export function createSsoSettingsService(deps: { repo: SsoSettingsRepository; logger: DomainLogger }) {
  const { repo, logger } = deps;

  async function get(siteId: number): Promise<SsoSettings> {
    const row = await repo.find(siteId);
    if (!row) return { siteId, localLoginEnabled: true, mapping: DEFAULT_IDENTITY_MAPPING };
    try {
      return { siteId, localLoginEnabled: row.localLoginEnabled, mapping: parseIdentityMapping(row.mapping) };
    } catch (error) {
      // A stored mapping that no longer validates (edited in the database): sign-ins go on with the defaults, loudly.
      if (!(error instanceof AppError)) throw error;
      logger.error({ siteId, code: error.code, fields: error.details.fields?.map((field) => field.path) }, 'stored SSO identity mapping is not valid: the defaults apply');
      return { siteId, localLoginEnabled: row.localLoginEnabled, mapping: DEFAULT_IDENTITY_MAPPING };
    }
  }

  const adminOnly = (actor: GroupActor) => {
    requireAdminRole(actor, 'Only administrators manage the sign-in settings.');
  };

  return {
    get,
    /** The settings of an administrator's site (the admin page, the command line). */
    async read(actor: GroupActor): Promise<SsoSettings> {
      adminOnly(actor);
      return get(actor.siteId);
    },
    /** Administrators (or the command line) change the settings of their site. */
    async update(actor: GroupActor, change: SsoSettingsChange): Promise<SsoSettings> {
      adminOnly(actor);
      const current = await get(actor.siteId);
      const next: SsoSettings = {
        siteId: actor.siteId,
        localLoginEnabled: change.localLoginEnabled ?? current.localLoginEnabled,
        mapping: change.mapping ? parseIdentityMapping({ ...current.mapping, ...change.mapping }) : current.mapping,
      };
      await repo.save(next);
      logger.info({ siteId: actor.siteId, userId: actor.id, localLoginEnabled: next.localLoginEnabled }, 'sign-in settings changed');
      return next;
    },
  };
}

export type SsoSettingsService = ReturnType<typeof createSsoSettingsService>;
