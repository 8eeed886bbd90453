import { createVerify } from 'node:crypto';
import { expect } from 'chai';
import request from 'supertest';
import { createXmlTreeReader, type XmlNode } from '../../server/src/infra/xml/xml-tree.js';
import { createUser } from '../helpers/factories.js';
import { encodeSamlMessage, logoutRequestXml, logoutResponseXml, redirectMessageOf, redirectQuery, signElement, TEST_IDP_SLO_URL, xmlSignatureValid } from '../helpers/saml-responses.js';
import { samlWorld, SLO_URL, type SamlWorld } from '../helpers/saml-sp.js';
import { insertSamlIdp } from '../helpers/sso-factories.js';
import { TEST_PUBLIC_URL } from '../helpers/test-app.js';
import { csrfFrom, loggedInAgent } from '../helpers/web-session.js';

const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const body = (pem: string) => pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');

/** The query string signed in the HTTP-Redirect binding verifies with `certificatePem`. */
function redirectSignatureValid(location: string, certificatePem: string): boolean {
  const query = new URL(location).search.slice(1);
  const signed = query.split('&').filter((part) => !part.startsWith('Signature=')).join('&');
  const signature = new URLSearchParams(query).get('Signature') ?? '';
  return createVerify('RSA-SHA256').update(signed).verify(certificatePem, signature, 'base64');
}

describe('SAML service provider', () => {
  let world: SamlWorld;

  before(async () => {
    world = await samlWorld();
  });
  after(() => world.ctx.close());

  it('serves its metadata: entity id, ACS, single logout, signing and encryption certificates', async () => {
    const res = await request(world.ctx.app).get('/sso/saml/metadata').expect(200);
    expect(res.headers['content-type']).to.match(/^application\/samlmetadata\+xml/);
    expect(res.headers['cache-control']).to.equal('public, max-age=300');
    const tree = createXmlTreeReader({ removeNamespacePrefixes: true, arrayPaths: new Set(['EntityDescriptor.SPSSODescriptor.KeyDescriptor', 'EntityDescriptor.SPSSODescriptor.SingleLogoutService']) }).parse(res.text);
    const entity = tree?.['EntityDescriptor'] as XmlNode;
    expect(entity['@_entityID']).to.equal(`${TEST_PUBLIC_URL}/sso/saml/metadata`);
    const sp = entity['SPSSODescriptor'] as XmlNode;
    expect(sp['@_AuthnRequestsSigned']).to.equal('true');
    expect(sp['@_WantAssertionsSigned']).to.equal('true');
    const keys = (sp['KeyDescriptor'] as XmlNode[]).map((key) => ({ use: key['@_use'], cert: body(String(((key['KeyInfo'] as XmlNode)['X509Data'] as XmlNode)['X509Certificate'])) }));
    expect(keys).to.deep.equal([
      { use: 'signing', cert: body(world.sp.certificatePem) },
      { use: 'encryption', cert: body(world.sp.certificatePem) },
    ]);
    expect(sp['AssertionConsumerService']).to.include({ '@_Binding': 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', '@_Location': `${TEST_PUBLIC_URL}/sso/saml/acs` });
    expect((sp['SingleLogoutService'] as XmlNode[]).map((slo) => [slo['@_Binding'], slo['@_Location']])).to.deep.equal([
      ['urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', SLO_URL],
      ['urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', SLO_URL],
    ]);
    expect(sp['NameIDFormat']).to.equal('urn:oasis:names:tc:SAML:2.0:nameid-format:transient');
  });

  it('sends the browser to the IdP with a signed AuthnRequest (HTTP-Redirect, rsa-sha256), keeping what to do next in the database', async () => {
    const res = await request(world.ctx.app).get(`/sso/saml/login?idp=${world.idp.id}&next=/my/videos%3Fpage%3D2`).expect(303);
    const location = res.headers.location!;
    expect(location.startsWith(`${world.idp.ssoUrl}?`)).to.equal(true);
    const { id, xml, params } = redirectMessageOf(location);
    expect(params.get('SigAlg')).to.equal(RSA_SHA256);
    expect(redirectSignatureValid(location, world.sp.certificatePem), 'signed with the SP key').to.equal(true);
    expect(xml).to.include(`AssertionConsumerServiceURL="${TEST_PUBLIC_URL}/sso/saml/acs"`);
    expect(xml).to.include(`<saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">${world.ctx.config.saml.entityId}</saml:Issuer>`);
    expect(xml).to.include(`Destination="${world.idp.ssoUrl}"`);
    expect(xml).not.to.include('RequestedAuthnContext');
    const row = await world.ctx.database.db.selectFrom('saml_requests').select('value').where('id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.parse(row.value).intent).to.deep.equal({ kind: 'login', idpId: world.idp.id, next: '/my/videos?page=2', linkUserId: null });
    expect(res.headers['cache-control']).to.equal('no-store');
  });

  it('keeps only local next paths, and a link only for the signed-in user whose session token it carries', async () => {
    const intentOf = async (id: string) => JSON.parse((await world.ctx.database.db.selectFrom('saml_requests').select('value').where('id', '=', id).executeTakeFirstOrThrow()).value).intent;
    expect((await intentOf(await world.startLogin(request(world.ctx.app), '&next=https://evil.example/'))).next).to.equal('/my/videos');
    expect((await intentOf(await world.startLogin(request(world.ctx.app), '&next=//evil.example/')))).to.include({ next: '/my/videos', linkUserId: null });
    expect((await intentOf(await world.startLogin(request(world.ctx.app), `&next=/${'a'.repeat(2100)}`))).next, 'too long to keep').to.equal('/my/videos');
    const teacher = await createUser(world.ctx, { username: 'local.teacher' });
    const { agent, csrf } = await loggedInAgent(world.ctx.app, 'local.teacher');
    expect(await intentOf(await world.startLogin(agent, `&link=${csrf}&next=/my/tokens`))).to.include({ next: '/my/tokens', linkUserId: teacher.user.id });
  });

  it('refuses a link request without the session’s token (403 sso_link_unconfirmed: another site cannot make a browser link an identity), and sends a visitor who is not signed in to sign in first', async () => {
    await createUser(world.ctx, { username: 'forged.link' });
    const { agent } = await loggedInAgent(world.ctx.app, 'forged.link');
    const before = await world.ctx.database.db.selectFrom('saml_requests').select('id').execute();
    for (const link of ['1', 'not-the-token', '']) {
      const res = await agent.get(`/sso/saml/login?idp=${world.idp.id}&link=${link}`).expect(403);
      expect(res.body.code).to.equal('sso_link_unconfirmed');
    }
    expect(await world.ctx.database.db.selectFrom('saml_requests').select('id').execute(), 'no request sent').to.deep.equal(before);
    const anonymous = await request(world.ctx.app).get(`/sso/saml/login?idp=${world.idp.id}&link=anything`).expect(303);
    expect(anonymous.headers.location).to.equal('/login?next=%2Fmy%2Fsign-in');
  });

  it('posts a signed AuthnRequest to an IdP that takes HTTP-POST, the page allowing that form action', async () => {
    const postIdp = await insertSamlIdp(world.ctx.database.db, { certificates: [world.idpKeys.certificatePem], ssoBinding: 'post', ssoUrl: 'https://idp.post-univ.fr/idp/profile/SAML2/POST/SSO' });
    const res = await request(world.ctx.app).get(`/sso/saml/login?idp=${postIdp.id}`).expect(200);
    expect(res.headers['content-security-policy']).to.include("form-action 'self' https://idp.post-univ.fr");
    expect(res.text).to.include('<form id="saml-request" method="post" action="https://idp.post-univ.fr/idp/profile/SAML2/POST/SSO" data-autosubmit>');
    const field = /name="SAMLRequest" value="([^"]+)"/.exec(res.text)?.[1];
    const xml = Buffer.from(field ?? '', 'base64').toString('utf8');
    expect(xml).to.match(/^(<\?xml[^>]*>)?<samlp:AuthnRequest /);
    expect(xml).to.include('<SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>');
    expect(xmlSignatureValid(xml, world.sp.certificatePem), 'signed with the SP key').to.equal(true);
  });

  describe('a sign-in', () => {
    it('logs in with a signed, encrypted assertion and goes to the requested page', async () => {
      const agent = request.agent(world.ctx.app);
      const id = await world.startLogin(agent, '&next=/my/tokens');
      const res = await agent.post('/sso/saml/acs').type('form').send({ SAMLResponse: world.response(id, { encryptFor: world.sp.certificatePem, nameId: '_ada', sessionIndex: '_ada-session' }), RelayState: '' }).expect(303);
      expect(res.headers.location).to.equal('/my/tokens');
      await agent.get('/my/tokens').expect(200);
      const session = await world.ctx.database.db.selectFrom('sso_sessions').selectAll().where('session_index', '=', '_ada-session').executeTakeFirstOrThrow();
      expect(session).to.include({ provider: 'saml', issuer: world.idp.entityId, name_id: '_ada', name_id_format: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient' });
    });

    it('accepts an assertion whose NotOnOrAfter passed within the clock skew (60 s)', async () => {
      const agent = request.agent(world.ctx.app);
      const id = await world.startLogin(agent);
      const now = new Date(Date.now() - 5 * 60_000);
      await agent.post('/sso/saml/acs').type('form').send({ SAMLResponse: world.response(id, { now, notOnOrAfter: new Date(Date.now() - 30_000) }) }).expect(303);
      await agent.get('/my/videos').expect(200);
    });
  });

  describe('single logout', () => {
    async function signedIn(nameId: string, sessionIndex: string) {
      const agent = request.agent(world.ctx.app);
      const id = await world.startLogin(agent);
      await agent.post('/sso/saml/acs').type('form').send({ SAMLResponse: world.response(id, { nameId, sessionIndex }) }).expect(303);
      await agent.get('/my/videos').expect(200);
      return agent;
    }

    it('ends the session an IdP-initiated LogoutRequest names, and answers the IdP with a signed LogoutResponse', async () => {
      const agent = await signedIn('_grace', '_grace-session');
      const logout = logoutRequestXml({ issuer: world.idp.entityId, destination: SLO_URL, nameId: '_grace', sessionIndex: '_grace-session' });
      const res = await request(world.ctx.app).get(`/sso/saml/slo?${redirectQuery('SAMLRequest', logout, world.idpKeys, { relayState: 'idp-state' })}`).expect(303);
      const location = res.headers.location!;
      expect(location.startsWith(`${TEST_IDP_SLO_URL}?`)).to.equal(true);
      const answer = redirectMessageOf(location);
      expect(answer.xml).to.include(`InResponseTo="${/ID="([^"]+)"/.exec(logout)![1]}"`);
      expect(answer.xml).to.include('urn:oasis:names:tc:SAML:2.0:status:Success');
      expect(answer.params.get('RelayState')).to.equal('idp-state');
      expect(redirectSignatureValid(location, world.sp.certificatePem)).to.equal(true);
      const home = await agent.get('/my/videos');
      expect(home.status, 'signed out').to.be.oneOf([302, 303]);
      expect(await world.ctx.database.db.selectFrom('sso_sessions').select('session_id').where('session_index', '=', '_grace-session').execute()).to.deep.equal([]);
    });

    it('takes the LogoutRequest by HTTP-POST too (XML signature)', async () => {
      const agent = await signedIn('_hedy', '_hedy-session');
      const logout = logoutRequestXml({ issuer: world.idp.entityId, destination: SLO_URL, nameId: '_hedy', sessionIndex: '_hedy-session' });
      const signed = signElement(logout, /ID="([^"]+)"/.exec(logout)![1]!, world.idpKeys);
      await request(world.ctx.app).post('/sso/saml/slo').type('form').send({ SAMLRequest: encodeSamlMessage(signed) }).expect(303);
      expect((await agent.get('/my/videos')).status).to.be.oneOf([302, 303]);
    });

    it('signs out at the IdP (a signed LogoutRequest naming the session), then takes its LogoutResponse back to /login, once', async () => {
      await signedIn('_katherine', '_katherine-session');
      const record = await world.ctx.services.ssoSessions.findBySessionId(
        (await world.ctx.database.db.selectFrom('sso_sessions').select('session_id').where('session_index', '=', '_katherine-session').executeTakeFirstOrThrow()).session_id,
      );
      const url = await world.ctx.services.samlSp.signOutUrl(record!);
      expect(url?.startsWith(`${TEST_IDP_SLO_URL}?`)).to.equal(true);
      const request_ = redirectMessageOf(url!);
      expect(request_.xml).to.include('>_katherine</saml:NameID>').and.to.include('>_katherine-session</saml2p:SessionIndex>');
      expect(redirectSignatureValid(url!, world.sp.certificatePem)).to.equal(true);
      const answer = logoutResponseXml({ issuer: world.idp.entityId, destination: SLO_URL, inResponseTo: request_.id });
      const query = redirectQuery('SAMLResponse', answer, world.idpKeys);
      const res = await request(world.ctx.app).get(`/sso/saml/slo?${query}`).expect(303);
      expect(res.headers.location).to.equal('/login');
      const replay = await request(world.ctx.app).get(`/sso/saml/slo?${query}`).expect(401);
      expect(replay.body.code).to.equal('saml_response_refused');
    });

    it('logging out of Lectern goes on to the IdP’s single logout (a page linking the signed LogoutRequest)', async () => {
      const agent = await signedIn('_mary', '_mary-session');
      const csrf = csrfFrom((await agent.get('/my/videos').expect(200)).text);
      const page = await agent.post('/logout').type('form').send({ _csrf: csrf }).expect(200);
      const href = /<a href="([^"]+)" data-sso-sign-out>/.exec(page.text)?.[1]?.replace(/&amp;/g, '&');
      expect(href?.startsWith(`${TEST_IDP_SLO_URL}?`), page.text).to.equal(true);
      expect(redirectMessageOf(href!).xml).to.include('>_mary</saml:NameID>');
      expect((await agent.get('/my/videos')).status, 'signed out of Lectern already').to.be.oneOf([302, 303]);
    });

    it('takes a LogoutResponse by HTTP-POST too', async () => {
      const url = await world.ctx.services.samlSp.signOutUrl({ sessionId: 'x', provider: 'saml', issuer: world.idp.entityId, userId: 1, nameId: '_n', nameIdFormat: null, sessionIndex: null });
      const answer = logoutResponseXml({ issuer: world.idp.entityId, destination: SLO_URL, inResponseTo: redirectMessageOf(url!).id });
      const signed = signElement(answer, /ID="([^"]+)"/.exec(answer)![1]!, world.idpKeys);
      const res = await request(world.ctx.app).post('/sso/saml/slo').type('form').send({ SAMLResponse: encodeSamlMessage(signed) }).expect(303);
      expect(res.headers.location).to.equal('/login');
    });

    it('has no IdP logout URL for a session of an IdP without single logout, or a CAS session', async () => {
      const quiet = await insertSamlIdp(world.ctx.database.db, { certificates: [world.idpKeys.certificatePem], sloUrl: null });
      const session = { sessionId: 'x', provider: 'saml' as const, issuer: quiet.entityId, userId: 1, nameId: '_n', nameIdFormat: null, sessionIndex: null };
      expect(await world.ctx.services.samlSp.signOutUrl(session)).to.equal(null);
      expect(await world.ctx.services.samlSp.signOutUrl({ ...session, provider: 'cas', issuer: world.idp.entityId })).to.equal(null);
    });
  });
});
