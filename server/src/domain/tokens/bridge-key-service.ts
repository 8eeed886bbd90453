import { NotFoundError, ValidationError } from '../errors.js';
import type { DomainLogger } from '../logger.js';
import type { Site, SiteRepository } from '../sites/site.js';
import { DEFAULT_SITE_ID } from '../users/user-service.js';
import { requireAdminRole, type User } from '../users/user.js';
import type { ApiTokenRepository } from './api-token-repository.js';
import type { CreatedToken } from './api-token-service.js';
import { generateTokenKey, hashTokenKey, tokenPrefix, type ApiToken, type BridgeSettings } from './api-token.js';

export interface BridgeKeyInput extends BridgeSettings {
  readonly name: string;
}

/**
 * Keys for Moodle sites and Esup-Pod scripts (`kind = bridge`), managed by administrators.
 * Like Pod's DRF tokens they act with their creator's rights (an administrator's), but only on
 * the Pod dialect, on one site, with their own username mapping and page size.
 */
export function createBridgeKeyService(deps: { tokens: ApiTokenRepository; sites: SiteRepository; logger: DomainLogger }) {
  const { tokens, sites, logger } = deps;

  function requireAdmin(actor: User): void {
    requireAdminRole(actor, 'Only administrators manage Moodle and Pod keys.');
  }

  /** Administrators of the main site may bind keys to any site; others to their own only. */
  const mayBindTo = (actor: User, siteId: number): boolean => siteId === actor.siteId || actor.siteId === DEFAULT_SITE_ID;

  async function checkSettings(actor: User, input: BridgeKeyInput): Promise<BridgeKeyInput> {
    const problems: { path: string; message: string }[] = [];
    const siteId = input.siteId ?? actor.siteId;
    if (!mayBindTo(actor, siteId)) {
      problems.push({ path: 'site_id', message: 'only administrators of the main site may bind a key to another site' });
    } else if (!(await sites.findById(siteId))) {
      problems.push({ path: 'site_id', message: `unknown site ${siteId}` });
    }
    if (!Number.isInteger(input.pageSize) || input.pageSize < 1 || input.pageSize > 100) problems.push({ path: 'page_size', message: 'must be a whole number from 1 to 100' });
    const issuer = input.identityIssuer?.trim() || null;
    if (issuer && (input.usernameMapping === 'username' || input.usernameMapping === 'email')) {
      problems.push({ path: 'identity_issuer', message: 'an issuer only applies to the lti, saml and cas mappings' });
    } else if (issuer && issuer.length > 500) {
      problems.push({ path: 'identity_issuer', message: 'at most 500 characters' });
    }
    if (problems.length) throw new ValidationError('invalid_bridge_key', 'Some settings of this key are not valid.', { fields: problems });
    return { ...input, name: input.name.trim().slice(0, 100), siteId, identityIssuer: issuer };
  }

  async function getManaged(actor: User, tokenId: number): Promise<ApiToken> {
    requireAdmin(actor);
    const key = await tokens.findById(tokenId);
    const visible = key && key.kind === 'bridge' ? (await tokens.listBridgeKeys(actor.siteId)).some((k) => k.id === key.id) : false;
    if (!key || !visible) throw new NotFoundError('bridge_key_not_found', `No Moodle/Pod key ${tokenId} on this site.`);
    return key;
  }

  return {
    async create(actor: User, input: BridgeKeyInput): Promise<CreatedToken> {
      requireAdmin(actor);
      const settings = await checkSettings(actor, input);
      const key = generateTokenKey();
      const token = await tokens.insert({ userId: actor.id, name: settings.name, hash: hashTokenKey(key), prefix: tokenPrefix(key), bridge: settings });
      logger.info({ tokenId: token.id, userId: actor.id, siteId: token.siteId, mapping: token.usernameMapping }, 'bridge key created');
      return { token, key };
    },

    async list(actor: User): Promise<ApiToken[]> {
      requireAdmin(actor);
      return tokens.listBridgeKeys(actor.siteId);
    },

    get: getManaged,

    /** The sites this administrator may bind a key to (the choices of a form). */
    async bindableSites(actor: User): Promise<Site[]> {
      requireAdmin(actor);
      return (await sites.list()).filter((site) => mayBindTo(actor, site.id));
    },

    async update(actor: User, tokenId: number, input: BridgeKeyInput): Promise<ApiToken> {
      await getManaged(actor, tokenId);
      const settings = await checkSettings(actor, input);
      const updated = await tokens.updateBridgeSettings(tokenId, settings.name, settings);
      if (!updated) throw new NotFoundError('bridge_key_not_found', `No Moodle/Pod key ${tokenId} on this site.`);
      logger.info({ tokenId, userId: actor.id, siteId: updated.siteId, mapping: updated.usernameMapping }, 'bridge key updated');
      return updated;
    },

    async revoke(actor: User, tokenId: number): Promise<ApiToken> {
      const key = await getManaged(actor, tokenId);
      const revoked = await tokens.revokeById(key.id);
      if (!revoked) throw new NotFoundError('token_not_found', `Key ${tokenId} is already revoked.`);
      logger.info({ tokenId, userId: actor.id }, 'bridge key revoked');
      return revoked;
    },
  };
}

export type BridgeKeyService = ReturnType<typeof createBridgeKeyService>;
