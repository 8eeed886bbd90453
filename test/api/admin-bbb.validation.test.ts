import { expect } from 'chai';
import request from 'supertest';
import { AppError } from '../../server/src/domain/errors.js';
import type { BbbServer } from '../../server/src/domain/meetings/bbb-server.js';
import { statusOf } from '../../server/src/http/middlewares/error-handler.js';
import { createUser, type UserWithToken } from '../helpers/factories.js';
import { expectProblem } from '../helpers/problem.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { fieldError, loggedInAgent } from '../helpers/web-session.js';

type Agent = Awaited<ReturnType<typeof loggedInAgent>>['agent'];

const form = (csrf: string, fields: Record<string, string> = {}) => ({
  _csrf: csrf,
  name: 'BBB Lettres',
  api_url: 'https://bbb-lettres.univ.example',
  secret: 'lettres-secret-1',
  checksum_algorithm: 'sha256',
  ...fields,
});

/** The HTTP status and code of a domain refusal. */
async function refusal(promise: Promise<unknown>): Promise<[number, string]> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).to.be.instanceOf(AppError);
  return [statusOf(error as AppError), (error as AppError).code];
}

/** The code of the form's refusal. */
const refusalCode = (page: string): string | null => /<form [^>]*data-error-code="([^"]+)"/.exec(page)?.[1] ?? null;

describe('/admin/bbb: refusals', () => {
  let ctx: TestApp;
  let admin: UserWithToken;
  let staff: UserWithToken;
  let existing: BbbServer;
  let agent: Agent;
  let csrf: string;

  const post = (path: string, fields: Record<string, string>, language = 'en') => agent.post(path).set('Accept-Language', language).set('Accept', 'text/html').type('form').send(fields);

  before(async () => {
    ctx = await buildTestApp();
    admin = await createUser(ctx, { role: 'admin', username: 'bbb.admin' });
    staff = await createUser(ctx, { role: 'staff', username: 'bbb.staff' });
    existing = await ctx.services.bbbServerService.add(admin.user, { name: 'BBB ESR', apiUrl: 'https://univ.bbb.numerique-esr.fr/bigbluebutton/api', secret: 'esr-secret-123', checksumAlgorithm: 'sha256' });
    ({ agent, csrf } = await loggedInAgent(ctx.app, admin.user.username));
  });
  after(async () => ctx?.close());

  it('shows every problem of a new server next to its field (400 invalid_bbb_server), keeping what was typed but the secret', async () => {
    const bad = await post('/admin/bbb/servers', form(csrf, { name: ' ', api_url: 'bbb-lettres', secret: 'short', checksum_algorithm: 'md5' })).expect(400);
    expect(refusalCode(bad.text)).to.equal('invalid_bbb_server');
    expect(fieldError(bad.text, 'name')).to.equal('Give a name of 1 to 100 characters.');
    expect(fieldError(bad.text, 'api_url')).to.equal('Enter the server’s address as an https URL, e.g. https://bbb.univ.example/bigbluebutton/api/.');
    expect(fieldError(bad.text, 'secret')).to.equal('The secret has 8 to 512 characters, without spaces.');
    expect(fieldError(bad.text, 'checksum_algorithm')).to.equal('Choose SHA-1, SHA-256, SHA-384 or SHA-512.');
    expect(bad.text).to.contain('id="api_url" name="api_url" type="url" value="bbb-lettres"').and.contain('aria-invalid="true"').and.not.contain('value="short"');

    const cases: [Record<string, string>, string, string][] = [
      [{ name: 'x'.repeat(101) }, 'name', 'Give a name of 1 to 100 characters.'],
      [{ api_url: 'http://bbb-lettres.univ.example/bigbluebutton/api/' }, 'api_url', 'Use https: http is accepted only for a server on this machine (localhost, 127.0.0.1, ::1), for tests.'],
      [{ api_url: 'https://admin:pw@bbb-lettres.univ.example/' }, 'api_url', 'Remove the user name, password, query (?…) or fragment (#…) from the URL.'],
      [{ api_url: 'https://bbb-lettres.univ.example/bigbluebutton/api/?x=1' }, 'api_url', 'Remove the user name, password, query (?…) or fragment (#…) from the URL.'],
      [{ api_url: 'https://bbb-lettres.univ.example/rooms' }, 'api_url', 'The path must end in /api (e.g. /bigbluebutton/api/); or give the host name alone.'],
      [{ api_url: `https://bbb-lettres.univ.example/${'a'.repeat(500)}/api` }, 'api_url', 'The URL has at most 500 characters.'],
      [{ secret: '' }, 'secret', 'Give the server’s shared secret (bbb-conf --secret on the server).'],
      [{ secret: 'has a space' }, 'secret', 'The secret has 8 to 512 characters, without spaces.'],
      [{ secret: 'x'.repeat(513) }, 'secret', 'The secret has 8 to 512 characters, without spaces.'],
    ];
    for (const [fields, field, message] of cases) {
      const refused = await post('/admin/bbb/servers', form(csrf, fields)).expect(400);
      expect(refusalCode(refused.text), JSON.stringify(fields)).to.equal('invalid_bbb_server');
      expect(fieldError(refused.text, field), JSON.stringify(fields)).to.equal(message);
    }
    const french = await post('/admin/bbb/servers', form(csrf, { api_url: 'http://bbb.univ.example' }), 'fr').expect(400);
    expect(fieldError(french.text, 'api_url')).to.equal('Utilisez https : http n’est accepté que pour un serveur sur cette machine (localhost, 127.0.0.1, ::1), pour les tests.');
    expect(await ctx.services.bbbServerService.list(admin.user)).to.have.length(1);
  });

  it('refuses a name another server of the site has (400 bbb_server_exists), on add and on edit', async () => {
    const taken = await post('/admin/bbb/servers', form(csrf, { name: 'bbb esr' })).expect(400);
    expect(refusalCode(taken.text)).to.equal('bbb_server_exists');
    expect(fieldError(taken.text, 'name')).to.equal('Another server of this site already has this name.');
    const other = await ctx.services.bbbServerService.add(admin.user, { name: 'BBB Droit', apiUrl: 'https://bbb-droit.univ.example', secret: 'droit-secret-1', checksumAlgorithm: 'sha1' });
    const renamed = await post(`/admin/bbb/servers/${other.id}`, form(csrf, { name: 'BBB ESR', secret: '' })).expect(400);
    expect(refusalCode(renamed.text)).to.equal('bbb_server_exists');
    expect(fieldError(renamed.text, 'name')).to.equal('Another server of this site already has this name.');
    const invalid = await post(`/admin/bbb/servers/${other.id}`, form(csrf, { api_url: 'mailto:x' })).expect(400);
    expect(refusalCode(invalid.text)).to.equal('invalid_bbb_server');
    expect(await ctx.services.bbbServers.findById(other.id)).to.include({ name: 'BBB Droit', secret: 'droit-secret-1' });
  });

  it('answers 400 for a server number that is not one, 404 for an unknown server', async () => {
    expectProblem(await agent.get('/admin/bbb/servers/abc'), 400, 'invalid_bbb_server_id');
    expectProblem(await agent.post('/admin/bbb/servers/0/check').type('form').send({ _csrf: csrf }), 400, 'invalid_bbb_server_id');
    expectProblem(await agent.get('/admin/bbb/servers/99999'), 404, 'bbb_server_not_found');
    for (const action of ['default', 'activate', 'deactivate', 'check', 'remove']) {
      expectProblem(await agent.post(`/admin/bbb/servers/99999/${action}`).type('form').send({ _csrf: csrf }), 404, 'bbb_server_not_found');
    }
    expectProblem(await agent.post('/admin/bbb/servers/99999').type('form').send(form(csrf)), 404, 'bbb_server_not_found');
    const page = await agent.get('/admin/bbb/servers/99999').set('Accept', 'text/html').set('Accept-Language', 'en').expect(404);
    expect(page.text).to.contain('This BigBlueButton server does not exist on this site.');
  });

  it('keeps sites apart: another site’s administrator gets 404 for its servers, 403 bbb_other_site for its settings', async () => {
    const site = await ctx.database.db.insertInto('sites').values({ name: 'IUT', domain: 'iut.univ.example' }).returning('id').executeTakeFirstOrThrow();
    const iutAdmin = await ctx.services.userService.create({ username: 'iut.admin', role: 'admin', siteId: site.id });
    const service = ctx.services.bbbServerService;
    expect(await service.list(iutAdmin)).to.deep.equal([]);
    expect(await refusal(service.get(iutAdmin, existing.id))).to.deep.equal([404, 'bbb_server_not_found']);
    expect(await refusal(service.deactivate(iutAdmin, existing.id))).to.deep.equal([404, 'bbb_server_not_found']);
    expect(await refusal(service.list(iutAdmin, { siteId: admin.user.siteId }))).to.deep.equal([403, 'bbb_other_site']);
    expect(await refusal(service.setSiteAutoImport(iutAdmin, true, { siteId: admin.user.siteId }))).to.deep.equal([403, 'bbb_other_site']);
    // The main site's administrators manage every site, as for Moodle keys.
    const iutServer = await service.add(admin.user, { name: 'BBB IUT', apiUrl: 'https://bbb.iut.univ.example', secret: 'iut-secret-1', checksumAlgorithm: 'sha256' }, { siteId: site.id });
    expect(iutServer).to.include({ siteId: site.id, isDefault: true });
    expect((await service.list(iutAdmin)).map((server) => server.id)).to.deep.equal([iutServer.id]);
    expect(await refusal(service.list(admin.user, { siteId: 424242 }))).to.deep.equal([404, 'site_not_found']);
    expect((await ctx.services.bbbServers.findById(existing.id))!.isActive).to.equal(true);
  });

  it('refuses to make an inactive server the default (409 bbb_server_inactive)', async () => {
    const spare = await ctx.services.bbbServerService.add(admin.user, { name: 'Spare', apiUrl: 'https://spare.univ.example', secret: 'spare-secret', checksumAlgorithm: '' });
    await ctx.services.bbbServerService.deactivate(admin.user, spare.id);
    expectProblem(await agent.post(`/admin/bbb/servers/${spare.id}/default`).type('form').send({ _csrf: csrf }), 409, 'bbb_server_inactive');
    const page = await agent.post(`/admin/bbb/servers/${spare.id}/default`).set('Accept', 'text/html').set('Accept-Language', 'en').type('form').send({ _csrf: csrf }).expect(409);
    expect(page.text).to.contain('Reactivate this server before making it the default one.');
    expect(await ctx.services.bbbServers.findDefault(admin.user.siteId)).to.include({ id: existing.id });
  });

  it('is for administrators only (403 admin_only for staff, login for visitors)', async () => {
    const { agent: staffAgent, csrf: staffCsrf } = await loggedInAgent(ctx.app, staff.user.username);
    for (const path of ['/admin/bbb', '/admin/bbb/servers/new', `/admin/bbb/servers/${existing.id}`, `/admin/bbb/servers/${existing.id}/remove`]) {
      expectProblem(await staffAgent.get(path), 403, 'admin_only');
    }
    expectProblem(await staffAgent.post('/admin/bbb/servers').type('form').send(form(staffCsrf, { name: 'Staff' })), 403, 'admin_only');
    expectProblem(await staffAgent.post(`/admin/bbb/servers/${existing.id}`).type('form').send(form(staffCsrf)), 403, 'admin_only');
    for (const action of ['default', 'activate', 'deactivate', 'check', 'remove']) {
      expectProblem(await staffAgent.post(`/admin/bbb/servers/${existing.id}/${action}`).type('form').send({ _csrf: staffCsrf }), 403, 'admin_only');
    }
    expectProblem(await staffAgent.post('/admin/bbb/auto-import').type('form').send({ _csrf: staffCsrf, auto_import: 'true' }), 403, 'admin_only');
    const staffPage = await staffAgent.get('/my/videos').set('Accept-Language', 'en').expect(200);
    expect(staffPage.text).to.not.contain('href="/admin/bbb"');
    expect(await ctx.services.bbbServers.findById(existing.id)).to.include({ isActive: true, name: 'BBB ESR' });
    expect(await ctx.services.bbbServers.siteAutoImport(admin.user.siteId)).to.equal(false);
    for (const path of ['/admin/bbb', `/admin/bbb/servers/${existing.id}`]) {
      const anonymous = await request(ctx.app).get(path).expect(303);
      expect(anonymous.headers.location).to.equal(`/login?next=${encodeURIComponent(path)}`);
    }
  });

  it('refuses posts without the session’s CSRF token (403 csrf_failed)', async () => {
    expectProblem(await agent.post('/admin/bbb/servers').type('form').send(form('forged', { name: 'Forged' })), 403, 'csrf_failed');
    expectProblem(await agent.post(`/admin/bbb/servers/${existing.id}`).type('form').send(form('forged', { name: 'Forged' })), 403, 'csrf_failed');
    for (const action of ['default', 'deactivate', 'check', 'remove']) {
      expectProblem(await agent.post(`/admin/bbb/servers/${existing.id}/${action}`).type('form').send({}), 403, 'csrf_failed');
    }
    expectProblem(await agent.post('/admin/bbb/auto-import').type('form').send({ _csrf: 'forged', auto_import: 'true' }), 403, 'csrf_failed');
    expect(await ctx.services.bbbServers.findById(existing.id)).to.include({ isActive: true, name: 'BBB ESR' });
    expect(await ctx.services.bbbServers.siteAutoImport(admin.user.siteId)).to.equal(false);
    expect((await ctx.services.bbbServerService.list(admin.user)).some((server) => server.name === 'Forged')).to.equal(false);
  });
});
