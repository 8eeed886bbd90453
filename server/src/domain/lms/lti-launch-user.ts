import type { DomainLogger } from '../logger.js';
import type { UserIdentityRepository } from '../users/user-identity.js';
import type { UserRepository } from '../users/user-repository.js';
import { derivedUsername } from '../users/derived-username.js';
import type { User } from '../users/user.js';
import type { LtiPlatform } from './lti-platform.js';
import { lecternRoleFromLti } from './lti-roles.js';

/** Who launched, as the platform's verified id_token says. */
export interface LaunchPerson {
  /** `sub`: with the issuer, the identity. */
  readonly subject: string;
  readonly givenName?: string;
  readonly familyName?: string;
  readonly name?: string;
  readonly email?: string;
  readonly roles: readonly string[];
  /** Moodle's `ext.user_username` (the Moodle bridge's username mapping reads it). */
  readonly platformUsername?: string;
}

const MAX_NAME = 150;

/**
 * A username for a new LTI user: the platform's username when it has one (else "lti"), made
 * safe, plus a hash of issuer and subject, so that it never collides with a local account of
 * the same name (people are never merged by a name or an address). Pure.
 */
export function ltiUsername(issuer: string, person: Pick<LaunchPerson, 'subject' | 'platformUsername'>): string {
  return derivedUsername(person.platformUsername ?? '', 'lti', issuer, person.subject);
}

/** First and last names from the claims, falling back on splitting `name`. Pure. */
export function namesOf(person: Pick<LaunchPerson, 'givenName' | 'familyName' | 'name'>): { firstName: string; lastName: string } {
  const cut = (text: string | undefined) => (text ?? '').trim().slice(0, MAX_NAME);
  if (person.givenName || person.familyName) return { firstName: cut(person.givenName), lastName: cut(person.familyName) };
  const [first = '', ...rest] = cut(person.name).split(/\s+/);
  return { firstName: first, lastName: rest.join(' ') };
}

/**
 * The Lectern user behind a launch: found by (issuer, sub) among LTI identities, else created
 * (auth type lti, no password); names, e-mail and role refreshed from each launch (the role
 * never goes down); the identity and the platform's username recorded.
 */
export function createLtiLaunchUsers(deps: { users: UserRepository; identities: UserIdentityRepository; logger: DomainLogger }) {
  const { users, identities, logger } = deps;

  async function existing(platform: LtiPlatform, subject: string): Promise<User | null> {
    const userId = await identities.userOf('lti', platform.issuer, subject);
    const user = userId === null ? null : await users.findById(userId);
    // An identity of another site's user (a platform moved between sites) is not this site's.
    return user && user.siteId === platform.siteId ? user : null;
  }

  return {
    async resolve(platform: LtiPlatform, person: LaunchPerson): Promise<User> {
      const { firstName, lastName } = namesOf(person);
      const email = (person.email ?? '').trim().slice(0, 254);
      const found = await existing(platform, person.subject);
      let user: User | null;
      if (found) {
        const profile = { firstName: firstName || found.firstName, lastName: lastName || found.lastName, email: email || found.email, role: lecternRoleFromLti(person.roles, found.role) };
        const changed = profile.firstName !== found.firstName || profile.lastName !== found.lastName || profile.email !== found.email || profile.role !== found.role;
        user = changed ? await users.updateProfile(found.id, profile) : found;
      } else {
        user = await users.insert({ siteId: platform.siteId, username: ltiUsername(platform.issuer, person), firstName, lastName, email, affiliation: 'member', role: lecternRoleFromLti(person.roles, null), authType: 'lti', passwordHash: null });
        if (user) logger.info({ userId: user.id, platformId: platform.id }, 'user created from an LTI launch');
      }
      if (!user) throw new Error(`the LTI user ${person.subject} of ${platform.issuer} could not be saved`);
      await identities.record({ userId: user.id, provider: 'lti', issuer: platform.issuer, subject: person.subject, username: person.platformUsername?.slice(0, 255) || null });
      return user;
    },
  };
}

export type LtiLaunchUsers = ReturnType<typeof createLtiLaunchUsers>;
