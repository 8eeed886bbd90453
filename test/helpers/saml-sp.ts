import { expect } from 'chai';
import type { Test } from 'supertest';
import type { SamlIdp } from '../../server/src/domain/sso/saml-idp.js';
import { configuredSpCredentials, type SpCredentials } from '../../server/src/infra/saml/sp-certificate.js';
import { encodeSamlMessage, redirectMessageOf, samlResponseXml, testIdpKeys, TEST_IDP_ENTITY_ID, TEST_IDP_SLO_URL, TEST_IDP_SSO_URL, type SamlResponseOptions } from './saml-responses.js';
import { insertSamlIdp } from './sso-factories.js';
import { buildTestApp, TEST_PUBLIC_URL, type TestApp } from './test-app.js';

/** What the test IdP releases about a teacher, as Renater's Shibboleth IdPs name it (OIDs). */
export const TEACHER_ATTRIBUTES = {
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.6': ['ada.lovelace@univ-test.fr'],
  'urn:oid:2.5.4.42': ['Ada'],
  'urn:oid:2.5.4.4': ['Lovelace'],
  'urn:oid:0.9.2342.19200300.100.1.3': ['ada.lovelace@univ-test.fr'],
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.1': ['faculty', 'member'],
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.5': ['faculty'],
};

export const ACS_URL = `${TEST_PUBLIC_URL}/sso/saml/acs`;
export const SLO_URL = `${TEST_PUBLIC_URL}/sso/saml/slo`;

/** A supertest agent, or `request(app)`. */
type Client = { get(url: string): Test };

export interface SamlWorld {
  readonly ctx: TestApp;
  /** The test IdP (HTTP-Redirect SSO and single logout), trusting the test IdP key. */
  readonly idp: SamlIdp;
  readonly idpKeys: SpCredentials;
  /** Our SP's pair (generated in the test app's var/secrets). */
  readonly sp: SpCredentials;
  /** Starts a sign-in at the test IdP: the AuthnRequest id the response must answer. */
  startLogin(client: Client, query?: string): Promise<string>;
  /** A Response to `requestId` from the test IdP (base64, for the SAMLResponse field), as `overrides` change it. */
  response(requestId: string | null, overrides?: Partial<SamlResponseOptions>): string;
}

export async function samlWorld(env: Record<string, string> = {}): Promise<SamlWorld> {
  const ctx = await buildTestApp(env);
  const idpKeys = await testIdpKeys();
  const idp = await insertSamlIdp(ctx.database.db, { entityId: TEST_IDP_ENTITY_ID, ssoUrl: TEST_IDP_SSO_URL, sloUrl: TEST_IDP_SLO_URL, certificates: [idpKeys.certificatePem] });
  const sp = await configuredSpCredentials(ctx.config);
  return {
    ctx,
    idp,
    idpKeys,
    sp,
    async startLogin(client, query = '') {
      const res = await client.get(`/sso/saml/login?idp=${idp.id}${query}`).expect(303);
      expect(res.headers.location).to.match(new RegExp(`^${TEST_IDP_SSO_URL}\\?`));
      return redirectMessageOf(res.headers.location!).id;
    },
    response(requestId, overrides = {}) {
      const xml = samlResponseXml({ keys: idpKeys, issuer: idp.entityId, inResponseTo: requestId, audience: ctx.config.saml.entityId, recipient: ACS_URL, attributes: TEACHER_ATTRIBUTES, ...overrides });
      return encodeSamlMessage(xml);
    },
  };
}

/** How many SSO sessions the database holds. */
export async function ssoSessionCount(ctx: TestApp): Promise<number> {
  const row = await ctx.database.db.selectFrom('sso_sessions').select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}
