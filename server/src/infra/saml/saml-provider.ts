/**
 * Our SAML 2.0 service provider: the only importer of @node-saml/*. We use the `SAML` class that
 * @node-saml/passport-saml exports (its Strategy is a thin wrapper around it) rather than the
 * passport Strategy: the Strategy would sign the person in through passport from inside the
 * library, while our login flow (http/sso/sso-login-flow.ts) first maps the attributes, links
 * or creates the user and records the session for single logout. So nothing here touches
 * Express types, and the ACS works without the session cookie (SameSite=Lax: the IdP's
 * cross-site POST arrives without it): which request a response answers, and what we meant
 * to do, come from the database (saml-request-cache.ts), keyed by InResponseTo.
 */
import { generateServiceProviderMetadata, SAML, SamlStatusError, ValidateInResponseTo, type Profile } from '@node-saml/passport-saml';
import type { SamlIdp, SamlIdpDirectory } from '../../domain/sso/saml-idp.js';
import { normaliseAttributes } from '../../domain/sso/sso-attributes.js';
import type { SsoAssertion, SsoAttributes, SsoSessionMatch, SsoSessionRecord, SsoSignOut } from '../../domain/sso/sso.js';
import { decodeSamlMessage, summariseSamlMessage, type SamlMessageSummary } from './saml-message.js';
import { NAME_ID_FORMAT, SAML_PATHS, samlOptionsFor, samlUrl, type SamlSpSettings } from './saml-options.js';
import { refusalOf, SamlRefusedError } from './saml-refusal.js';
import { takenRequestProvider, type SamlCacheProvider, type SamlRequestCache } from './saml-request-cache.js';
import type { SpCredentials } from './sp-certificate.js';

export interface SamlLoginIntent {
  readonly next: string;
  /** A signed-in user linking their account to this IdP (`link=1`), or null. */
  readonly linkUserId: number | null;
}

/** How the browser goes to the IdP: a redirect (HTTP-Redirect binding) or a form it posts (HTTP-POST). */
export type SamlStart = { readonly kind: 'redirect'; readonly url: string } | { readonly kind: 'post'; readonly action: string; readonly fields: Readonly<Record<string, string>> };

export interface SamlLogin {
  readonly idp: SamlIdp;
  readonly assertion: SsoAssertion;
  readonly intent: SamlLoginIntent;
}

export type SamlLogoutMessage =
  /** The IdP ends the person's session: end ours (`match`), then send the browser to `respond()` (null: the IdP takes no answer). */
  | { readonly kind: 'logout_request'; readonly idp: SamlIdp; readonly match: SsoSessionMatch; respond(): Promise<string | null> }
  /** The IdP's answer to our own LogoutRequest. */
  | { readonly kind: 'logout_response'; readonly idp: SamlIdp };

export interface SamlLogoutInput {
  readonly method: 'GET' | 'POST';
  /** The query (GET, HTTP-Redirect binding) or the form (POST binding). */
  readonly params: Readonly<Record<string, unknown>>;
  /** The query string exactly as received: a redirect signature covers its encoded bytes. */
  readonly rawQuery: string;
}

export interface SamlServiceProvider extends SsoSignOut {
  readonly entityId: string;
  metadata(): Promise<string>;
  startLogin(idp: SamlIdp, intent: SamlLoginIntent): Promise<SamlStart>;
  /** A POST to the ACS, verified, or a SamlRefusedError saying why not. */
  acceptResponse(form: Readonly<Record<string, unknown>>): Promise<SamlLogin>;
  acceptLogoutMessage(input: SamlLogoutInput): Promise<SamlLogoutMessage>;
}

export interface SamlProviderDeps {
  readonly settings: Omit<SamlSpSettings, 'credentials'>;
  /** Read (or generated) on first use, then kept. */
  readonly credentials: () => Promise<SpCredentials>;
  readonly requests: SamlRequestCache;
  readonly idps: SamlIdpDirectory;
  /** The site whose IdPs sign people in on the web: logout messages name their IdP by entity id. */
  readonly siteId: number;
}

const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
const UNSPECIFIED_NAME_ID = 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';
const STRONG_REDIRECT_SIGNATURE = /#rsa-sha(256|384|512)$/;

const refused = (reason: SamlRefusedError['reason'], detail: string) => new SamlRefusedError(reason, detail);

/** The SP metadata (entityID, ACS, single logout, signing and encryption certificates); unsigned, the federation signs its aggregate. */
export function spMetadata(settings: Pick<SamlSpSettings, 'entityId' | 'publicUrl'>, credentials: SpCredentials): string {
  const sloUrl = samlUrl(settings.publicUrl, SAML_PATHS.slo);
  const xml = generateServiceProviderMetadata({
    issuer: settings.entityId,
    callbackUrl: samlUrl(settings.publicUrl, SAML_PATHS.acs),
    logoutCallbackUrl: sloUrl,
    identifierFormat: NAME_ID_FORMAT,
    wantAssertionsSigned: true,
    privateKey: credentials.privateKeyPem,
    publicCerts: credentials.certificatePem,
    decryptionPvk: credentials.privateKeyPem,
    decryptionCert: credentials.certificatePem,
    signatureAlgorithm: 'sha256',
    digestAlgorithm: 'sha256',
  });
  // node-saml lists the HTTP-POST single-logout endpoint only; /sso/saml/slo takes HTTP-Redirect too.
  const post = /<SingleLogoutService [^>]*\/>/.exec(xml);
  if (!post) throw new Error('node-saml metadata has no SingleLogoutService');
  const redirect = post[0].replace('bindings:HTTP-POST', 'bindings:HTTP-Redirect');
  return xml.replace(post[0], `${post[0]}\n    ${redirect}`);
}

type XmlJs = { $?: Record<string, string>; _?: string } & { [child: string]: XmlJs[] | unknown };

function children(node: unknown, name: string): XmlJs[] {
  const value = node && typeof node === 'object' ? (node as Record<string, unknown>)[name] : undefined;
  return Array.isArray(value) ? (value as XmlJs[]) : [];
}

/** Recipient of each bearer SubjectConfirmationData of the verified assertion. */
function recipientsOf(profile: Profile): string[] {
  const assertion = (profile.getAssertion?.() as { Assertion?: unknown } | undefined)?.Assertion;
  return children(assertion, 'Subject')
    .flatMap((subject) => children(subject, 'SubjectConfirmation'))
    .flatMap((confirmation) => children(confirmation, 'SubjectConfirmationData'))
    .flatMap((data) => (data.$?.['Recipient'] ? [data.$['Recipient']] : []));
}

/** Attributes by friendly name (OIDs translated), every value a list of strings (sso-attributes.ts). */
function attributesOf(profile: Profile): SsoAttributes {
  const released = profile['attributes'];
  return released && typeof released === 'object' ? normaliseAttributes(released as Record<string, unknown>) : {};
}

/** What node-saml does not check: who the response is from, and for whom. */
function checkSenderAndRecipient(summary: SamlMessageSummary, profile: Profile, idp: SamlIdp, acsUrl: string): void {
  if (summary.issuer !== null && summary.issuer !== idp.entityId) throw refused('issuer', `the Response's Issuer is ${summary.issuer}, the request went to ${idp.entityId}`);
  if (profile.issuer !== idp.entityId) throw refused('issuer', `the Assertion's Issuer is ${String(profile.issuer)}, the request went to ${idp.entityId}`);
  if (summary.destination !== null && summary.destination !== acsUrl) throw refused('not_for_us', `the Response's Destination is ${summary.destination}`);
  const recipients = recipientsOf(profile);
  if (!recipients.includes(acsUrl)) throw refused('not_for_us', `the assertion's Recipient is ${recipients.join(', ') || 'missing'}`);
}

function toAssertion(idp: SamlIdp, profile: Profile): SsoAssertion {
  return {
    provider: 'saml',
    siteId: idp.siteId,
    issuer: idp.entityId,
    nameId: profile.nameID || null,
    nameIdFormat: profile.nameIDFormat || null,
    sessionIndex: profile.sessionIndex ?? null,
    attributes: attributesOf(profile),
  };
}

function requireSignature(input: SamlLogoutInput, summary: SamlMessageSummary): void {
  if (input.method === 'POST') {
    if (!summary.signed) throw refused('unsigned', `the ${summary.root} is not signed`);
    return;
  }
  const { Signature: signature, SigAlg: algorithm } = input.params;
  if (typeof signature !== 'string' || typeof algorithm !== 'string') throw refused('unsigned', `the ${summary.root} is not signed`);
  if (!STRONG_REDIRECT_SIGNATURE.test(algorithm)) throw refused('signature', `signature algorithm ${algorithm} is not accepted`);
}

/** The redirect binding's parameters, as node-saml reads them. */
function redirectContainer(params: SamlLogoutInput['params']): Record<string, string> {
  const names = ['SAMLRequest', 'SAMLResponse', 'RelayState', 'SigAlg', 'Signature'];
  return Object.fromEntries(names.flatMap((name) => (typeof params[name] === 'string' ? [[name, params[name]]] : [])));
}

/** Runs node-saml's check, turning its errors into refusals. */
async function verified<T>(check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    throw refusalOf(error, error instanceof SamlStatusError);
  }
}

export function createSamlServiceProvider(deps: SamlProviderDeps): SamlServiceProvider {
  const { settings, requests, idps } = deps;
  const acsUrl = samlUrl(settings.publicUrl, SAML_PATHS.acs);
  let loading: Promise<SpCredentials> | null = null;
  const credentials = () => {
    loading ??= deps.credentials().catch((error: unknown) => {
      loading = null;
      throw error;
    });
    return loading;
  };
  const samlFor = async (idp: SamlIdp, cacheProvider: SamlCacheProvider, overrides: { skipRequestCompression?: boolean; validateInResponseTo?: ValidateInResponseTo } = {}) =>
    new SAML({ ...samlOptionsFor({ ...settings, credentials: await credentials() }, idp), validateInResponseTo: ValidateInResponseTo.always, cacheProvider, ...overrides });

  async function logoutRequest(input: SamlLogoutInput, summary: SamlMessageSummary, message: string): Promise<SamlLogoutMessage> {
    const idp = summary.issuer ? await idps.findByEntityId(deps.siteId, summary.issuer) : null;
    if (!idp?.enabled) throw refused('issuer', `LogoutRequest from an unknown or disabled IdP: ${summary.issuer ?? 'no Issuer'}`);
    requireSignature(input, summary);
    const saml = await samlFor(idp, requests.providerFor({ kind: 'logout', idpId: idp.id }));
    const { profile } = await verified(() => (input.method === 'GET' ? saml.validateRedirectAsync(redirectContainer(input.params), input.rawQuery) : saml.validatePostRequestAsync({ SAMLRequest: message })));
    if (!profile) throw refused('malformed', 'the LogoutRequest names nobody');
    const relayState = typeof input.params['RelayState'] === 'string' ? input.params['RelayState'] : '';
    return {
      kind: 'logout_request',
      idp,
      match: { provider: 'saml', issuer: idp.entityId, nameId: profile.nameID || null, sessionIndex: profile.sessionIndex ?? null },
      // Our LogoutResponse goes by HTTP-Redirect (node-saml builds no other).
      respond: () => (idp.sloUrl && idp.sloBinding !== 'post' ? saml.getLogoutResponseUrlAsync(profile, relayState, {}, true) : Promise.resolve(null)),
    };
  }

  async function logoutResponse(input: SamlLogoutInput, summary: SamlMessageSummary, message: string): Promise<SamlLogoutMessage> {
    const pending = summary.inResponseTo ? await requests.take(summary.inResponseTo) : null;
    if (!pending || pending.intent.kind !== 'logout') throw refused('in_response_to', 'the LogoutResponse answers no pending logout request of ours');
    const idp = await idps.findById(pending.intent.idpId);
    if (!idp) throw refused('issuer', `IdP ${pending.intent.idpId}, which the logout request went to, is gone`);
    requireSignature(input, summary);
    const taken = takenRequestProvider(summary.inResponseTo!, pending);
    if (input.method === 'GET') {
      // node-saml checks the signature, the status, the Issuer and InResponseTo.
      await verified(async () => (await samlFor(idp, taken)).validateRedirectAsync(redirectContainer(input.params), input.rawQuery));
      return { kind: 'logout_response', idp };
    }
    // POST: node-saml checks the signature only (its InResponseTo lookup reads Response elements, so
    // it is off here: `take` above did it); the Issuer and status, now authentic, are checked here.
    await verified(async () => (await samlFor(idp, taken, { validateInResponseTo: ValidateInResponseTo.never })).validatePostResponseAsync({ SAMLResponse: message }));
    if (summary.issuer !== idp.entityId) throw refused('issuer', `the LogoutResponse's Issuer is ${summary.issuer ?? 'missing'}`);
    if (summary.status !== SUCCESS) throw refused('status', `the IdP answered ${summary.status ?? 'no status'}`);
    return { kind: 'logout_response', idp };
  }

  return {
    entityId: settings.entityId,

    async metadata() {
      return spMetadata(settings, await credentials());
    },

    async startLogin(idp, intent) {
      const cache = requests.providerFor({ kind: 'login', idpId: idp.id, next: intent.next, linkUserId: intent.linkUserId });
      if (idp.ssoBinding === 'redirect') return { kind: 'redirect', url: await (await samlFor(idp, cache)).getAuthorizeUrlAsync('', undefined, {}) };
      // HTTP-POST carries the XML signed and base64-encoded, not DEFLATEd (node-saml deflates unless told).
      const saml = await samlFor(idp, cache, { skipRequestCompression: true });
      const message = await saml.getAuthorizeMessageAsync('', undefined, {});
      const fields = Object.fromEntries(Object.entries(message).map(([name, value]) => [name, String(value)]));
      return { kind: 'post', action: idp.ssoUrl, fields };
    },

    async acceptResponse(form) {
      const xml = await decodeSamlMessage(form['SAMLResponse'], false);
      const summary = summariseSamlMessage(xml);
      if (summary.root !== 'Response') throw refused('malformed', `a ${summary.root} was posted to the ACS`);
      if (!summary.inResponseTo) throw refused('in_response_to', 'the Response answers no request (unsolicited)');
      // Taken, so that it is answered once: a replayed response finds nothing.
      const pending = await requests.take(summary.inResponseTo);
      if (!pending || pending.intent.kind !== 'login') throw refused('in_response_to', 'the Response answers no pending sign-in request of ours (unknown, already answered, or expired)');
      const { idpId, next, linkUserId } = pending.intent;
      const idp = await idps.findById(idpId);
      if (!idp?.enabled) throw refused('issuer', `IdP ${idpId}, which the request went to, is gone or disabled`);
      if (summary.status !== null && summary.status !== SUCCESS) throw refused('status', `the IdP answered ${summary.status}`);
      if (summary.assertion === 'none' || summary.assertion === 'several') throw refused('malformed', `the Response carries ${summary.assertion === 'none' ? 'no' : 'several'} assertions`);
      // A signed Response, or else a signed Assertion (node-saml then checks that one: saml-options.ts).
      if (!summary.signed && summary.assertion === 'unsigned') throw refused('unsigned', 'neither the Response nor its Assertion is signed');
      const saml = await samlFor(idp, takenRequestProvider(summary.inResponseTo, pending));
      const { profile } = await verified(() => saml.validatePostResponseAsync({ SAMLResponse: String(form['SAMLResponse']) }));
      if (!profile) throw refused('malformed', 'the Response carries no assertion');
      checkSenderAndRecipient(summary, profile, idp, acsUrl);
      return { idp, intent: { next, linkUserId }, assertion: toAssertion(idp, profile) };
    },

    async acceptLogoutMessage(input) {
      const isRequest = input.params['SAMLRequest'] !== undefined;
      const message = isRequest ? input.params['SAMLRequest'] : input.params['SAMLResponse'];
      const summary = summariseSamlMessage(await decodeSamlMessage(message, input.method === 'GET'));
      if (isRequest && summary.root === 'LogoutRequest') return logoutRequest(input, summary, String(message));
      if (!isRequest && summary.root === 'LogoutResponse') return logoutResponse(input, summary, String(message));
      throw refused('malformed', `a ${summary.root} was sent to the single-logout endpoint`);
    },

    async signOutUrl(session: SsoSessionRecord) {
      if (session.provider !== 'saml' || !session.nameId) return null;
      const idp = await idps.findByEntityId(deps.siteId, session.issuer);
      if (!idp?.enabled || !idp.sloUrl || idp.sloBinding === 'post') return null;
      const saml = await samlFor(idp, requests.providerFor({ kind: 'logout', idpId: idp.id }));
      const subject = { issuer: idp.entityId, nameID: session.nameId, nameIDFormat: session.nameIdFormat ?? UNSPECIFIED_NAME_ID, sessionIndex: session.sessionIndex ?? undefined };
      return saml.getLogoutUrlAsync(subject, '', {});
    },
  };
}
