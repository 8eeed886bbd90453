import { ConflictError, ForbiddenError } from '../errors.js';
import type { DomainLogger } from '../logger.js';
import type { UserIdentity, UserIdentityRepository } from '../users/user-identity.js';
import type { UserRepository } from '../users/user-repository.js';
import type { User } from '../users/user.js';
import { mapPerson, type IdentityMapping, type MappedPerson } from './identity-mapping.js';
import type { SsoGroupSync } from './sso-groups.js';
import type { SsoAssertion, SsoProvider } from './sso.js';

/** An SSO identity: with the provider and the issuer (IdP entity id, CAS base URL), the user key. */
export interface SsoIdentity {
  readonly provider: SsoProvider;
  readonly issuer: string;
  readonly subject: string;
}

/** An SSO identity waiting for its owner to prove they hold the existing account of the same name. */
export interface PendingSsoLink extends SsoIdentity {
  readonly siteId: number;
  /** The existing account's username: only that account may take the link. */
  readonly username: string;
  /** Epoch ms after which the pending link lapses (PENDING_LINK_TTL_MS after the SSO sign-in). */
  readonly expiresAt: number;
}

/** How long an SSO identity waits for the password login that links it. */
export const PENDING_LINK_TTL_MS = 15 * 60_000;

/** How the user was found: their identity, a link they asked for, a pre-provisioned account, or a new one. */
export type SsoSignInHow = 'known' | 'linked' | 'pre-provisioned' | 'created';

export type SsoSignInResult =
  | { readonly kind: 'signed-in'; readonly user: User; readonly how: SsoSignInHow; readonly subject: string }
  | { readonly kind: 'needs-link'; readonly pending: PendingSsoLink; readonly existingUserId: number };

const MAX_AFFILIATION = 50;

const identityTaken = () => new ConflictError('sso_identity_taken', 'This institution account is already linked to another Lectern account.');
const inactive = () => new ForbiddenError('sso_account_inactive', 'This Lectern account is deactivated.');

/** The profile the attributes give an existing user; the role goes up (student → staff), never down, and an admin stays one. */
function refreshedProfile(user: User, person: MappedPerson) {
  return {
    firstName: person.firstName || user.firstName,
    lastName: person.lastName || user.lastName,
    email: person.email || user.email,
    role: user.role === 'student' && person.role === 'staff' ? ('staff' as const) : user.role,
    affiliation: person.affiliation?.slice(0, MAX_AFFILIATION) || user.affiliation,
  };
}

/**
 * SSO sign-in (issue 8): the Lectern user behind a verified assertion. A known identity
 * (provider, issuer, user key) is its user; otherwise the identity is linked to the signed-in
 * user who asked for it, or to an account pre-provisioned for it (same username, created for
 * this protocol by an admin or a CSV import, with no identity of this protocol yet), or a user is
 * created. An account of the same name made otherwise (local, LTI, another IdP) is never merged:
 * the answer is `needs-link` (its owner proves it with its password, or an admin links it).
 * E-mail addresses never match anyone. The profile follows the attributes at each login; the
 * role is promoted student → staff when the affiliations say so, never demoted (as Esup-Pod
 * sets is_staff and never unsets it), and an admin is left alone.
 */
export function createSsoLoginService(deps: { users: UserRepository; identities: UserIdentityRepository; groupSync: SsoGroupSync; logger: DomainLogger }) {
  const { users, identities, groupSync, logger } = deps;

  async function siteUser(userId: number, siteId: number): Promise<User> {
    const user = await users.findById(userId);
    if (!user || user.siteId !== siteId) throw identityTaken();
    return user;
  }

  async function preProvisioned(user: User, provider: SsoProvider): Promise<boolean> {
    if (user.authType !== provider) return false;
    return !(await identities.listForUser(user.id)).some((identity) => identity.provider === provider);
  }

  async function refresh(user: User, person: MappedPerson): Promise<User> {
    const profile = refreshedProfile(user, person);
    const changed = (Object.keys(profile) as (keyof typeof profile)[]).some((key) => profile[key] !== user[key]);
    if (!changed) return user;
    if (profile.role !== user.role) logger.info({ userId: user.id, from: user.role, to: profile.role }, 'role promoted by SSO affiliations');
    return (await users.updateProfile(user.id, profile)) ?? user;
  }

  type Found = { kind: 'user'; user: User; how: SsoSignInHow } | { kind: 'needs-link'; existing: User };

  async function find(assertion: SsoAssertion, person: MappedPerson, linkUserId: number | null, retried = false): Promise<Found> {
    const { provider, issuer, siteId } = assertion;
    const owner = await identities.userOf(provider, issuer, person.subject);
    if (owner !== null) {
      if (linkUserId !== null && linkUserId !== owner) throw identityTaken();
      return { kind: 'user', user: await siteUser(owner, siteId), how: 'known' };
    }
    if (linkUserId !== null) return { kind: 'user', user: await siteUser(linkUserId, siteId), how: 'linked' };
    const existing = await users.findByUsername(siteId, person.username);
    if (existing) return (await preProvisioned(existing, provider)) ? { kind: 'user', user: existing, how: 'pre-provisioned' } : { kind: 'needs-link', existing };
    const created = await users.insert({
      siteId,
      username: person.username,
      firstName: person.firstName,
      lastName: person.lastName,
      email: person.email,
      affiliation: person.affiliation?.slice(0, MAX_AFFILIATION) || 'member',
      role: person.role,
      authType: provider,
      passwordHash: null,
    });
    if (created) return { kind: 'user', user: created, how: 'created' };
    // The username was taken meanwhile (the same person's second sign-in at once): decide again.
    if (retried) throw new Error(`the SSO user ${person.subject} of ${issuer} could not be saved`);
    return find(assertion, person, linkUserId, true);
  }

  async function syncGroups(user: User, person: MappedPerson, mapping: IdentityMapping): Promise<void> {
    if (!mapping.groupsFromAffiliations && mapping.groupsAttribute === null) return;
    const outcome = await groupSync.sync(user.id, user.siteId, person, mapping.createGroups);
    if (outcome.skipped.length) logger.warn({ userId: user.id, skipped: outcome.skipped.length }, 'SSO group names that are not valid access group code names were skipped');
    if (outcome.joined || outcome.left) logger.info({ userId: user.id, joined: outcome.joined, left: outcome.left }, 'SSO access groups synchronised');
  }

  async function recordIdentity(userId: number, identity: SsoIdentity): Promise<void> {
    await identities.record({ userId, provider: identity.provider, issuer: identity.issuer, subject: identity.subject, username: null });
  }

  return {
    /** The user an assertion signs in, or `needs-link`; refusals are typed errors (sso_user_key_missing, sso_identity_taken, sso_account_inactive). */
    async signIn(assertion: SsoAssertion, mapping: IdentityMapping, options: { readonly linkUserId: number | null }): Promise<SsoSignInResult> {
      const person = mapPerson(assertion, mapping);
      const identity = { provider: assertion.provider, issuer: assertion.issuer, subject: person.subject };
      const found = await find(assertion, person, options.linkUserId);
      if (found.kind === 'needs-link') {
        logger.info({ userId: found.existing.id, ...identity }, 'SSO identity matches an account of the same name made otherwise: not merged');
        const pending = { ...identity, siteId: assertion.siteId, username: found.existing.username, expiresAt: Date.now() + PENDING_LINK_TTL_MS };
        return { kind: 'needs-link', pending, existingUserId: found.existing.id };
      }
      if (!found.user.isActive) throw inactive();
      const user = found.how === 'created' ? found.user : await refresh(found.user, person);
      if (found.how !== 'known') logger.info({ userId: user.id, ...identity, how: found.how }, found.how === 'created' ? 'user created from an SSO sign-in' : 'SSO identity linked');
      await recordIdentity(user.id, identity);
      await syncGroups(user, person, mapping);
      await users.touchLogin(user.id);
      return { kind: 'signed-in', user, how: found.how, subject: person.subject };
    },

    /**
     * After its owner signed in with the password of the account the SSO sign-in named: links the
     * pending identity to it. Another account signing in from the same browser (a shared computer)
     * never takes it, nor does anyone once it lapsed.
     */
    async linkPending(user: User, pending: PendingSsoLink): Promise<void> {
      if (user.siteId !== pending.siteId || user.username.toLowerCase() !== pending.username.toLowerCase()) {
        throw new ForbiddenError('sso_link_other_account', 'The institution account waited to be linked to another Lectern account: it was not linked to this one.');
      }
      if (Date.now() > pending.expiresAt) throw new ForbiddenError('sso_link_expired', 'The institution sign-in waited too long to be linked: sign in with your institution again.');
      const owner = await identities.userOf(pending.provider, pending.issuer, pending.subject);
      if (owner !== null && owner !== user.id) throw identityTaken();
      await recordIdentity(user.id, pending);
      logger.info({ userId: user.id, provider: pending.provider, issuer: pending.issuer, subject: pending.subject, how: 'password' }, 'SSO identity linked');
    },

    /** How a user signs in: their identities (LTI platforms, SAML IdPs, CAS servers) and whether they have a password. */
    async signInMethods(userId: number): Promise<{ identities: UserIdentity[]; hasPassword: boolean }> {
      const [list, hash] = await Promise.all([identities.listForUser(userId), users.passwordHashOf(userId)]);
      return { identities: list, hasPassword: hash !== null };
    },
  };
}

export type SsoLoginService = ReturnType<typeof createSsoLoginService>;
