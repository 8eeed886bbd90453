import type { SamlIdp } from '../../domain/sso/saml-idp.js';
import type { SpCredentials } from './sp-certificate.js';

/**
 * The node-saml options of our service provider for one IdP, as a pure function of our settings
 * and the IdP's metadata (saml-provider.ts adds the request cache and hands them to node-saml).
 */

/** Our SAML endpoints (one ACS and one single-logout URL for every IdP). */
export const SAML_PATHS = Object.freeze({
  metadata: '/sso/saml/metadata',
  login: '/sso/saml/login',
  acs: '/sso/saml/acs',
  slo: '/sso/saml/slo',
});

export interface SamlSpSettings {
  /** Our entityID (SAML_SP_ENTITY_ID): the Issuer of our requests and the Audience we accept. */
  readonly entityId: string;
  /** PUBLIC_URL, without a final slash: endpoints are built from it, never from the Host header. */
  readonly publicUrl: string;
  readonly clockSkewMs: number;
  /** How long an AuthnRequest (or LogoutRequest) id stays acceptable, once. */
  readonly requestTtlMs: number;
  /** One key pair signs our messages and decrypts assertions; its certificate is in our metadata. */
  readonly credentials: SpCredentials;
}

/**
 * Requested NameID format. Transient: every Shibboleth IdP of the Renater federation releases
 * it by default and SimpleSAMLphp honours it, so no IdP answers InvalidNameIDPolicy; we never key
 * users on the NameID (eduPersonPrincipalName is the key), we only hand it back for single
 * logout, which is what a transient id is for. (null would let each IdP pick, persistent
 * included: a pairwise id we would store for nothing.)
 */
export const NAME_ID_FORMAT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient';

/** The shape node-saml's SamlConfig takes (checked structurally where it is used). */
export interface SamlIdpOptions {
  readonly issuer: string;
  readonly callbackUrl: string;
  readonly audience: string;
  readonly entryPoint: string;
  readonly authnRequestBinding: 'HTTP-Redirect' | 'HTTP-POST';
  readonly idpCert: string[];
  readonly idpIssuer: string;
  /** The IdP's single-logout endpoint (where our LogoutRequests and LogoutResponses go). */
  readonly logoutUrl?: string;
  /** Ours, published in the metadata. */
  readonly logoutCallbackUrl: string;
  readonly privateKey: string;
  readonly publicCert: string;
  readonly decryptionPvk: string;
  readonly signatureAlgorithm: 'sha256';
  readonly digestAlgorithm: 'sha256';
  readonly wantAssertionsSigned: false;
  readonly wantAuthnResponseSigned: false;
  readonly acceptedClockSkewMs: number;
  readonly validateInResponseTo: 'always';
  readonly requestIdExpirationPeriodMs: number;
  readonly identifierFormat: string;
  readonly disableRequestedAuthnContext: true;
}

/** `https://lectern.example.fr` + a SAML path. */
export function samlUrl(publicUrl: string, path: (typeof SAML_PATHS)[keyof typeof SAML_PATHS]): string {
  return `${publicUrl}${path}`;
}

export function samlOptionsFor(sp: SamlSpSettings, idp: SamlIdp): SamlIdpOptions {
  return {
    issuer: sp.entityId,
    callbackUrl: samlUrl(sp.publicUrl, SAML_PATHS.acs),
    audience: sp.entityId,
    entryPoint: idp.ssoUrl,
    authnRequestBinding: idp.ssoBinding === 'post' ? 'HTTP-POST' : 'HTTP-Redirect',
    idpCert: [...idp.certificates],
    // Logout messages must come from the IdP we hold the session of (node-saml checks their Issuer).
    idpIssuer: idp.entityId,
    ...(idp.sloUrl ? { logoutUrl: idp.sloUrl } : {}),
    logoutCallbackUrl: samlUrl(sp.publicUrl, SAML_PATHS.slo),
    privateKey: sp.credentials.privateKeyPem,
    publicCert: sp.credentials.certificatePem,
    decryptionPvk: sp.credentials.privateKeyPem,
    signatureAlgorithm: 'sha256',
    digestAlgorithm: 'sha256',
    // A signed Response, or else a signed Assertion, is required — never neither. With both flags
    // false node-saml 5.1 still refuses a response without a valid signature on the Response and
    // then checks the (decrypted) Assertion's own: lib/saml.js `wantAssertionsSigned ||
    // !validSignature`. Shibboleth IdPs (most of Renater) sign the Response and encrypt an unsigned
    // Assertion by default; SimpleSAMLphp signs the Assertion. Our metadata still asks for signed
    // assertions (WantAssertionsSigned="true"), which Shibboleth honours.
    wantAssertionsSigned: false,
    wantAuthnResponseSigned: false,
    acceptedClockSkewMs: sp.clockSkewMs,
    validateInResponseTo: 'always',
    requestIdExpirationPeriodMs: sp.requestTtlMs,
    identifierFormat: NAME_ID_FORMAT,
    // No RequestedAuthnContext: node-saml would ask for exactly PasswordProtectedTransport, and an
    // IdP that signs people in otherwise (Kerberos, multi-factor) would answer NoAuthnContext.
    // How people authenticate is the institution's business.
    disableRequestedAuthnContext: true,
  };
}
