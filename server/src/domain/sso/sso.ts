/**
 * Single sign-on, the shapes every part shares: a verified sign-in from a SAML IdP or a CAS
 * server (an assertion, before identity mapping) and the record of the local session it opened
 * (for single logout). The SAML service provider (infra/saml) and the CAS client (infra/cas)
 * produce assertions; the sign-in service (sso-login-service.ts) maps them to users.
 */
export const SSO_PROVIDERS = ['saml', 'cas'] as const;
export type SsoProvider = (typeof SSO_PROVIDERS)[number];

/**
 * Attributes released by the IdP or the CAS server, keyed by friendly name
 * (`eduPersonPrincipalName`, `mail`, `givenName`, `eduPersonAffiliation`…): SAML OIDs are
 * translated (sso-attributes.ts); every value is a list, even a single one.
 */
export type SsoAttributes = Readonly<Record<string, readonly string[]>>;

/** A verified sign-in, as the protocol delivered it. */
export interface SsoAssertion {
  readonly provider: SsoProvider;
  readonly siteId: number;
  /** The IdP's entity id, or the CAS server's base URL: with the user key, the identity. */
  readonly issuer: string;
  /** SAML NameID, or CAS `<cas:user>`. */
  readonly nameId: string | null;
  readonly nameIdFormat: string | null;
  /** SAML SessionIndex, or the CAS service ticket (CAS single logout names it). */
  readonly sessionIndex: string | null;
  readonly attributes: SsoAttributes;
}

/** Which SSO sign-in opened a local session (table sso_sessions). */
export interface SsoSessionRecord {
  readonly sessionId: string;
  readonly provider: SsoProvider;
  readonly issuer: string;
  readonly userId: number;
  readonly nameId: string | null;
  readonly nameIdFormat: string | null;
  readonly sessionIndex: string | null;
}

/** Which sessions a single-logout request names: by SessionIndex (or CAS ticket) and/or NameID. */
export interface SsoSessionMatch {
  readonly provider: SsoProvider;
  readonly issuer: string;
  readonly sessionIndex?: string | null;
  readonly nameId?: string | null;
}

/** Port: the sso_sessions table; a row goes away with its session (ON DELETE CASCADE). */
export interface SsoSessionRepository {
  record(session: SsoSessionRecord): Promise<void>;
  findBySessionId(sessionId: string): Promise<SsoSessionRecord | null>;
  /** Ends (deletes from the session store) every local session the match names; how many. */
  endSessions(match: SsoSessionMatch): Promise<number>;
}

/**
 * Port: where to send a browser that signs out of Lectern so that it also signs out of the
 * IdP / CAS server that signed it in (a SAML LogoutRequest URL, CAS /logout), or null when that
 * server has no logout endpoint. Implemented by the SAML SP and the CAS client.
 */
export interface SsoSignOut {
  signOutUrl(session: SsoSessionRecord): Promise<string | null>;
}
