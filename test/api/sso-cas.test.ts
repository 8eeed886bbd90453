import http from 'node:http';
import { expect } from 'chai';
import request, { type Agent } from 'supertest';
import { startCasServer, type CasServerDouble } from '../helpers/cas-server/index.js';
import { createUser } from '../helpers/factories.js';
import { listenOnLoopback, type RunningServer } from '../helpers/running-server.js';
import { casSignIn, insertCasServer } from '../helpers/sso-web.js';
import { buildTestApp, TEST_PUBLIC_URL, type TestApp } from '../helpers/test-app.js';
import { csrfFrom, loggedInAgent } from '../helpers/web-session.js';

/** CAS 3.0 sign-in end to end: Lectern's routes, its CAS client, the CAS double. */
describe('CAS sign-in (/sso/cas)', () => {
  let ctx: TestApp;
  let cas: CasServerDouble;
  let serverId: number;
  let serviceUrl: string;

  before(async () => {
    ctx = await buildTestApp({ CAS_TIMEOUT_SECONDS: '2' });
    cas = await startCasServer({
      users: {
        hmartin: {
          password: 'hmartin-pass',
          attributes: { uid: 'hmartin', mail: 'helene.martin@univ.example', givenName: 'Hélène', sn: 'Martin', eduPersonAffiliation: ['member', 'faculty', 'employee'], eduPersonPrimaryAffiliation: 'faculty' },
        },
        etudiant: { attributes: { mail: 'etu@etu.univ.example', givenName: 'Léa', sn: 'Petit', eduPersonAffiliation: 'student,member' } },
        linked: {},
        slo: {},
        leaving: {},
      },
    });
    serverId = await insertCasServer(ctx, cas, 'Université de Test');
    serviceUrl = `${TEST_PUBLIC_URL}/sso/cas/${serverId}/callback`;
  });
  after(async () => {
    await cas?.close();
    await ctx?.close();
  });

  /** The path and query of an absolute URL on Lectern, for the agent. */
  const local = (url: string) => {
    const parsed = new URL(url);
    expect(parsed.origin).to.equal(TEST_PUBLIC_URL);
    return `${parsed.pathname}${parsed.search}`;
  };

  it('signs a new person in through the CAS login page: service URL from PUBLIC_URL (not Host), user created from the attributes', async () => {
    const agent = request.agent(ctx.app);
    const start = await agent.get(`/sso/cas/${serverId}/login?next=${encodeURIComponent('/my/tokens')}`).set('Host', 'evil.example').set('X-Forwarded-Host', 'evil.example').expect(303);
    expect(start.headers.location).to.equal(`${cas.baseUrl}/login?service=${encodeURIComponent(serviceUrl)}`);
    // The double's login form, as a person fills it in.
    const form = await fetch(start.headers.location!);
    expect(await form.text()).to.contain(`name="service" value="${serviceUrl}"`);
    const posted = await fetch(`${cas.baseUrl}/login`, { method: 'POST', body: new URLSearchParams({ username: 'hmartin', password: 'hmartin-pass', service: serviceUrl }), redirect: 'manual' });
    expect(posted.status).to.equal(302);
    const back = await agent.get(local(posted.headers.get('location')!)).set('Host', 'evil.example').expect(303);
    expect(back.headers.location).to.equal('/my/tokens');
    const validation = cas.calls.findLast((call) => call.endpoint === 'p3/serviceValidate')!;
    expect(validation.query.service).to.equal(serviceUrl);
    expect(validation.status).to.equal(200);
    expect(validation.failureCode).to.equal(undefined);

    const user = await ctx.services.userService.getByUsername('hmartin');
    expect(user).to.include({ authType: 'cas', role: 'staff', firstName: 'Hélène', lastName: 'Martin', email: 'helene.martin@univ.example', affiliation: 'faculty' });
    expect(await ctx.services.userIdentities.userOf('cas', cas.baseUrl, 'hmartin')).to.equal(user.id);
    const [row] = await ctx.database.db.selectFrom('sso_sessions').selectAll().where('user_id', '=', user.id).execute();
    expect(row).to.include({ provider: 'cas', issuer: cas.baseUrl, name_id: 'hmartin', session_index: validation.query.ticket });
    await agent.get('/my/tokens').expect(200);
  });

  it('reads comma-joined affiliations, and signs the same person in again from the CAS single sign-on session', async () => {
    const agent = request.agent(ctx.app);
    const { response } = await casSignIn(agent, cas, serverId, 'etudiant');
    expect(response.status, response.text).to.equal(303);
    const user = await ctx.services.userService.getByUsername('etudiant');
    expect(user).to.include({ authType: 'cas', role: 'student', firstName: 'Léa', affiliation: 'student' });
    cas.signIn('etudiant');
    const again = request.agent(ctx.app);
    const start = await again.get(`/sso/cas/${serverId}/login`).expect(303);
    const atCas = await fetch(start.headers.location!, { redirect: 'manual' });
    expect(atCas.status).to.equal(302);
    const back = await again.get(local(atCas.headers.get('location')!)).expect(303);
    expect(back.headers.location).to.equal('/my/videos');
    expect(await ctx.services.userIdentities.userOf('cas', cas.baseUrl, 'etudiant')).to.equal(user.id);
  });

  it('sends a signed-in person to next, and a link request without a session to the login page', async () => {
    const { agent } = await loggedInAgent(ctx.app, (await createUser(ctx, { username: 'already.in' })).user.username);
    const signedIn = await agent.get(`/sso/cas/${serverId}/login?next=/my/tokens`).expect(303);
    expect(signedIn.headers.location).to.equal('/my/tokens');
    const anonymous = await request(ctx.app).get(`/sso/cas/${serverId}/login?link=token&next=/my/sign-in`).expect(303);
    expect(anonymous.headers.location).to.equal(`/login?next=${encodeURIComponent('/my/sign-in')}`);
    const open = await request(ctx.app).get(`/sso/cas/${serverId}/login?next=https://evil.example/`).expect(303);
    expect(open.headers.location).to.equal(`${cas.baseUrl}/login?service=${encodeURIComponent(serviceUrl)}`);
  });

  it('links the CAS identity to the signed-in account that asks (link=<its session token>), and refuses a link without that token (403 sso_link_unconfirmed)', async () => {
    const owner = (await createUser(ctx, { username: 'linking.owner' })).user;
    const { agent, csrf } = await loggedInAgent(ctx.app, owner.username);
    const forged = await agent.get(`/sso/cas/${serverId}/login?link=1&next=/my/tokens`).expect(403);
    expect(forged.body.code).to.equal('sso_link_unconfirmed');
    const { response } = await casSignIn(agent, cas, serverId, 'linked', `?link=${csrf}&next=/my/tokens`);
    expect(response.status, response.text).to.equal(303);
    expect(await ctx.services.userIdentities.userOf('cas', cas.baseUrl, 'linked')).to.equal(owner.id);
  });

  it('ends the session when the CAS server posts its single-logout request over HTTP, and answers 200 for an unknown ticket too', async () => {
    const listening: RunningServer = await listenOnLoopback(http.createServer(ctx.app));
    try {
      const agent: Agent = request.agent(ctx.app);
      const { ticket } = await casSignIn(agent, cas, serverId, 'slo');
      await agent.get('/my/tokens').expect(200);
      const callback = `http://127.0.0.1:${listening.port}/sso/cas/${serverId}/callback`;
      expect(await cas.sendLogoutRequest(callback, 'ST-1-NoSessionHasThisTicket')).to.deep.include({ status: 200, body: 'no session' });
      await agent.get('/my/tokens').expect(200);
      expect(await cas.sendLogoutRequest(callback, ticket)).to.deep.include({ status: 200, body: 'session ended' });
      const after = await agent.get('/my/tokens').expect(303);
      expect(after.headers.location).to.equal('/login?next=%2Fmy%2Ftokens');
    } finally {
      await listening.close();
    }
  });

  it('signs out of the CAS server too when a CAS session logs out of Lectern', async () => {
    const agent = request.agent(ctx.app);
    await casSignIn(agent, cas, serverId, 'leaving');
    const page = await agent.get('/my/tokens').set('Accept-Language', 'en').expect(200);
    const out = await agent.post('/logout').set('Accept-Language', 'en').type('form').send({ _csrf: csrfFrom(page.text) }).expect(200);
    const logoutUrl = `${cas.baseUrl}/logout?service=${encodeURIComponent(`${TEST_PUBLIC_URL}/login`)}`;
    expect(out.text).to.contain(`href="${logoutUrl.replace(/&/g, '&amp;')}"`).and.contain('Université de Test');
    await agent.get('/my/tokens').expect(303);
    const atCas = await fetch(logoutUrl, { redirect: 'manual' });
    expect([atCas.status, atCas.headers.get('location')]).to.deep.equal([302, `${TEST_PUBLIC_URL}/login`]);
  });
});
