import { expect } from 'chai';
import type { Express } from 'express';
import request, { type Agent } from 'supertest';
import { startCasServer, logoutRequestXml, type CasServerDouble } from '../helpers/cas-server/index.js';
import { appWithLogger } from '../helpers/media-delivery.js';
import { expectProblem } from '../helpers/problem.js';
import { insertCasServer } from '../helpers/sso-web.js';
import { buildTestApp, TEST_PUBLIC_URL, type TestApp } from '../helpers/test-app.js';

interface LogLine {
  msg: string;
  reason?: string;
  casServerId?: number;
}

/** Every refusal of the CAS routes: status and code, the reason logged (never the ticket), and no session. */
describe('CAS sign-in (/sso/cas): refusals', () => {
  let ctx: TestApp;
  let cas: CasServerDouble;
  let logged: { app: Express; lines: string[] };
  let serverId: number;
  let serviceUrl: string;

  before(async () => {
    ctx = await buildTestApp({ CAS_TIMEOUT_SECONDS: '1' });
    cas = await startCasServer({ users: { prof: { attributes: { mail: 'prof@univ.example' } } } });
    serverId = await insertCasServer(ctx, cas);
    serviceUrl = `${TEST_PUBLIC_URL}/sso/cas/${serverId}/callback`;
    logged = appWithLogger(ctx);
  });
  after(async () => {
    await cas?.close();
    await ctx?.close();
  });

  /** Another CAS server row of site 1 (its URL under the double's, unused). */
  async function anotherServer(name: string, enabled: boolean): Promise<number> {
    const row = await ctx.database.db.insertInto('cas_servers').values({ site_id: 1, name, base_url: `${cas.baseUrl}/${name.replace(/\W/g, '-')}`, enabled }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  /** An agent whose CAS sign-in has started (the session knows it). */
  async function started(): Promise<Agent> {
    const agent = request.agent(logged.app);
    await agent.get(`/sso/cas/${serverId}/login`).expect(303);
    return agent;
  }

  /** The callback with this ticket refused with `status` and `code`; the reason logged, the ticket nowhere in the logs, no session. */
  async function refusedCallback(agent: Agent, ticket: string, status: number, code: string, logMessage: string): Promise<string | undefined> {
    const from = logged.lines.length;
    const res = await agent.get(`/sso/cas/${serverId}/callback?ticket=${ticket}`).set('Accept', 'text/html').set('Accept-Language', 'en');
    expect(res.status, res.text).to.equal(status);
    expect(res.text).to.contain(`data-code="${code}"`);
    const lines = logged.lines.slice(from);
    expect(lines.join('\n')).to.not.contain(ticket);
    const line = lines.map((text) => JSON.parse(text) as LogLine).find((entry) => entry.msg === logMessage);
    expect(line, lines.join('\n')).to.not.equal(undefined);
    expect(line!.casServerId).to.equal(serverId);
    const after = await agent.get('/my/tokens').expect(303);
    expect(after.headers.location).to.match(/^\/login\?next=/);
    return line!.reason;
  }

  it('refuses an unknown, reused, expired or other-service ticket (401 cas_ticket_refused, the CAS code logged, no session)', async () => {
    expect(await refusedCallback(await started(), 'ST-1-NeverIssued', 401, 'cas_ticket_refused', 'CAS ticket refused')).to.equal('INVALID_TICKET');

    const used = cas.issueTicket('prof', serviceUrl);
    expect((await ctx.services.casClient.validate({ baseUrl: cas.baseUrl }, serviceUrl, used)).user).to.equal('prof');
    expect(await refusedCallback(await started(), used, 401, 'cas_ticket_refused', 'CAS ticket refused')).to.equal('INVALID_TICKET');

    const expired = cas.issueTicket('prof', serviceUrl);
    cas.expireTicket(expired);
    expect(await refusedCallback(await started(), expired, 401, 'cas_ticket_refused', 'CAS ticket refused')).to.equal('INVALID_TICKET');

    const elsewhere = cas.issueTicket('prof', 'https://other-app.univ.example/cas');
    expect(await refusedCallback(await started(), elsewhere, 401, 'cas_ticket_refused', 'CAS ticket refused')).to.equal('INVALID_SERVICE');
    expect(cas.tickets.get(elsewhere)!.consumed).to.equal(true);
  });

  it('shows the refusal in the reader’s language, with the CAS code', async () => {
    const agent = await started();
    const res = await agent.get(`/sso/cas/${serverId}/callback?ticket=ST-2-NeverIssued`).set('Accept', 'text/html').set('Accept-Language', 'fr').expect(401);
    expect(res.text).to.contain('Le serveur CAS a refusé cette connexion (INVALID_TICKET).');
  });

  it('answers 503 cas_unavailable when the CAS server fails, is slow or answers something else (the reason logged, no session)', async () => {
    const cases = [
      [{ kind: 'http', status: 500 }, 'http_status'],
      [{ kind: 'garbage' }, 'not_cas'],
      [{ kind: 'html' }, 'not_cas'],
      [{ kind: 'slow', delayMs: 3000 }, 'timeout'],
    ] as const;
    for (const [failure, reason] of cases) {
      cas.failNext('p3/serviceValidate', failure);
      const ticket = cas.issueTicket('prof', serviceUrl);
      expect(await refusedCallback(await started(), ticket, 503, 'cas_unavailable', 'CAS server unavailable'), failure.kind).to.equal(reason);
    }
  });

  it('refuses a callback without a ticket (400 cas_ticket_missing) or with a malformed one (400 cas_ticket_invalid), before asking the CAS server', async () => {
    const agent = await started();
    const before = cas.calls.length;
    expectProblem(await agent.get(`/sso/cas/${serverId}/callback`), 400, 'cas_ticket_missing');
    expectProblem(await agent.get(`/sso/cas/${serverId}/callback?ticket=`), 400, 'cas_ticket_missing');
    expectProblem(await agent.get(`/sso/cas/${serverId}/callback?ticket[x]=ST-1-a`), 400, 'cas_ticket_missing');
    for (const query of ['ticket=PT-1-abc', 'ticket=ST-1%20abc', 'ticket=ST-%3Cscript%3E', `ticket=ST-${'a'.repeat(254)}`, 'ticket=ST-1-a&ticket=ST-1-b']) {
      expectProblem(await agent.get(`/sso/cas/${serverId}/callback?${query}`), 400, 'cas_ticket_invalid');
    }
    expect(cas.calls.length).to.equal(before);
  });

  it('refuses a ticket this browser did not ask for (400 cas_login_not_started: no login CSRF), leaving the ticket unused', async () => {
    const ticket = cas.issueTicket('prof', serviceUrl);
    expectProblem(await request(logged.app).get(`/sso/cas/${serverId}/callback?ticket=${ticket}`), 400, 'cas_login_not_started');
    const other = await anotherServer('Other CAS', true);
    const agent = request.agent(logged.app);
    await agent.get(`/sso/cas/${other}/login`).expect(303);
    expectProblem(await agent.get(`/sso/cas/${serverId}/callback?ticket=${ticket}`), 400, 'cas_login_not_started');
    expect(cas.tickets.get(ticket)!.consumed).to.equal(false);
    // A started sign-in is used once, whatever its outcome: the same session cannot go on with another ticket.
    const once = await started();
    await once.get(`/sso/cas/${serverId}/callback?ticket=ST-3-NeverIssued`).expect(401);
    expectProblem(await once.get(`/sso/cas/${serverId}/callback?ticket=${ticket}`), 400, 'cas_login_not_started');
    expect(cas.tickets.get(ticket)!.consumed).to.equal(false);
  });

  it('answers 404 cas_server_unknown for an unknown or disabled server', async () => {
    const disabled = await anotherServer('Disabled CAS', false);
    for (const id of ['99999', 'abc', '0', String(disabled)]) {
      expectProblem(await request(logged.app).get(`/sso/cas/${id}/login`), 404, 'cas_server_unknown');
      expectProblem(await request(logged.app).get(`/sso/cas/${id}/callback?ticket=ST-1-abc`), 404, 'cas_server_unknown');
    }
    for (const id of ['99999', 'abc']) {
      expectProblem(await request(logged.app).post(`/sso/cas/${id}/callback`).type('form').send({ logoutRequest: logoutRequestXml('ST-1-abc') }), 404, 'cas_server_unknown');
    }
    // A disabled server's single-logout requests still end the sessions it opened.
    await request(logged.app).post(`/sso/cas/${disabled}/callback`).type('form').send({ logoutRequest: logoutRequestXml('ST-1-abc') }).expect(200, 'no session');
    const page = await request(logged.app).get('/sso/cas/99999/login').set('Accept', 'text/html').set('Accept-Language', 'en').expect(404);
    expect(page.text).to.contain('This CAS server is unknown, or no longer used for signing in.');
  });

  it('refuses a single-logout post that is not a LogoutRequest naming a service ticket (400 cas_logout_request_invalid)', async () => {
    const post = (body: Record<string, string>) => request(logged.app).post(`/sso/cas/${serverId}/callback`).type('form').send(body);
    const bodies: Record<string, string>[] = [
      {},
      { logoutRequest: '' },
      { logoutRequest: 'not xml <' },
      { logoutRequest: '<samlp:LogoutResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>' },
      { logoutRequest: '<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="x" Version="2.0"><saml:NameID xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">@NOT_USED@</saml:NameID></samlp:LogoutRequest>' },
      { logoutRequest: logoutRequestXml('TGT-1-abc') },
      { logoutRequest: logoutRequestXml(`ST-${'a'.repeat(300)}`) },
    ];
    for (const body of bodies) expectProblem(await post(body), 400, 'cas_logout_request_invalid');
    const refusals = logged.lines.map((text) => JSON.parse(text) as LogLine).filter((line) => line.msg.startsWith('CAS logout request refused'));
    expect(refusals.length).to.be.at.least(bodies.length);
  });
});
