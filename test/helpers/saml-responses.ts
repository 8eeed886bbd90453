import { constants, createCipheriv, createPublicKey, createSign, publicEncrypt, randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { SignedXml } from 'xml-crypto';
import { generateSelfSignedCertificate, type SpCredentials } from '../../server/src/infra/saml/sp-certificate.js';

/**
 * A SAML identity provider inside the test process: Responses, LogoutRequests and
 * LogoutResponses built as Shibboleth or SimpleSAMLphp build them, signed with a test key
 * (xml-crypto directly; the SP under test verifies them through node-saml), the assertion
 * optionally encrypted for the SP (AES-256-GCM, key wrapped with RSA-OAEP).
 */

export const TEST_IDP_ENTITY_ID = 'https://idp.univ-test.fr/idp/shibboleth';
export const TEST_IDP_SSO_URL = 'https://idp.univ-test.fr/idp/profile/SAML2/Redirect/SSO';
export const TEST_IDP_SLO_URL = 'https://idp.univ-test.fr/idp/profile/SAML2/Redirect/SLO';

const NS = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  success: 'urn:oasis:names:tc:SAML:2.0:status:Success',
  transient: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
  uri: 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri',
  rsaSha256: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
};

let idpKeys: Promise<SpCredentials> | null = null;
let otherKeys: Promise<SpCredentials> | null = null;
/** The test IdP's signing pair (made once per test process). */
export const testIdpKeys = () => (idpKeys ??= generateSelfSignedCertificate('Lectern test IdP', 30));
/** Another IdP's pair: what it signs does not verify with the test IdP's certificate. */
export const otherIdpKeys = () => (otherKeys ??= generateSelfSignedCertificate('Another test IdP', 30));

const id = () => `_${randomBytes(16).toString('hex')}`;
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const instant = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** An enveloped signature of the element with this ID, placed right after its Issuer (as the SAML schema wants). */
export function signElement(xml: string, elementId: string, keys: SpCredentials): string {
  const signer = new SignedXml({ privateKey: keys.privateKeyPem, publicCert: keys.certificatePem, signatureAlgorithm: NS.rsaSha256, canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#' });
  signer.addReference({
    xpath: `//*[@ID='${elementId}']`,
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  signer.computeSignature(xml, { prefix: 'ds', location: { reference: `//*[@ID='${elementId}']/*[local-name()='Issuer']`, action: 'after' } });
  return signer.getSignedXml();
}

/** `<saml:EncryptedAssertion>` for the holder of `certificatePem`. */
function encryptAssertion(assertionXml: string, certificatePem: string): string {
  const key = randomBytes(32);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const encrypted = Buffer.concat([iv, cipher.update(assertionXml, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  const wrappedKey = publicEncrypt({ key: createPublicKey(certificatePem), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, key);
  return `<saml:EncryptedAssertion><xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#" Type="http://www.w3.org/2001/04/xmlenc#Element"><xenc:EncryptionMethod Algorithm="http://www.w3.org/2009/xmlenc11#aes256-gcm"/><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><xenc:EncryptedKey><xenc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"/><xenc:CipherData><xenc:CipherValue>${wrappedKey.toString('base64')}</xenc:CipherValue></xenc:CipherData></xenc:EncryptedKey></ds:KeyInfo><xenc:CipherData><xenc:CipherValue>${encrypted.toString('base64')}</xenc:CipherValue></xenc:CipherData></xenc:EncryptedData></saml:EncryptedAssertion>`;
}

export interface SamlResponseOptions {
  readonly keys: SpCredentials;
  /** The Response's Issuer (and the Assertion's, unless `assertionIssuer`). */
  readonly issuer: string;
  readonly assertionIssuer?: string;
  readonly inResponseTo: string | null;
  readonly audience: string;
  /** The SP's ACS: the SubjectConfirmationData Recipient, and the Destination unless `destination`. */
  readonly recipient: string;
  readonly destination?: string;
  readonly now?: Date;
  /** Conditions and SubjectConfirmationData NotOnOrAfter (default: five minutes from `now`). */
  readonly notOnOrAfter?: Date;
  readonly nameId?: string;
  readonly sessionIndex?: string;
  /** Values by attribute name (OIDs, URI NameFormat). */
  readonly attributes?: Readonly<Record<string, readonly string[]>>;
  readonly signResponse?: boolean;
  readonly signAssertion?: boolean;
  /** Encrypt the (signed) assertion for this SP certificate. */
  readonly encryptFor?: string;
}

function assertionXml(o: SamlResponseOptions, assertionId: string): string {
  const now = o.now ?? new Date();
  const until = instant(o.notOnOrAfter ?? new Date(now.getTime() + 5 * 60_000));
  const inResponseTo = o.inResponseTo ? ` InResponseTo="${escape(o.inResponseTo)}"` : '';
  const attributes = Object.entries(o.attributes ?? {})
    .map(([name, values]) => `<saml:Attribute Name="${escape(name)}" NameFormat="${NS.uri}">${values.map((value) => `<saml:AttributeValue xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:string">${escape(value)}</saml:AttributeValue>`).join('')}</saml:Attribute>`)
    .join('');
  return `<saml:Assertion xmlns:saml="${NS.assertion}" ID="${assertionId}" Version="2.0" IssueInstant="${instant(now)}"><saml:Issuer>${escape(o.assertionIssuer ?? o.issuer)}</saml:Issuer><saml:Subject><saml:NameID Format="${NS.transient}" NameQualifier="${escape(o.issuer)}" SPNameQualifier="${escape(o.audience)}">${escape(o.nameId ?? id())}</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${until}" Recipient="${escape(o.recipient)}"${inResponseTo}/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="${instant(new Date(now.getTime() - 60_000))}" NotOnOrAfter="${until}"><saml:AudienceRestriction><saml:Audience>${escape(o.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AuthnStatement AuthnInstant="${instant(now)}" SessionIndex="${escape(o.sessionIndex ?? id())}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>${attributes ? `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` : ''}</saml:Assertion>`;
}

/** A SAML Response as an IdP posts it (XML; `encodeSamlMessage` for the form field). */
export function samlResponseXml(o: SamlResponseOptions): string {
  const assertionId = id();
  let assertion = assertionXml(o, assertionId);
  if (o.signAssertion !== false) assertion = signElement(assertion, assertionId, o.keys);
  if (o.encryptFor) assertion = encryptAssertion(assertion, o.encryptFor);
  const responseId = id();
  const inResponseTo = o.inResponseTo ? ` InResponseTo="${escape(o.inResponseTo)}"` : '';
  const response = `<samlp:Response xmlns:samlp="${NS.protocol}" xmlns:saml="${NS.assertion}" ID="${responseId}" Version="2.0" IssueInstant="${instant(o.now ?? new Date())}" Destination="${escape(o.destination ?? o.recipient)}"${inResponseTo}><saml:Issuer>${escape(o.issuer)}</saml:Issuer><samlp:Status><samlp:StatusCode Value="${NS.success}"/></samlp:Status>${assertion}</samlp:Response>`;
  return o.signResponse === false ? response : signElement(response, responseId, o.keys);
}

export const encodeSamlMessage = (xml: string) => Buffer.from(xml, 'utf8').toString('base64');

/** The AuthnRequest (or LogoutRequest) inside an HTTP-Redirect URL. */
export function redirectMessageOf(location: string): { id: string; xml: string; params: URLSearchParams } {
  const params = new URL(location).searchParams;
  const encoded = params.get('SAMLRequest') ?? params.get('SAMLResponse');
  if (!encoded) throw new Error(`no SAML message in ${location}`);
  const xml = inflateRawSync(Buffer.from(encoded, 'base64')).toString('utf8');
  const requestId = /\sID="([^"]+)"/.exec(xml)?.[1];
  if (!requestId) throw new Error('the SAML message has no ID');
  return { id: requestId, xml, params };
}

/** A query string in the HTTP-Redirect binding, signed with `keys` (rsa-sha256) unless `sign` is false. */
export function redirectQuery(kind: 'SAMLRequest' | 'SAMLResponse', xml: string, keys: SpCredentials, options: { relayState?: string; sign?: boolean } = {}): string {
  const parts = [`${kind}=${encodeURIComponent(deflateRawSync(Buffer.from(xml, 'utf8')).toString('base64'))}`];
  if (options.relayState) parts.push(`RelayState=${encodeURIComponent(options.relayState)}`);
  if (options.sign === false) return parts.join('&');
  parts.push(`SigAlg=${encodeURIComponent(NS.rsaSha256)}`);
  const signature = createSign('RSA-SHA256').update(parts.join('&')).sign(keys.privateKeyPem, 'base64');
  return `${parts.join('&')}&Signature=${encodeURIComponent(signature)}`;
}

/** An IdP-initiated LogoutRequest for a NameID and SessionIndex. */
export function logoutRequestXml(o: { issuer: string; destination: string; nameId: string; sessionIndex?: string; now?: Date }): string {
  const now = o.now ?? new Date();
  const index = o.sessionIndex ? `<samlp:SessionIndex>${escape(o.sessionIndex)}</samlp:SessionIndex>` : '';
  return `<samlp:LogoutRequest xmlns:samlp="${NS.protocol}" xmlns:saml="${NS.assertion}" ID="${id()}" Version="2.0" IssueInstant="${instant(now)}" Destination="${escape(o.destination)}" NotOnOrAfter="${instant(new Date(now.getTime() + 5 * 60_000))}"><saml:Issuer>${escape(o.issuer)}</saml:Issuer><saml:NameID Format="${NS.transient}">${escape(o.nameId)}</saml:NameID>${index}</samlp:LogoutRequest>`;
}

/** The IdP's LogoutResponse to our LogoutRequest `inResponseTo`. */
export function logoutResponseXml(o: { issuer: string; destination: string; inResponseTo: string; status?: string }): string {
  return `<samlp:LogoutResponse xmlns:samlp="${NS.protocol}" xmlns:saml="${NS.assertion}" ID="${id()}" Version="2.0" IssueInstant="${instant(new Date())}" Destination="${escape(o.destination)}" InResponseTo="${escape(o.inResponseTo)}"><saml:Issuer>${escape(o.issuer)}</saml:Issuer><samlp:Status><samlp:StatusCode Value="${o.status ?? NS.success}"/></samlp:Status></samlp:LogoutResponse>`;
}

/** Whether the (one) enveloped XML signature of `xml` verifies with `certificatePem`. */
export function xmlSignatureValid(xml: string, certificatePem: string): boolean {
  const signature = /<(\w+:)?Signature[\s>][\s\S]*?<\/(\w+:)?Signature>/.exec(xml)?.[0];
  if (!signature) return false;
  const verifier = new SignedXml({ publicCert: certificatePem });
  verifier.loadSignature(signature);
  try {
    return verifier.checkSignature(xml);
  } catch (error) {
    // xml-crypto throws when the signature value does not verify (and answers false for a changed digest): both are "invalid".
    if (error instanceof Error && /invalid signature/i.test(error.message)) return false;
    throw error;
  }
}
