import { normaliseAttributes } from '../../server/src/domain/sso/sso-attributes.js';
import type { SsoAssertion } from '../../server/src/domain/sso/sso.js';

export const TEST_IDP = 'https://idp.univ.example/idp/shibboleth';
export const TEST_CAS = 'https://cas.univ.example/cas';

export const OID = {
  eppn: 'urn:oid:1.3.6.1.4.1.5923.1.1.1.6',
  mail: 'urn:oid:0.9.2342.19200300.100.1.3',
  givenName: 'urn:oid:2.5.4.42',
  sn: 'urn:oid:2.5.4.4',
  affiliation: 'urn:oid:1.3.6.1.4.1.5923.1.1.1.1',
  primaryAffiliation: 'urn:oid:1.3.6.1.4.1.5923.1.1.1.5',
} as const;

/** A verified SAML sign-in as the SP hands it over (OID attributes, normalised). */
export function samlAssertion(eppn: string | null, raw: Record<string, unknown> = {}, options: Partial<Omit<SsoAssertion, 'attributes'>> = {}): SsoAssertion {
  const person = { [OID.givenName]: 'Jean', [OID.sn]: 'Dupont', [OID.mail]: 'jean.dupont@univ.example', [OID.affiliation]: ['student', 'member'], ...(eppn ? { [OID.eppn]: eppn } : {}), ...raw };
  return { provider: 'saml', siteId: 1, issuer: TEST_IDP, nameId: '_transient', nameIdFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient', sessionIndex: '_session-1', ...options, attributes: normaliseAttributes(person) };
}

/** A validated CAS ticket as the CAS client hands it over. */
export function casAssertion(user: string, raw: Record<string, unknown> = {}, options: Partial<Omit<SsoAssertion, 'attributes'>> = {}): SsoAssertion {
  return { provider: 'cas', siteId: 1, issuer: TEST_CAS, nameId: user, nameIdFormat: null, sessionIndex: 'ST-1-abc', ...options, attributes: normaliseAttributes(raw) };
}
