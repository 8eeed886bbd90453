import { expect } from 'chai';
import request from 'supertest';
import type { Express } from 'express';
import { sql, type RawBuilder } from 'kysely';
import { appWithLogger } from '../helpers/media-delivery.js';
import { encodeSamlMessage, logoutRequestXml, logoutResponseXml, otherIdpKeys, redirectQuery, samlResponseXml, signElement } from '../helpers/saml-responses.js';
import { ACS_URL, samlWorld, SLO_URL, ssoSessionCount, TEACHER_ATTRIBUTES, type SamlWorld } from '../helpers/saml-sp.js';
import { insertSamlIdp } from '../helpers/sso-factories.js';

/** Every refusal of the SAML SP: its status and code, its logged reason, and no session. */
describe('SAML service provider: refusals', () => {
  let world: SamlWorld;
  let logged: { app: Express; lines: string[] };

  before(async () => {
    world = await samlWorld();
    logged = appWithLogger(world.ctx);
  });
  after(() => world.ctx.close());

  /** The reason the SP logged for its refusal during `work`. */
  async function loggedReason(work: () => Promise<unknown>): Promise<string> {
    const from = logged.lines.length;
    await work();
    const lines = logged.lines.slice(from).map((line) => JSON.parse(line) as { msg: string; reason?: string });
    const refusal = lines.find((line) => line.msg === 'SAML message refused');
    if (!refusal?.reason) throw new Error(`no refusal logged: ${JSON.stringify(lines)}`);
    return refusal.reason;
  }

  /** Posts `samlResponse` to the ACS: 401 saml_response_refused, nothing of it in the logs, no session; the reason logged. */
  async function refusal(samlResponse: string): Promise<string> {
    const agent = request.agent(logged.app);
    const sessionsBefore = await ssoSessionCount(world.ctx);
    const from = logged.lines.length;
    const reason = await loggedReason(async () => {
      const res = await agent.post('/sso/saml/acs').type('form').send({ SAMLResponse: samlResponse }).expect(401);
      expect(res.body.code).to.equal('saml_response_refused');
      expect(res.headers['set-cookie'], 'no session cookie').to.equal(undefined);
    });
    if (samlResponse) expect(logged.lines.slice(from).join('\n')).not.to.include(samlResponse.slice(0, 60));
    const home = await agent.get('/my/videos');
    expect(home.status, 'still anonymous').to.be.oneOf([302, 303]);
    expect(await ssoSessionCount(world.ctx)).to.equal(sessionsBefore);
    return reason;
  }

  const start = () => world.startLogin(request(logged.app));

  it('refuses a response whose signed content was changed (signature)', async () => {
    const xml = Buffer.from(world.response(await start()), 'base64').toString('utf8');
    const tampered = encodeSamlMessage(xml.replace('ada.lovelace@univ-test.fr', 'grace.hopper@univ-test.fr'));
    expect(await refusal(tampered)).to.equal('signature');
  });

  it('refuses a response signed with a key the IdP does not publish (signature)', async () => {
    expect(await refusal(world.response(await start(), { keys: await otherIdpKeys() }))).to.equal('signature');
  });

  it('refuses an assertion for another audience (audience)', async () => {
    expect(await refusal(world.response(await start(), { audience: 'https://other-sp.univ-test.fr/shibboleth' }))).to.equal('audience');
  });

  it('refuses an assertion for another SP: its audience, recipient and destination (audience)', async () => {
    const other = { audience: 'https://other-sp.univ-test.fr/shibboleth', recipient: 'https://other-sp.univ-test.fr/Shibboleth.sso/SAML2/POST' };
    expect(await refusal(world.response(await start(), other))).to.equal('audience');
  });

  it('refuses an assertion delivered to another SP’s ACS (not_for_us)', async () => {
    const response = world.response(await start(), { recipient: 'https://other-sp.univ-test.fr/Shibboleth.sso/SAML2/POST', destination: ACS_URL });
    expect(await refusal(response)).to.equal('not_for_us');
    expect(await refusal(world.response(await start(), { destination: 'https://other-sp.univ-test.fr/acs' }))).to.equal('not_for_us');
  });

  it('refuses an assertion past its NotOnOrAfter beyond the clock skew (expired)', async () => {
    const now = new Date(Date.now() - 10 * 60_000);
    const response = world.response(await start(), { now, notOnOrAfter: new Date(Date.now() - 61_000 - 1000) });
    expect(await refusal(response)).to.equal('expired');
  });

  it('refuses a response to a request it never sent, and an unsolicited one (in_response_to)', async () => {
    expect(await refusal(world.response('_0123456789abcdef0123456789abcdef'))).to.equal('in_response_to');
    expect(await refusal(world.response(null))).to.equal('in_response_to');
  });

  it('refuses a response to a request older than SAML_REQUEST_TTL_MINUTES (in_response_to)', async () => {
    const id = await start();
    await world.ctx.database.db.updateTable('saml_requests').set({ created_at: sql`now() - interval '31 minutes'` }).where('id', '=', id).execute();
    expect(await refusal(world.response(id))).to.equal('in_response_to');
  });

  it('refuses a replayed response: each request is answered once (in_response_to)', async () => {
    const response = world.response(await start());
    const first = await request(world.ctx.app).post('/sso/saml/acs').type('form').send({ SAMLResponse: response });
    expect(first.status, JSON.stringify(first.body)).to.equal(303);
    expect(await refusal(response)).to.equal('in_response_to');
  });

  it('refuses an unsigned assertion in an unsigned response (unsigned)', async () => {
    expect(await refusal(world.response(await start(), { signAssertion: false, signResponse: false }))).to.equal('unsigned');
  });

  it('refuses an unsigned encrypted assertion in an unsigned response (signature)', async () => {
    expect(await refusal(world.response(await start(), { signAssertion: false, signResponse: false, encryptFor: world.sp.certificatePem }))).to.equal('signature');
  });

  it('accepts a signed response around an unsigned (plain or encrypted) assertion, as Shibboleth sends by default, and an unsigned response around a signed assertion', async () => {
    for (const options of [{ signAssertion: false }, { signAssertion: false, encryptFor: world.sp.certificatePem }, { signResponse: false }]) {
      const res = await request(world.ctx.app).post('/sso/saml/acs').type('form').send({ SAMLResponse: world.response(await start(), options) });
      expect(res.status, JSON.stringify(options)).to.equal(303);
    }
  });

  it('refuses a signed response whose unsigned assertion was altered (signature)', async () => {
    const response = Buffer.from(world.response(await start(), { signAssertion: false }), 'base64').toString('utf8');
    const altered = response.replace(/(<saml:AttributeValue[^>]*>)([^<]+)/, (_m, open: string, value: string) => `${open}x${value}`);
    expect(altered).not.to.equal(response);
    expect(await refusal(Buffer.from(altered).toString('base64'))).to.equal('signature');
  });

  it('refuses a response issued by another IdP than the one the request went to, even with a shared key (issuer)', async () => {
    const sibling = await insertSamlIdp(world.ctx.database.db, { certificates: [world.idpKeys.certificatePem] });
    expect(await refusal(world.response(await start(), { issuer: sibling.entityId }))).to.equal('issuer');
    expect(await refusal(world.response(await start(), { assertionIssuer: sibling.entityId }))).to.equal('issuer');
  });

  it('refuses an IdP’s error status (status) and what is not a SAML response (malformed)', async () => {
    const id = await start();
    const failed = samlResponseXml({ keys: world.idpKeys, issuer: world.idp.entityId, inResponseTo: id, audience: world.ctx.config.saml.entityId, recipient: ACS_URL });
    const withStatus = failed.replace('status:Success', 'status:Responder').replace(/<saml:Assertion.*<\/saml:Assertion>/s, '');
    expect(await refusal(encodeSamlMessage(withStatus))).to.equal('status');
    const withoutAssertion = samlResponseXml({ keys: world.idpKeys, issuer: world.idp.entityId, inResponseTo: await start(), audience: world.ctx.config.saml.entityId, recipient: ACS_URL });
    expect(await refusal(encodeSamlMessage(withoutAssertion.replace(/<saml:Assertion.*<\/saml:Assertion>/s, '')))).to.equal('malformed');
    expect(await refusal(encodeSamlMessage('this is not XML'))).to.equal('malformed');
    expect(await refusal(encodeSamlMessage('<!DOCTYPE x [<!ENTITY a "a">]><samlp:Response/>'))).to.equal('malformed');
    expect(await refusal('')).to.equal('malformed');
  });

  it('shows browsers the error page with its code', async () => {
    const res = await request(logged.app).post('/sso/saml/acs').set('Accept', 'text/html').type('form').send({ SAMLResponse: world.response(null) }).expect(401);
    expect(res.text).to.include('data-code="saml_response_refused"');
  });

  it('answers 404 saml_idp_unknown for an unknown, disabled or malformed IdP id', async () => {
    const disabled = await insertSamlIdp(world.ctx.database.db, { certificates: [world.idpKeys.certificatePem], enabled: false });
    for (const idp of ['999999', String(disabled.id), 'abc', '']) {
      const res = await request(world.ctx.app).get(`/sso/saml/login?idp=${idp}`).expect(404);
      expect(res.body.code).to.equal('saml_idp_unknown');
    }
    expect(await world.ctx.database.db.selectFrom('saml_requests').select('id').where(sql<boolean>`value::jsonb -> 'intent' ->> 'idpId' = ${String(disabled.id)}`).execute()).to.deep.equal([]);
  });

  it('answers 404 saml_idp_unknown, and refuses its answers (issuer), once the IdP’s metadata is past its validUntil', async () => {
    const pending = await start();
    const setValidUntil = (until: RawBuilder<Date> | null) => world.ctx.database.db.updateTable('saml_metadata_sources').set({ valid_until: until }).where('id', '=', world.idp.sourceId).execute();
    await setValidUntil(sql<Date>`now() - interval '1 minute'`);
    try {
      const res = await request(world.ctx.app).get(`/sso/saml/login?idp=${world.idp.id}`).expect(404);
      expect(res.body.code).to.equal('saml_idp_unknown');
      expect(await refusal(world.response(pending))).to.equal('issuer');
      expect((await world.ctx.services.samlIdps.listEnabled(1)).map((idp) => idp.id)).not.to.include(world.idp.id);
    } finally {
      await setValidUntil(null);
    }
    expect((await world.ctx.services.samlIdps.listEnabled(1)).map((idp) => idp.id)).to.include(world.idp.id);
  });

  describe('single logout', () => {
    const logout = (issuer = world.idp.entityId) => logoutRequestXml({ issuer, destination: SLO_URL, nameId: '_someone', sessionIndex: '_session' });

    async function sloRefusal(send: () => Promise<{ status: number; body: { code?: string } }>): Promise<string> {
      return loggedReason(async () => {
        const res = await send();
        expect(res.status).to.equal(401);
        expect(res.body.code).to.equal('saml_response_refused');
      });
    }

    it('refuses a LogoutRequest signed with another key (signature), an unsigned one (unsigned), one from an unknown IdP (issuer)', async () => {
      const other = await otherIdpKeys();
      expect(await sloRefusal(() => request(logged.app).get(`/sso/saml/slo?${redirectQuery('SAMLRequest', logout(), other)}`))).to.equal('signature');
      expect(await sloRefusal(() => request(logged.app).get(`/sso/saml/slo?${redirectQuery('SAMLRequest', logout(), world.idpKeys, { sign: false })}`))).to.equal('unsigned');
      const stranger = logout('https://idp.elsewhere.fr/idp/shibboleth');
      expect(await sloRefusal(() => request(logged.app).get(`/sso/saml/slo?${redirectQuery('SAMLRequest', stranger, world.idpKeys)}`))).to.equal('issuer');
    });

    it('refuses the POST binding’s LogoutRequest signed with another key or not signed', async () => {
      const xml = logout();
      const id = /ID="([^"]+)"/.exec(xml)![1]!;
      const badlySigned = encodeSamlMessage(signElement(xml, id, await otherIdpKeys()));
      expect(await sloRefusal(() => request(logged.app).post('/sso/saml/slo').type('form').send({ SAMLRequest: badlySigned }))).to.equal('signature');
      expect(await sloRefusal(() => request(logged.app).post('/sso/saml/slo').type('form').send({ SAMLRequest: encodeSamlMessage(xml) }))).to.equal('unsigned');
    });

    it('refuses a LogoutResponse that answers no logout request of ours (in_response_to)', async () => {
      const answer = logoutResponseXml({ issuer: world.idp.entityId, destination: SLO_URL, inResponseTo: '_never-sent' });
      expect(await sloRefusal(() => request(logged.app).get(`/sso/saml/slo?${redirectQuery('SAMLResponse', answer, world.idpKeys)}`))).to.equal('in_response_to');
    });

    it('refuses a message that is neither (malformed)', async () => {
      expect(await sloRefusal(() => request(logged.app).get('/sso/saml/slo?SAMLRequest=bm90IGRlZmxhdGVk'))).to.equal('malformed');
      expect(await sloRefusal(() => request(logged.app).get('/sso/saml/slo'))).to.equal('malformed');
    });
  });

  it('keeps TEACHER_ATTRIBUTES out of every log line', () => {
    expect(logged.lines.join('\n')).not.to.include(TEACHER_ATTRIBUTES['urn:oid:2.5.4.4'][0]);
  });
});
