import type { GroupActor } from '../access/access-group-service.js';
import { ConflictError, NotFoundError, ValidationError, type FieldProblem } from '../errors.js';
import type { DomainLogger } from '../logger.js';
import type { UserIdentity, UserIdentityRepository } from '../users/user-identity.js';
import type { UserRepository } from '../users/user-repository.js';
import { requireAdminRole, type User } from '../users/user.js';
import { SSO_PROVIDERS } from './sso.js';
import type { SsoIdentity } from './sso-login-service.js';

/** What an administrator types to link or unlink an identity (strings, checked here). */
export interface SsoIdentityInput {
  readonly username: string;
  readonly provider: string;
  readonly issuer: string;
  readonly subject: string;
}

const MAX_IDENTITY_PART = 500;

/** The identity an admin typed, or a ValidationError `invalid_sso_identity` naming the wrong fields. */
export function ssoIdentityOf(input: SsoIdentityInput): SsoIdentity {
  const issuer = input.issuer.trim();
  const subject = input.subject.trim();
  const fields: FieldProblem[] = [];
  if (!(SSO_PROVIDERS as readonly string[]).includes(input.provider)) fields.push({ path: 'provider', message: 'saml or cas' });
  if (!issuer || issuer.length > MAX_IDENTITY_PART) fields.push({ path: 'issuer', message: `1 to ${MAX_IDENTITY_PART} characters` });
  if (!subject || subject.length > MAX_IDENTITY_PART) fields.push({ path: 'subject', message: `1 to ${MAX_IDENTITY_PART} characters` });
  if (fields.length) throw new ValidationError('invalid_sso_identity', 'An identity is a provider (saml or cas), an issuer and a user key.', { fields });
  return { provider: input.provider as SsoIdentity['provider'], issuer, subject };
}

/**
 * Administrators link an SSO identity (provider, issuer = IdP entity id or CAS base URL,
 * subject = the user key) to an account of their site, list a user's identities, and unlink
 * them. The command line acts as an administrator (commandLineActor).
 */
export function createSsoIdentityAdmin(deps: { users: UserRepository; identities: UserIdentityRepository; logger: DomainLogger }) {
  const { users, identities, logger } = deps;

  const adminOnly = (actor: GroupActor) => {
    requireAdminRole(actor, 'Only administrators manage sign-in identities.');
  };

  async function userNamed(actor: GroupActor, username: string): Promise<User> {
    adminOnly(actor);
    const user = await users.findByUsername(actor.siteId, username.trim());
    if (!user) throw new NotFoundError('user_not_found', `No user named "${username.trim()}".`, { params: { username: username.trim() } });
    return user;
  }

  return {
    /** A user's identities; null for no username (the admin page before a search). */
    async identities(actor: GroupActor, username: string): Promise<{ user: User; identities: UserIdentity[] } | null> {
      if (!username.trim()) {
        adminOnly(actor);
        return null;
      }
      const user = await userNamed(actor, username);
      return { user, identities: await identities.listForUser(user.id) };
    },

    async link(actor: GroupActor, input: SsoIdentityInput): Promise<User> {
      const identity = ssoIdentityOf(input);
      const user = await userNamed(actor, input.username);
      const owner = await identities.userOf(identity.provider, identity.issuer, identity.subject);
      if (owner !== null && owner !== user.id) throw new ConflictError('sso_identity_taken', 'This institution account is already linked to another Lectern account.');
      await identities.record({ userId: user.id, ...identity, username: null });
      logger.info({ userId: user.id, ...identity, by: actor.id, how: 'admin' }, 'SSO identity linked');
      return user;
    },

    async unlink(actor: GroupActor, input: SsoIdentityInput): Promise<User> {
      const identity = ssoIdentityOf(input);
      const user = await userNamed(actor, input.username);
      if (!(await identities.remove({ userId: user.id, ...identity }))) throw new NotFoundError('sso_identity_not_found', 'This user has no such identity.');
      logger.info({ userId: user.id, ...identity, by: actor.id }, 'SSO identity unlinked');
      return user;
    },
  };
}

export type SsoIdentityAdmin = ReturnType<typeof createSsoIdentityAdmin>;
