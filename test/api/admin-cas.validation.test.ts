import { expect } from 'chai';
import request from 'supertest';
import { AppError } from '../../server/src/domain/errors.js';
import type { CasServer } from '../../server/src/domain/sso/cas-server.js';
import { statusOf } from '../../server/src/http/middlewares/error-handler.js';
import { createUser, type UserWithToken } from '../helpers/factories.js';
import { expectProblem } from '../helpers/problem.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { fieldError, loggedInAgent } from '../helpers/web-session.js';

type Agent = Awaited<ReturnType<typeof loggedInAgent>>['agent'];

const form = (csrf: string, fields: Record<string, string> = {}) => ({ _csrf: csrf, name: 'CAS Lettres', base_url: 'https://cas-lettres.univ.example/cas', ...fields });

/** The code of the form's refusal. */
const refusalCode = (page: string): string | null => /<form [^>]*data-error-code="([^"]+)"/.exec(page)?.[1] ?? null;

/** The HTTP status and code of a domain refusal. */
async function refusal(promise: Promise<unknown>): Promise<[number, string]> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).to.be.instanceOf(AppError);
  return [statusOf(error as AppError), (error as AppError).code];
}

describe('/admin/sso/cas: refusals', () => {
  let ctx: TestApp;
  let admin: UserWithToken;
  let existing: CasServer;
  let agent: Agent;
  let csrf: string;

  const post = (path: string, fields: Record<string, string>, language = 'en') => agent.post(path).set('Accept-Language', language).set('Accept', 'text/html').type('form').send(fields);
  const ACTIONS = ['enable', 'disable', 'check', 'remove'];

  before(async () => {
    ctx = await buildTestApp();
    admin = await createUser(ctx, { role: 'admin', username: 'cas.admin' });
    existing = await ctx.services.casServerService.add(admin.user, { name: 'CAS Université', baseUrl: 'https://cas.univ.example/cas' });
    ({ agent, csrf } = await loggedInAgent(ctx.app, admin.user.username));
  });
  after(async () => ctx?.close());

  it('shows every problem of a new server next to its field (400 invalid_cas_server), keeping what was typed', async () => {
    const bad = await post('/admin/sso/cas', form(csrf, { name: ' ', base_url: 'cas.univ.example' })).expect(400);
    expect(refusalCode(bad.text)).to.equal('invalid_cas_server');
    expect(fieldError(bad.text, 'name')).to.equal('Give a name of 1 to 200 characters.');
    expect(fieldError(bad.text, 'base_url')).to.equal('Enter the address of the CAS server as an https URL, e.g. https://cas.univ.example/cas.');
    expect(bad.text).to.contain('id="base_url" name="base_url" type="url" value="cas.univ.example"').and.contain('aria-invalid="true"');

    const cases: [Record<string, string>, string, string][] = [
      [{ name: 'x'.repeat(201) }, 'name', 'Give a name of 1 to 200 characters.'],
      [{ base_url: 'ftp://cas.univ.example/cas' }, 'base_url', 'Enter the address of the CAS server as an https URL, e.g. https://cas.univ.example/cas.'],
      [{ base_url: 'http://cas.univ.example/cas' }, 'base_url', 'Use https: http is accepted only for a server on this machine (localhost, 127.0.0.1, ::1), for tests.'],
      [{ base_url: 'https://admin:pw@cas.univ.example/cas' }, 'base_url', 'Remove the user name, password, query (?…) or fragment (#…) from the URL.'],
      [{ base_url: 'https://cas.univ.example/cas?renew=true' }, 'base_url', 'Remove the user name, password, query (?…) or fragment (#…) from the URL.'],
      [{ base_url: 'https://cas.univ.example/cas#login' }, 'base_url', 'Remove the user name, password, query (?…) or fragment (#…) from the URL.'],
      [{ base_url: `https://cas.univ.example/${'a'.repeat(480)}` }, 'base_url', 'The URL has at most 500 characters.'],
    ];
    for (const [fields, field, message] of cases) {
      const refused = await post('/admin/sso/cas', form(csrf, fields)).expect(400);
      expect(refusalCode(refused.text), JSON.stringify(fields)).to.equal('invalid_cas_server');
      expect(fieldError(refused.text, field), JSON.stringify(fields)).to.equal(message);
    }
    const french = await post('/admin/sso/cas', form(csrf, { base_url: 'http://cas.univ.example' }), 'fr').expect(400);
    expect(fieldError(french.text, 'base_url')).to.equal('Utilisez https : http n’est accepté que pour un serveur sur cette machine (localhost, 127.0.0.1, ::1), pour les tests.');
    expect(await ctx.services.casServerService.list(admin.user)).to.have.length(1);
  });

  it('refuses a URL another server of the site has (400 cas_server_exists on the form, 409 from the domain), on add and on edit', async () => {
    const taken = await post('/admin/sso/cas', form(csrf, { base_url: 'https://CAS.univ.example/cas/' })).expect(400);
    expect(refusalCode(taken.text)).to.equal('cas_server_exists');
    expect(fieldError(taken.text, 'base_url')).to.equal('Another CAS server of this site already has this URL.');
    const other = await ctx.services.casServerService.add(admin.user, { name: 'CAS Droit', baseUrl: 'https://cas-droit.univ.example/cas' });
    const moved = await post(`/admin/sso/cas/${other.id}`, form(csrf, { base_url: existing.baseUrl })).expect(400);
    expect(refusalCode(moved.text)).to.equal('cas_server_exists');
    expect(moved.text).to.contain(`data-service-url="`);
    const invalid = await post(`/admin/sso/cas/${other.id}`, form(csrf, { name: '' })).expect(400);
    expect(refusalCode(invalid.text)).to.equal('invalid_cas_server');
    expect(await ctx.services.casServers.findById(other.id)).to.include({ name: 'CAS Droit', baseUrl: 'https://cas-droit.univ.example/cas' });
    expect(await refusal(ctx.services.casServerService.add(admin.user, { name: 'Twice', baseUrl: existing.baseUrl }))).to.deep.equal([409, 'cas_server_exists']);
    expect(await refusal(ctx.services.casServerService.add(admin.user, { name: '', baseUrl: '' }))).to.deep.equal([400, 'invalid_cas_server']);
  });

  it('answers 400 for a server number that is not one, 404 for an unknown server', async () => {
    expectProblem(await agent.get('/admin/sso/cas/abc'), 400, 'invalid_cas_server_id');
    expectProblem(await agent.post('/admin/sso/cas/0/check').type('form').send({ _csrf: csrf }), 400, 'invalid_cas_server_id');
    expectProblem(await agent.get('/admin/sso/cas/99999'), 404, 'cas_server_not_found');
    expectProblem(await agent.get('/admin/sso/cas/99999/remove'), 404, 'cas_server_not_found');
    for (const action of ACTIONS) {
      expectProblem(await agent.post(`/admin/sso/cas/99999/${action}`).type('form').send({ _csrf: csrf }), 404, 'cas_server_not_found');
    }
    expectProblem(await agent.post('/admin/sso/cas/99999').type('form').send(form(csrf)), 404, 'cas_server_not_found');
    const page = await agent.get('/admin/sso/cas/99999').set('Accept', 'text/html').set('Accept-Language', 'en').expect(404);
    expect(page.text).to.contain('This CAS server does not exist on this site.').and.contain('data-code="cas_server_not_found"');
  });

  it('keeps sites apart: another site’s administrator gets 404 for its servers', async () => {
    const site = await ctx.database.db.insertInto('sites').values({ name: 'IUT', domain: 'iut.univ.example' }).returning('id').executeTakeFirstOrThrow();
    const iutAdmin = await ctx.services.userService.create({ username: 'iut.admin', role: 'admin', siteId: site.id });
    const service = ctx.services.casServerService;
    expect(await service.list(iutAdmin)).to.deep.equal([]);
    expect(await refusal(service.get(iutAdmin, existing.id))).to.deep.equal([404, 'cas_server_not_found']);
    expect(await refusal(service.disable(iutAdmin, existing.id))).to.deep.equal([404, 'cas_server_not_found']);
    expect(await refusal(service.remove(iutAdmin, existing.id))).to.deep.equal([404, 'cas_server_not_found']);
    // Each site may have its own server at the same URL.
    const iutServer = await service.add(iutAdmin, { name: 'CAS', baseUrl: existing.baseUrl });
    expect(iutServer.siteId).to.equal(site.id);
    expect(await ctx.services.casServers.findById(existing.id)).to.include({ enabled: true, siteId: admin.user.siteId });
  });

  it('is for administrators only (403 admin_only for staff, login for visitors)', async () => {
    const staff = await createUser(ctx, { role: 'staff', username: 'cas.staff' });
    const { agent: staffAgent, csrf: staffCsrf } = await loggedInAgent(ctx.app, staff.user.username);
    for (const path of ['/admin/sso/cas', '/admin/sso/cas/new', `/admin/sso/cas/${existing.id}`, `/admin/sso/cas/${existing.id}/remove`]) {
      expectProblem(await staffAgent.get(path), 403, 'admin_only');
    }
    expectProblem(await staffAgent.post('/admin/sso/cas').type('form').send(form(staffCsrf, { base_url: 'https://cas.staff.example/cas' })), 403, 'admin_only');
    expectProblem(await staffAgent.post(`/admin/sso/cas/${existing.id}`).type('form').send(form(staffCsrf)), 403, 'admin_only');
    for (const action of ACTIONS) {
      expectProblem(await staffAgent.post(`/admin/sso/cas/${existing.id}/${action}`).type('form').send({ _csrf: staffCsrf }), 403, 'admin_only');
    }
    const staffPage = await staffAgent.get('/my/videos').set('Accept-Language', 'en').expect(200);
    expect(staffPage.text).to.not.contain('href="/admin/sso/cas"');
    for (const path of ['/admin/sso/cas', `/admin/sso/cas/${existing.id}`]) {
      const anonymous = await request(ctx.app).get(path).expect(303);
      expect(anonymous.headers.location).to.equal(`/login?next=${encodeURIComponent(path)}`);
    }
    expect(await ctx.services.casServers.findById(existing.id)).to.include({ enabled: true, name: 'CAS Université' });
  });

  it('refuses posts without the session’s CSRF token (403 csrf_failed)', async () => {
    expectProblem(await agent.post('/admin/sso/cas').type('form').send(form('forged', { base_url: 'https://cas.forged.example/cas' })), 403, 'csrf_failed');
    expectProblem(await agent.post(`/admin/sso/cas/${existing.id}`).type('form').send(form('forged', { name: 'Forged' })), 403, 'csrf_failed');
    for (const action of ACTIONS) {
      expectProblem(await agent.post(`/admin/sso/cas/${existing.id}/${action}`).type('form').send({}), 403, 'csrf_failed');
    }
    expect(await ctx.services.casServers.findById(existing.id)).to.include({ enabled: true, name: 'CAS Université' });
  });
});
