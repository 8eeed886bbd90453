import { expect } from 'chai';
import { AppError } from '../../../server/src/domain/errors.js';
import { CasTicketRefusedError, CasUnavailableError, isServiceTicket } from '../../../server/src/domain/sso/cas-protocol.js';
import { statusOf } from '../../../server/src/http/middlewares/error-handler.js';
import { createCasClient, parseLogoutRequest } from '../../../server/src/infra/cas/cas-client.js';
import { logoutRequestXml, startCasServer, type CasServerDouble } from '../../helpers/cas-server/index.js';

const SERVICE = 'https://lectern.univ.example/sso/cas/1/callback';

/** The error a promise rejects with. */
async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).to.be.instanceOf(AppError);
  return error as AppError;
}

describe('CAS 3.0 client, against the CAS double', () => {
  let cas: CasServerDouble;
  const client = createCasClient({ timeoutMs: 1000 });

  before(async () => {
    cas = await startCasServer({
      users: {
        prof: { attributes: { uid: 'prof', mail: 'prof@univ.example', givenName: 'Hélène', sn: 'Dupont & Fils', eduPersonAffiliation: ['faculty', 'member', 'employee'], eduPersonPrimaryAffiliation: 'faculty' } },
        etudiant: { attributes: { eduPersonAffiliation: ['student'] } },
      },
    });
  });
  after(async () => cas?.close());

  const server = () => ({ baseUrl: cas.baseUrl });
  const refusal = async (promise: Promise<unknown>) => {
    const error = await rejection(promise);
    expect(error).to.be.instanceOf(CasTicketRefusedError);
    expect([statusOf(error), error.code]).to.deep.equal([401, 'cas_ticket_refused']);
    return error as CasTicketRefusedError;
  };
  const unavailable = async (promise: Promise<unknown>) => {
    const error = await rejection(promise);
    expect(error).to.be.instanceOf(CasUnavailableError);
    expect([statusOf(error), error.code]).to.deep.equal([503, 'cas_unavailable']);
    return error as CasUnavailableError;
  };

  it('builds the login URL (service encoded, never gateway; renew on demand) and the logout URL', () => {
    expect(client.loginUrl(server(), SERVICE)).to.equal(`${cas.baseUrl}/login?service=${encodeURIComponent(SERVICE)}`);
    expect(client.loginUrl(server(), SERVICE, { renew: true })).to.equal(`${cas.baseUrl}/login?service=${encodeURIComponent(SERVICE)}&renew=true`);
    expect(client.logoutUrl(server(), 'https://lectern.univ.example/login')).to.equal(`${cas.baseUrl}/logout?service=${encodeURIComponent('https://lectern.univ.example/login')}`);
  });

  it('validates a ticket through /p3/serviceValidate: the user and every attribute as a list (repeated elements = several values)', async () => {
    const ticket = cas.issueTicket('prof', SERVICE);
    const validation = await client.validate(server(), SERVICE, ticket);
    expect(validation.user).to.equal('prof');
    expect(validation.attributes).to.deep.include({
      uid: ['prof'],
      mail: ['prof@univ.example'],
      givenName: ['Hélène'],
      sn: ['Dupont & Fils'],
      eduPersonAffiliation: ['faculty', 'member', 'employee'],
      eduPersonPrimaryAffiliation: ['faculty'],
      isFromNewLogin: ['true'],
      longTermAuthenticationRequestTokenUsed: ['false'],
    });
    expect(validation.attributes.authenticationDate![0]).to.match(/^\d{4}-\d\d-\d\dT/);
    const call = cas.calls.at(-1)!;
    expect(call).to.deep.include({ endpoint: 'p3/serviceValidate', method: 'GET', status: 200 });
    expect(call.query).to.deep.equal({ service: SERVICE, ticket });
  });

  it('refuses an unknown ticket, a reused one, and an expired one (INVALID_TICKET), describing them without the ticket', async () => {
    const unknown = await refusal(client.validate(server(), SERVICE, 'ST-1-NotIssuedByTheDouble'));
    expect(unknown.reason).to.equal('INVALID_TICKET');
    expect(unknown.description).to.equal('Ticket ST-… not recognized');
    expect(unknown.details.params).to.deep.equal({ reason: 'INVALID_TICKET' });

    const ticket = cas.issueTicket('etudiant', SERVICE);
    expect((await client.validate(server(), SERVICE, ticket)).user).to.equal('etudiant');
    expect((await refusal(client.validate(server(), SERVICE, ticket))).reason).to.equal('INVALID_TICKET');

    const expired = cas.issueTicket('etudiant', SERVICE);
    cas.expireTicket(expired);
    const refused = await refusal(client.validate(server(), SERVICE, expired));
    expect([refused.reason, refused.description]).to.deep.equal(['INVALID_TICKET', 'Ticket ST-… has expired']);
  });

  it('refuses a ticket issued for another service (INVALID_SERVICE), which is then used up', async () => {
    const ticket = cas.issueTicket('prof', `${SERVICE}?next=/elsewhere`);
    const refused = await refusal(client.validate(server(), SERVICE, ticket));
    expect(refused.reason).to.equal('INVALID_SERVICE');
    expect(refused.description).to.not.contain(ticket);
    expect((await refusal(client.validate(server(), `${SERVICE}?next=/elsewhere`, ticket))).reason).to.equal('INVALID_TICKET');
  });

  it('refuses a malformed ticket before asking the CAS server (400 cas_ticket_invalid)', async () => {
    const before = cas.calls.length;
    for (const ticket of ['', 'PT-1-abc', 'ST-1 abc', 'ST-é', `ST-${'a'.repeat(254)}`, 'st-1-abc']) {
      const error = await rejection(client.validate(server(), SERVICE, ticket));
      expect([statusOf(error), error.code], ticket).to.deep.equal([400, 'cas_ticket_invalid']);
    }
    expect(cas.calls.length).to.equal(before);
    expect(isServiceTicket(`ST-${'a'.repeat(253)}`)).to.equal(true);
  });

  it('reports a CAS server that fails, answers late or answers something else as unavailable (503 cas_unavailable), the ticket unused', async () => {
    const ticket = cas.issueTicket('prof', SERVICE);
    cas.failNext('p3/serviceValidate', { kind: 'http', status: 500 });
    expect((await unavailable(client.validate(server(), SERVICE, ticket))).reason).to.equal('http_status');
    cas.failNext('p3/serviceValidate', { kind: 'http', status: 404 });
    expect((await unavailable(client.validate(server(), SERVICE, ticket))).reason).to.equal('not_cas');
    cas.failNext('p3/serviceValidate', { kind: 'garbage' });
    expect((await unavailable(client.validate(server(), SERVICE, ticket))).reason).to.equal('not_cas');
    cas.failNext('p3/serviceValidate', { kind: 'html' });
    expect((await unavailable(client.validate(server(), SERVICE, ticket))).reason).to.equal('not_cas');
    cas.failNext('p3/serviceValidate', { kind: 'reset' });
    expect((await unavailable(client.validate(server(), SERVICE, ticket))).reason).to.equal('network');
    const hasty = createCasClient({ timeoutMs: 100 });
    cas.failNext('p3/serviceValidate', { kind: 'slow', delayMs: 5000 });
    const late = await unavailable(hasty.validate(server(), SERVICE, ticket));
    expect([late.reason, late.message]).to.deep.equal(['timeout', 'CAS server gave no answer within 100 ms']);
    // None of these reached the ticket: it still validates.
    expect((await client.validate(server(), SERVICE, ticket)).user).to.equal('prof');
  });

  it('reports a CAS server that is down as unavailable', async () => {
    const gone = await startCasServer();
    const baseUrl = gone.baseUrl;
    await gone.close();
    const error = await unavailable(client.validate({ baseUrl }, SERVICE, 'ST-1-abc'));
    expect(error.reason).to.equal('network');
    expect(error.message).to.not.contain('ST-1-abc');
  });

  it('tests a base URL: a CAS 3.0 server answers INVALID_REQUEST to a request without parameters', async () => {
    expect(await client.check(server())).to.deep.equal({ ok: true });
    expect(cas.calls.at(-1)).to.deep.include({ endpoint: 'p3/serviceValidate', query: {}, failureCode: 'INVALID_REQUEST' });
    cas.failNext('p3/serviceValidate', { kind: 'http', status: 502 });
    expect(await client.check(server())).to.deep.include({ ok: false, code: 'cas_unavailable' });
    cas.failNext('p3/serviceValidate', { kind: 'html' });
    expect(await client.check(server())).to.deep.include({ ok: false, code: 'cas_protocol_error' });
    expect(await client.check({ baseUrl: `${cas.origin}/not-cas` })).to.deep.include({ ok: false, code: 'cas_protocol_error' });
  });

  it('reads the single-logout request of Appendix C: the SessionIndex is the service ticket', () => {
    expect(parseLogoutRequest(logoutRequestXml('ST-42-abcDEF'))).to.deep.equal({ sessionIndex: 'ST-42-abcDEF' });
    expect(parseLogoutRequest('<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="x" Version="2.0"><saml:NameID xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">@NOT_USED@</saml:NameID></samlp:LogoutRequest>')).to.equal(null);
    expect(parseLogoutRequest('<LogoutResponse/>')).to.equal(null);
    expect(parseLogoutRequest('ST-42-abcDEF')).to.equal(null);
    expect(parseLogoutRequest('<samlp:LogoutRequest')).to.equal(null);
  });
});
