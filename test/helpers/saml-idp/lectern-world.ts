import { expect } from 'chai';
import request from 'supertest';
import type { Agent } from 'supertest';
import type { User } from '../../../server/src/domain/users/user.js';
import { DEFAULT_SITE_ID } from '../../../server/src/domain/users/user-service.js';
import { createUser } from '../factories.js';
import { buildTestApp, TEST_PUBLIC_URL, type TestApp } from '../test-app.js';
import { requireSimpleSamlPhp, serviceProviderFromMetadata, startSimpleSamlIdp, type IdpBrowser, type IdpLoginResponse, type IdpUser, type SimpleSamlIdp } from './index.js';

/**
 * The real Lectern app (buildTestApp) as the SP of a real SimpleSAMLphp IdP: SimpleSAMLphp trusts
 * the SP as Lectern's metadata describes it, and an administrator added the IdP from
 * SimpleSAMLphp's metadata URL, as one would on /admin/sso/saml.
 */
export interface LecternWithIdp {
  readonly ctx: TestApp;
  readonly idp: SimpleSamlIdp;
  /** The saml_idps row read from SimpleSAMLphp's metadata. */
  readonly idpId: number;
  readonly admin: User;
  /** GET /sso/saml/login for the IdP: where Lectern sends the browser (303). */
  start(agent: Agent, next?: string): Promise<string>;
  /** A whole sign-in: start at Lectern, log in at the IdP (in `browser`), post the response to the ACS. */
  signIn(agent: Agent, user: IdpUser, browser?: IdpBrowser): Promise<{ authorizeUrl: string; response: IdpLoginResponse; acs: request.Response }>;
  /** Posts what the IdP sent to Lectern's ACS. */
  postToAcs(agent: Agent, response: IdpLoginResponse): Promise<request.Response>;
  /** The Lectern users holding the SAML identity `subject` from this IdP. */
  usersWithIdentity(subject: string): Promise<{ id: number; username: string; first_name: string; last_name: string; email: string; affiliation: string; role: string; auth_type: string }[]>;
  close(): Promise<void>;
}

export const ACS_PATH = '/sso/saml/acs';

export async function lecternWithSimpleSamlIdp(env: Record<string, string> = {}): Promise<LecternWithIdp> {
  requireSimpleSamlPhp();
  const ctx = await buildTestApp(env);
  let idp: SimpleSamlIdp | null = null;
  try {
    const metadata = await request(ctx.app).get('/sso/saml/metadata').expect(200);
    idp = await startSimpleSamlIdp({ sp: serviceProviderFromMetadata(metadata.text) });
    const { user: admin } = await createUser(ctx, { role: 'admin' });
    const added = await ctx.services.samlMetadata.addUrlSource(admin, { name: 'SimpleSAMLphp', url: idp.metadataUrl, signingCert: '', refreshHours: '' });
    expect(added.outcome, 'SimpleSAMLphp’s metadata was read').to.include({ ok: true, added: 1 });
    const row = await ctx.services.samlIdps.findByEntityId(DEFAULT_SITE_ID, idp.entityId);
    if (!row) throw new Error(`no IdP ${idp.entityId} after reading its metadata`);
    return world(ctx, idp, row.id, admin);
  } catch (error) {
    await idp?.close();
    await ctx.close();
    throw error;
  }
}

function world(ctx: TestApp, idp: SimpleSamlIdp, idpId: number, admin: User): LecternWithIdp {
  const start = async (agent: Agent, next = '/my/videos') => {
    const res = await agent.get(`/sso/saml/login?idp=${idpId}&next=${encodeURIComponent(next)}`).expect(303);
    return res.headers.location ?? '';
  };
  const postToAcs = async (agent: Agent, response: IdpLoginResponse) => {
    expect(response.acsUrl).to.equal(`${TEST_PUBLIC_URL}${ACS_PATH}`);
    return agent.post(ACS_PATH).type('form').send({ SAMLResponse: response.samlResponse, ...(response.relayState === null ? {} : { RelayState: response.relayState }) });
  };
  return {
    ctx,
    idp,
    idpId,
    admin,
    start,
    postToAcs,
    async signIn(agent, user, browser = idp.browser()) {
      const authorizeUrl = await start(agent);
      const response = await browser.login(authorizeUrl, user.username, user.password);
      return { authorizeUrl, response, acs: await postToAcs(agent, response) };
    },
    usersWithIdentity(subject) {
      return ctx.database.db
        .selectFrom('user_identities')
        .innerJoin('users', 'users.id', 'user_identities.user_id')
        .where('user_identities.provider', '=', 'saml')
        .where('user_identities.issuer', '=', idp.entityId)
        .where('user_identities.subject', '=', subject)
        .select(['users.id', 'users.username', 'users.first_name', 'users.last_name', 'users.email', 'users.affiliation', 'users.role', 'users.auth_type'])
        .execute();
    },
    async close() {
      await idp.close();
      await ctx.close();
    },
  };
}
