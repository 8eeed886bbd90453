import { createHash, randomBytes } from 'node:crypto';

/**
 * `api`: a user's key for Lectern's API (and, for administrators, Esup-Pod's). `bridge`: a key an
 * administrator made for one Moodle site or Pod script, accepted only by the Esup-Pod dialect
 * (`/rest/`), with the settings below.
 */
export const TOKEN_KINDS = ['api', 'bridge'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

/**
 * How the `username` a Moodle site sends is matched to a Lectern user: the same username, the
 * same e-mail address, or the login name / subject an LTI platform, SAML IdP or CAS server gave
 * when that user signed in to Lectern through it.
 */
export const USERNAME_MAPPINGS = ['username', 'email', 'lti', 'saml', 'cas'] as const;
export type UsernameMapping = (typeof USERNAME_MAPPINGS)[number];

export const DEFAULT_POD_PAGE_SIZE = 12;

export interface BridgeSettings {
  /** The site (tenant) the key works on; null: its user's site. */
  readonly siteId: number | null;
  readonly usernameMapping: UsernameMapping;
  /** LTI platform issuer, SAML IdP entity id or CAS server the identity must come from (null: any). */
  readonly identityIssuer: string | null;
  /** Items per page of Pod listings: must equal the Moodle plugin's `page_size`. */
  readonly pageSize: number;
}

export interface ApiToken extends BridgeSettings {
  readonly id: number;
  readonly userId: number;
  readonly kind: TokenKind;
  readonly name: string;
  readonly prefix: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  readonly revokedAt: Date | null;
}

/**
 * Keys are 40 hexadecimal characters, the shape of Esup-Pod's (Django REST framework) tokens,
 * so that Pod clients such as Moodle's repository_pod accept them. Only their SHA-256 is stored:
 * the key has 160 random bits, so a fast hash is enough.
 */
export function generateTokenKey(): string {
  return randomBytes(20).toString('hex');
}

export function hashTokenKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function tokenPrefix(key: string): string {
  return key.slice(0, 8);
}
