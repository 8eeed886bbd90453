import { expect } from 'chai';
import { startCasServer, type CasServerDouble } from '../helpers/cas-server/index.js';
import { createUser, type UserWithToken } from '../helpers/factories.js';
import { buildTestApp, TEST_PUBLIC_URL, type TestApp } from '../helpers/test-app.js';
import { csrfFrom, loggedInAgent } from '../helpers/web-session.js';

type Agent = Awaited<ReturnType<typeof loggedInAgent>>['agent'];

describe('/admin/sso/cas: CAS servers', () => {
  let ctx: TestApp;
  let admin: UserWithToken;
  let agent: Agent;
  let csrf: string;
  let cas: CasServerDouble;

  const page = (path: string, language = 'en') => agent.get(path).set('Accept-Language', language).expect(200);
  const post = (path: string, fields: Record<string, string> = {}) => agent.post(path).set('Accept-Language', 'en').type('form').send({ _csrf: csrf, ...fields });

  before(async () => {
    ctx = await buildTestApp({ CAS_TIMEOUT_SECONDS: '2' });
    cas = await startCasServer();
    admin = await createUser(ctx, { role: 'admin', username: 'cas.admin' });
    ({ agent, csrf } = await loggedInAgent(ctx.app, admin.user.username));
  });
  after(async () => {
    await cas?.close();
    await ctx?.close();
  });

  it('adds a server (URL normalised), shows its service URL, edits, disables and enables it; the nav links to the page', async () => {
    const empty = await page('/admin/sso/cas');
    expect(empty.text).to.contain('No CAS server yet.').and.contain('href="/admin/sso/cas/new"').and.contain('<a href="/admin" aria-current="true">Administration</a>');
    const form = await page('/admin/sso/cas/new');
    expect(form.text).to.contain('id="base_url" name="base_url" type="url"').and.contain('<label for="name">Name</label>');

    const added = await post('/admin/sso/cas', { name: ' Université de Test ', base_url: `${cas.baseUrl}/` }).expect(303);
    const [server] = await ctx.services.casServers.list(admin.user.siteId);
    expect(server).to.deep.equal({ id: server!.id, siteId: admin.user.siteId, name: 'Université de Test', baseUrl: cas.baseUrl, enabled: true });
    expect(added.headers.location).to.equal(`/admin/sso/cas/${server!.id}`);
    const edit = await page(added.headers.location!);
    expect(edit.text).to.contain('CAS server added. Register its service URL at the CAS server.').and.contain(`data-service-url="${TEST_PUBLIC_URL}/sso/cas/${server!.id}/callback"`);
    expect(edit.text).to.contain(`value="${cas.baseUrl}"`).and.not.contain('data-identities');

    await post(`/admin/sso/cas/${server!.id}`, { name: 'Université de Lille', base_url: cas.baseUrl.replace('127.0.0.1', 'localhost') }).expect(303);
    expect(await ctx.services.casServers.findById(server!.id)).to.include({ name: 'Université de Lille', baseUrl: cas.baseUrl.replace('127.0.0.1', 'localhost') });
    await post(`/admin/sso/cas/${server!.id}`, { name: 'Université de Lille', base_url: cas.baseUrl }).expect(303);

    const list = await page('/admin/sso/cas');
    expect(list.text).to.contain(`<tr data-server-id="${server!.id}">`).and.contain(`<code>${cas.baseUrl}</code>`).and.contain('data-enabled="true"');
    const off = await post(`/admin/sso/cas/${server!.id}/disable`).expect(303);
    expect(off.headers.location).to.equal('/admin/sso/cas');
    expect(await ctx.services.casServers.listEnabled(admin.user.siteId)).to.deep.equal([]);
    expect((await page('/admin/sso/cas')).text).to.contain('CAS server disabled').and.contain('data-enabled="false"').and.contain(`action="/admin/sso/cas/${server!.id}/enable"`);
    await post(`/admin/sso/cas/${server!.id}/enable`).expect(303);
    expect((await ctx.services.casServers.listEnabled(admin.user.siteId)).map((s) => s.id)).to.deep.equal([server!.id]);

    const french = await page('/admin/sso/cas', 'fr');
    expect(french.text).to.contain('Serveurs CAS').and.contain('Activé').and.contain('Tester');
  });

  it('tests a server: a CAS 3.0 server there, or why not (unreachable, not CAS)', async () => {
    const other = await startCasServer({ path: '/sso/cas' });
    try {
      const server = await ctx.services.casServerService.add(admin.user, { name: 'Test CAS', baseUrl: other.baseUrl.replace('127.0.0.1', '127.0.0.2') });
      const unreachable = await post(`/admin/sso/cas/${server.id}/check`).expect(200);
      expect(unreachable.text).to.contain('data-code="cas_unavailable"').and.contain('The server could not be reached');
      await ctx.services.casServerService.update(admin.user, server.id, { name: 'Test CAS', baseUrl: `${other.origin}/elsewhere` });
      const notCas = await post(`/admin/sso/cas/${server.id}/check`).expect(200);
      expect(notCas.text).to.contain('data-code="cas_protocol_error"').and.contain('Something answered at this URL, but not a CAS 3.0 server.');
      await ctx.services.casServerService.update(admin.user, server.id, { name: 'Test CAS', baseUrl: other.baseUrl });
      const ok = await post(`/admin/sso/cas/${server.id}/check`).expect(200);
      expect(ok.text).to.contain('data-check="ok"').and.contain('A CAS 3.0 server answers at this URL');
      expect(other.calls.at(-1)).to.deep.include({ endpoint: 'p3/serviceValidate', query: {}, failureCode: 'INVALID_REQUEST' });
      other.failNext('p3/serviceValidate', { kind: 'http', status: 503 });
      const down = await post(`/admin/sso/cas/${server.id}/check`).expect(200);
      expect(down.text).to.contain('data-code="cas_unavailable"').and.contain('Code: cas_unavailable').and.contain('CAS server answered HTTP 503');
      await ctx.services.casServerService.remove(admin.user, server.id);
    } finally {
      await other.close();
    }
  });

  it('removes a server after a confirmation that says the accounts signed in through it are kept; they are', async () => {
    const server = await ctx.services.casServerService.add(admin.user, { name: 'Old CAS', baseUrl: 'https://cas.old-univ.example/cas' });
    const person = await createUser(ctx, { role: 'student', username: 'old.student' });
    await ctx.services.userIdentities.record({ userId: person.user.id, provider: 'cas', issuer: server.baseUrl, subject: 'ostudent', username: null });
    const edit = await page(`/admin/sso/cas/${server.id}`);
    expect(edit.text).to.contain('data-identities="1"').and.contain('after a change of URL, they would sign in as new people');
    const confirm = await page(`/admin/sso/cas/${server.id}/remove`);
    expect(confirm.text).to.contain('Remove the CAS server “Old CAS”?').and.contain('data-identities="1"').and.contain('Their accounts are kept, tied to its URL');
    const removed = await agent.post(`/admin/sso/cas/${server.id}/remove`).type('form').send({ _csrf: csrfFrom(confirm.text) }).expect(303);
    expect(removed.headers.location).to.equal('/admin/sso/cas');
    expect(await ctx.services.casServers.findById(server.id)).to.equal(null);
    expect(await ctx.services.userIdentities.userOf('cas', 'https://cas.old-univ.example/cas', 'ostudent')).to.equal(person.user.id);
    expect((await page('/admin/sso/cas')).text).to.contain('CAS server removed.');
  });
});
