import { expect } from 'chai';
import request from 'supertest';
import { commandLineActor } from '../../server/src/domain/access/access-group-service.js';
import { createUser, TEST_PASSWORD } from '../helpers/factories.js';
import { logoutRequestXml, startCasServer, type CasServerDouble } from '../helpers/cas-server/index.js';
import { expectProblem } from '../helpers/problem.js';
import { casSignIn, insertCasServer } from '../helpers/sso-web.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { csrfFrom, loggedInAgent } from '../helpers/web-session.js';

const FACULTY = { eduPersonAffiliation: ['faculty', 'member'], givenName: 'Paul', sn: 'Prof', mail: 'prof@univ.example' };

describe('SSO login flow (through the CAS routes)', () => {
  let ctx: TestApp;
  let cas: CasServerDouble;
  let serverId: number;
  before(async () => {
    ctx = await buildTestApp();
    cas = await startCasServer({
      users: { prof: { attributes: FACULTY }, student: { attributes: { eduPersonAffiliation: 'student' } }, 'local.owner': {}, linker: {}, gone: {}, nokey: {}, slo: {}, twice: {} },
    });
    serverId = await insertCasServer(ctx, cas);
  });
  after(async () => {
    await cas.close();
    await ctx.close();
  });

  const sessionRows = (userId: number) => ctx.database.db.selectFrom('sso_sessions').selectAll().where('user_id', '=', userId).execute();

  it('creates the user, logs them in with a new session, records the SSO session, and goes on to next', async () => {
    const agent = request.agent(ctx.app);
    const { ticket, response } = await casSignIn(agent, cas, serverId, 'prof', '?next=/my/tokens');
    expect(response.status, response.text).to.equal(303);
    expect(response.headers.location).to.equal('/my/tokens');
    const user = await ctx.services.userService.getByUsername('prof');
    expect(user).to.include({ authType: 'cas', role: 'staff', firstName: 'Paul', email: 'prof@univ.example' });
    const rows = await sessionRows(user.id);
    expect(rows).to.have.length(1);
    expect(rows[0]).to.include({ provider: 'cas', issuer: cas.baseUrl, session_index: ticket, name_id: 'prof' });
    await agent.get('/my/tokens').expect(200);
  });

  it('ends the session on the CAS server’s back-channel logout request', async () => {
    const agent = request.agent(ctx.app);
    const { ticket } = await casSignIn(agent, cas, serverId, 'slo');
    await agent.get('/my/tokens').expect(200);
    // The document the CAS server POSTs to the service URL (Apereo's form field logoutRequest).
    await request(ctx.app).post(`/sso/cas/${serverId}/callback`).type('form').send({ logoutRequest: logoutRequestXml(ticket) }).expect(200, 'session ended');
    const after = await agent.get('/my/tokens').expect(303);
    expect(after.headers.location).to.match(/^\/login\?next=/);
  });

  it('does not merge a local account of the same name: the page explains, and a password login links it', async () => {
    const local = (await createUser(ctx, { username: 'local.owner', role: 'student' })).user;
    const agent = request.agent(ctx.app);
    const { response } = await casSignIn(agent, cas, serverId, 'local.owner', '?next=/my/sign-in');
    expect(response.status).to.equal(200);
    expect(response.text).to.contain('data-sso-needs-link="local.owner"').and.contain('href="/login?next=%2Fmy%2Fsign-in"');
    expect(await ctx.services.userIdentities.userOf('cas', cas.baseUrl, 'local.owner')).to.equal(null);
    // Not signed in meanwhile.
    await agent.get('/my/tokens').expect(303);
    const login = await agent.get('/login?next=%2Fmy%2Fsign-in').expect(200);
    expect(login.text).to.contain('data-pending-link').and.contain('value="local.owner"');
    const posted = await agent.post('/login').type('form').send({ _csrf: csrfFrom(login.text), username: 'local.owner', password: TEST_PASSWORD, next: '/my/sign-in' }).expect(303);
    expect(posted.headers.location).to.equal('/my/sign-in');
    expect(await ctx.services.userIdentities.userOf('cas', cas.baseUrl, 'local.owner')).to.equal(local.id);
    const page = await agent.get('/my/sign-in').expect(200);
    expect(page.text).to.contain('flash-success').and.contain('CAS Université');
    // From now on the CAS sign-in opens that account.
    const next = request.agent(ctx.app);
    expect((await casSignIn(next, cas, serverId, 'local.owner')).response.status).to.equal(303);
    expect((await sessionRows(local.id)).length).to.equal(1);
  });

  it('links the identity to the signed-in user who asks (link=<session token>), then lists it on /my/sign-in', async () => {
    await createUser(ctx, { username: 'someone.else', role: 'student' });
    const { agent, csrf } = await loggedInAgent(ctx.app, 'someone.else');
    const { response } = await casSignIn(agent, cas, serverId, 'linker', `?link=${csrf}&next=/my/sign-in`);
    expect(response.status, response.text).to.equal(303);
    const page = await agent.get('/my/sign-in').expect(200);
    expect(page.text).to.contain('data-provider="cas"').and.contain('<code>linker</code>').and.contain('flash-success');
    const user = await ctx.services.userService.getByUsername('someone.else');
    expect(await ctx.services.userIdentities.userOf('cas', cas.baseUrl, 'linker')).to.equal(user.id);
  });

  it('refuses to link an identity linked to someone else (409 sso_identity_taken) and keeps the session as it was', async () => {
    await createUser(ctx, { username: 'third.user', role: 'student' });
    const { agent, csrf } = await loggedInAgent(ctx.app, 'third.user');
    const { response } = await casSignIn(agent, cas, serverId, 'linker', `?link=${csrf}`);
    expectProblem(response, 409, 'sso_identity_taken');
    const page = await agent.get('/my/tokens').expect(200);
    expect(page.text).to.contain('third.user');
  });

  it('refuses a deactivated account (403 sso_account_inactive), with no session', async () => {
    await casSignIn(request.agent(ctx.app), cas, serverId, 'gone');
    await ctx.database.db.updateTable('users').set({ is_active: false }).where('username', '=', 'gone').execute();
    const agent = request.agent(ctx.app);
    const { response } = await casSignIn(agent, cas, serverId, 'gone');
    expectProblem(response, 403, 'sso_account_inactive');
    await agent.get('/my/tokens').expect(303);
  });

  it('refuses an assertion without the user key (403 sso_user_key_missing), as an HTML page for browsers', async () => {
    await ctx.services.ssoSettings.update(commandLineActor(), { mapping: { casUserKey: 'eduPersonPrincipalName' } });
    try {
      const agent = request.agent(ctx.app);
      await agent.get(`/sso/cas/${serverId}/login`).expect(303);
      const ticket = cas.issueTicket('nokey', `${ctx.config.publicUrl}/sso/cas/${serverId}/callback`);
      const page = await agent.get(`/sso/cas/${serverId}/callback?ticket=${ticket}`).set('Accept', 'text/html').expect(403);
      expect(page.text).to.contain('data-code="sso_user_key_missing"').and.contain('eduPersonPrincipalName');
      expect(await ctx.database.db.selectFrom('users').select('id').where('username', '=', 'nokey').executeTakeFirst()).to.equal(undefined);
    } finally {
      await ctx.services.ssoSettings.update(commandLineActor(), { mapping: { casUserKey: null } });
    }
  });

  it('logs out of a local session as before (303 to /login)', async () => {
    await createUser(ctx, { username: 'plain.local' });
    const { agent, csrf } = await loggedInAgent(ctx.app, 'plain.local');
    const out = await agent.post('/logout').type('form').send({ _csrf: csrf }).expect(303);
    expect(out.headers.location).to.equal('/login');
  });
});
