import http from 'node:http';
import { expect } from 'chai';
import { startCasServer, type CasServerDouble } from '../../helpers/cas-server/index.js';
import { listenOnLoopback, type RunningServer } from '../../helpers/running-server.js';

const SERVICE = 'https://app.example/cas/callback';

/** The CAS double follows CAS-Protocol-Specification 3.0.3: what tests of Lectern rely on. */
describe('CAS server double', () => {
  let cas: CasServerDouble;

  before(async () => {
    cas = await startCasServer({ users: { prof: { password: 'secret', attributes: { mail: 'prof@univ.example', memberOf: ['cn=a', 'cn=b'] } } } });
  });
  beforeEach(() => cas.signIn(null));
  after(async () => cas?.close());

  const get = (path: string) => fetch(`${cas.baseUrl}${path}`, { redirect: 'manual' });
  const validate = (query: Record<string, string>, endpoint = 'p3/serviceValidate') => get(`/${endpoint}?${new URLSearchParams(query).toString()}`);
  const ticketOf = (location: string | null) => new URL(location!).searchParams.get('ticket')!;

  it('shows the login form, then issues a ticket for the credentials and redirects to the service', async () => {
    const form = await get(`/login?service=${encodeURIComponent(SERVICE)}`);
    expect(form.status).to.equal(200);
    const page = await form.text();
    expect(page).to.contain('name="username"').and.contain('name="password"').and.contain('name="lt" value="LT-').and.contain(`name="service" value="${SERVICE}"`);
    const wrong = await fetch(`${cas.baseUrl}/login`, { method: 'POST', body: new URLSearchParams({ username: 'prof', password: 'nope', service: SERVICE }), redirect: 'manual' });
    expect(wrong.status).to.equal(401);
    const posted = await fetch(`${cas.baseUrl}/login`, { method: 'POST', body: new URLSearchParams({ username: 'prof', password: 'secret', service: SERVICE }), redirect: 'manual' });
    expect(posted.status).to.equal(302);
    const ticket = ticketOf(posted.headers.get('location'));
    expect(ticket).to.match(/^ST-\d+-[A-Za-z0-9]{30}$/);
    expect(posted.headers.get('location')).to.equal(`${SERVICE}?ticket=${ticket}`);
    expect(cas.signedIn).to.equal('prof');
    // The SSO session: the next /login issues a ticket at once, not from a new login.
    const again = await get(`/login?service=${encodeURIComponent(`${SERVICE}?a=1`)}`);
    expect(again.headers.get('location')).to.match(/^https:\/\/app\.example\/cas\/callback\?a=1&ticket=ST-/);
    expect(cas.tickets.get(ticketOf(again.headers.get('location')))).to.deep.include({ fromNewLogin: false, username: 'prof' });
  });

  it('honours gateway (back without a ticket when nobody is signed in) and renew (the form again)', async () => {
    const gateway = await get(`/login?service=${encodeURIComponent(SERVICE)}&gateway=true`);
    expect([gateway.status, gateway.headers.get('location')]).to.deep.equal([302, SERVICE]);
    cas.signIn('prof');
    const renew = await get(`/login?service=${encodeURIComponent(SERVICE)}&renew=true`);
    expect(renew.status).to.equal(200);
    expect(await renew.text()).to.contain('name="password"');
    const ssoTicket = ticketOf((await get(`/login?service=${encodeURIComponent(SERVICE)}`)).headers.get('location'));
    const refused = await validate({ service: SERVICE, ticket: ssoTicket, renew: 'true' });
    expect(await refused.text()).to.contain('code="INVALID_TICKET"').and.contain('not issued from a new login');
  });

  it('answers validation requests as the spec says: INVALID_REQUEST, INVALID_TICKET_SPEC, JSON, CAS 2.0 without attributes', async () => {
    const missing = await validate({ service: SERVICE });
    expect(missing.headers.get('content-type')).to.equal('application/xml;charset=UTF-8');
    expect(await missing.text()).to.contain('<cas:authenticationFailure code="INVALID_REQUEST">');
    expect(await (await validate({ service: SERVICE, ticket: 'PT-1-abc' })).text()).to.contain('code="INVALID_TICKET_SPEC"');
    expect(await (await validate({ service: SERVICE, ticket: cas.issueTicket('prof', SERVICE), format: 'YAML' })).text()).to.contain('code="INVALID_REQUEST"');

    const json = await validate({ service: SERVICE, ticket: cas.issueTicket('prof', SERVICE), format: 'JSON' });
    expect(json.headers.get('content-type')).to.equal('application/json;charset=UTF-8');
    const body = (await json.json()) as { serviceResponse: { authenticationSuccess: { user: string; attributes: Record<string, unknown> } } };
    expect(body.serviceResponse.authenticationSuccess.user).to.equal('prof');
    expect(body.serviceResponse.authenticationSuccess.attributes).to.deep.include({ mail: 'prof@univ.example', memberOf: ['cn=a', 'cn=b'], isFromNewLogin: 'true' });
    const failure = (await (await validate({ service: SERVICE, ticket: 'ST-9-unknown', format: 'JSON' })).json()) as { serviceResponse: { authenticationFailure: { code: string } } };
    expect(failure.serviceResponse.authenticationFailure.code).to.equal('INVALID_TICKET');

    const cas2 = await (await validate({ service: SERVICE, ticket: cas.issueTicket('prof', SERVICE) }, 'serviceValidate')).text();
    expect(cas2).to.contain('<cas:user>prof</cas:user>').and.not.contain('cas:attributes');
    const p3 = await (await validate({ service: SERVICE, ticket: cas.issueTicket('prof', SERVICE) })).text();
    expect(p3).to.contain('<cas:memberOf>cn=a</cas:memberOf>\n      <cas:memberOf>cn=b</cas:memberOf>').and.match(/<cas:authenticationDate>\d{4}-/);
  });

  it('logs out (back to the service), and with singleLogout posts a LogoutRequest to each service it validated a ticket for', async () => {
    let received: string[] = [];
    const app: RunningServer = await listenOnLoopback(
      http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          received.push(new URLSearchParams(Buffer.concat(chunks).toString()).get('logoutRequest') ?? '');
          res.writeHead(200).end('ok');
        });
      }),
    );
    const slo = await startCasServer({ users: { prof: {} }, singleLogout: true, path: '/cas-sso' });
    try {
      const service = `http://127.0.0.1:${app.port}/callback`;
      slo.signIn('prof');
      const validated = ticketOf((await fetch(`${slo.baseUrl}/login?service=${encodeURIComponent(service)}`, { redirect: 'manual' })).headers.get('location'));
      await fetch(`${slo.baseUrl}/p3/serviceValidate?${new URLSearchParams({ service, ticket: validated }).toString()}`);
      slo.issueTicket('prof', `${service}?never-validated`);
      const out = await fetch(`${slo.baseUrl}/logout?service=${encodeURIComponent('https://app.example/')}&url=https://ignored.example/`, { redirect: 'manual' });
      expect([out.status, out.headers.get('location')]).to.deep.equal([302, 'https://app.example/']);
      expect(slo.signedIn).to.equal(null);
      expect(received).to.have.length(1);
      expect(received[0]).to.contain('<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"').and.contain('@NOT_USED@').and.contain(`<samlp:SessionIndex>${validated}</samlp:SessionIndex>`);
      expect(slo.logoutDeliveries).to.deep.equal([{ serviceUrl: service, ticket: validated, status: 200, body: 'ok' }]);
      received = [];
      const page = await fetch(`${slo.baseUrl}/logout`, { redirect: 'manual' });
      expect([page.status, received.length]).to.deep.equal([200, 0]);
    } finally {
      await slo.close();
      await app.close();
    }
  });
});
