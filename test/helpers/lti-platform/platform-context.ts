import type { JwksFetcher, SigningKey } from './keys.js';
import type { PlatformState } from './platform-state.js';

/** Moodle's fixed paths under the site root (moodle-observed §6.1). */
export const moodlePath = {
  auth: '/mod/lti/auth.php',
  token: '/mod/lti/token.php',
  certs: '/mod/lti/certs.php',
  openidConfiguration: '/mod/lti/openid-configuration.php',
  registration: '/mod/lti/openid-registration.php',
  services: '/mod/lti/services.php',
  basicOutcome: '/mod/lti/service.php',
} as const;

export interface PlatformEndpoints {
  readonly auth: string;
  readonly token: string;
  readonly jwks: string;
  readonly openidConfiguration: string;
  readonly registration: string;
  readonly services: string;
}

/** Behaviour switches; the defaults are Moodle 5.0's. */
export interface PlatformBehaviour {
  /** Refuse scoreGiven > scoreMaximum with 400. AGS 2.0 and Moodle accept it (extra credit). */
  readonly refuseExtraCredit: boolean;
  /** Page NRPS answers at this size even when the tool sends no `limit` (0: only on request). */
  readonly membershipPageSize: number;
  /** Seconds of clock skew allowed on iat/exp of JWTs the double receives (php-jwt default 0). */
  readonly leeway: number;
}

/** What every handler shares: identity, keys, clock, state. */
export interface PlatformContext {
  readonly issuer: string;
  readonly endpoints: PlatformEndpoints;
  readonly state: PlatformState;
  /** The key the platform signs with (its kid is in certs.php). */
  readonly signingKey: SigningKey;
  /** Keys published in certs.php (the signing key first). */
  readonly publishedKeys: SigningKey[];
  /** Seconds since the epoch; tests may move it. */
  now(): number;
  readonly siteIdentifier: string;
  readonly sesskey: string;
  readonly release: string;
  readonly versionNumber: string;
  readonly fetchJwks: JwksFetcher;
  readonly behaviour: PlatformBehaviour;
}

export function endpointsFor(issuer: string): PlatformEndpoints {
  return {
    auth: issuer + moodlePath.auth,
    token: issuer + moodlePath.token,
    jwks: issuer + moodlePath.certs,
    openidConfiguration: issuer + moodlePath.openidConfiguration,
    registration: issuer + moodlePath.registration,
    services: issuer + moodlePath.services,
  };
}

/** `.../services.php/<course>/lineitems?type_id=<type>` as Moodle's $LineItems.url resolves. */
export function lineItemsUrl(ctx: PlatformContext, courseId: string, typeId: string): string {
  return `${ctx.endpoints.services}/${courseId}/lineitems?type_id=${typeId}`;
}

/** `.../lineitems/<id>/lineitem?type_id=<type>`: a line item's id and URL. */
export function lineItemUrl(ctx: PlatformContext, courseId: string, itemId: string, typeId: string): string {
  return `${ctx.endpoints.services}/${courseId}/lineitems/${itemId}/lineitem?type_id=${typeId}`;
}

export function membershipsUrl(ctx: PlatformContext, courseId: string, typeId: string): string {
  return `${ctx.endpoints.services}/CourseSection/${courseId}/bindings/${typeId}/memberships`;
}
