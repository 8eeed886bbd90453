/**
 * An identity a user signed in with elsewhere: an LTI platform (issuer + `sub`), a SAML IdP
 * (entity id + the configured user key, e.g. eduPersonPrincipalName) or a CAS server (its URL +
 * the user id it validated). `username` is the platform's own login name when it sends one
 * (Moodle's `ext.user_username` in LTI launches): the Moodle bridge maps Moodle usernames
 * through it. The sign-in adapters record identities; the bridge only reads them.
 */
export const IDENTITY_PROVIDERS = ['lti', 'saml', 'cas'] as const;
export type IdentityProvider = (typeof IDENTITY_PROVIDERS)[number];

export interface UserIdentity {
  readonly userId: number;
  readonly provider: IdentityProvider;
  readonly issuer: string;
  readonly subject: string;
  readonly username: string | null;
}

export interface IdentityMatch {
  readonly provider: IdentityProvider;
  /** Compare with the platform's login name (`username`) or with the subject. */
  readonly field: 'username' | 'subject';
  readonly value: string;
  /** Only identities from this issuer; null: any. */
  readonly issuer: string | null;
}

/** Port: users' identities with LTI platforms, SAML IdPs and CAS servers. */
export interface UserIdentityRepository {
  /** Records (or refreshes) an identity; the (provider, issuer, subject) triple names one user. */
  record(identity: UserIdentity): Promise<void>;
  /** Ids of the site's users with a matching identity (case-insensitive), at most a few. */
  findUserIds(siteId: number, match: IdentityMatch): Promise<number[]>;
  listForUser(userId: number): Promise<UserIdentity[]>;
  /** The user of exactly this identity (sign-in), or null. */
  userOf(provider: IdentityProvider, issuer: string, subject: string): Promise<number | null>;
  /** Forgets this user's identity; false when the user had no such identity. */
  remove(identity: Pick<UserIdentity, 'userId' | 'provider' | 'issuer' | 'subject'>): Promise<boolean>;
}
