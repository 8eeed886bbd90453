import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BbbServer } from '../../server/src/domain/meetings/bbb-server.js';
import { startBbbServer } from '../helpers/bbb-server/index.js';
import { createUser, type UserWithToken } from '../helpers/factories.js';
import { expectProblem } from '../helpers/problem.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { csrfFrom, loggedInAgent } from '../helpers/web-session.js';

type Agent = Awaited<ReturnType<typeof loggedInAgent>>['agent'];
type Double = Awaited<ReturnType<typeof startBbbServer>>;

/** The row of a server in the /admin/bbb table. */
function rowOf(page: string, id: number): string {
  const row = new RegExp(`<tr data-server-id="${id}">([\\s\\S]*?)</tr>`).exec(page)?.[1];
  if (row === undefined) throw new Error(`no row for server ${id}`);
  return row;
}

/** Posts a form of the page at `from` (its CSRF token) to `to`, in `language`. */
async function submit(agent: Agent, from: string, to: string, fields: Record<string, string> = {}, language = 'en') {
  const page = await agent.get(from).set('Accept-Language', language).expect(200);
  return agent.post(to).set('Accept-Language', language).set('Accept', 'text/html').type('form').send({ _csrf: csrfFrom(page.text), ...fields });
}

/** The outcome block of a connection test page. */
function checkOutcome(page: string): { state: string; code: string | null; text: string } {
  const block = /<div class="flash [^"]*" role="[^"]*" data-check="(ok|failed)"(?: data-code="([^"]*)")?>([\s\S]*?)<\/div>/.exec(page);
  if (!block) throw new Error('no connection test outcome in the page');
  return { state: block[1]!, code: block[2] ?? null, text: block[3]!.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim() };
}

/** A port nothing listens on (a server opened then closed). */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  return port;
}

/** An HTTP server that answers every request with a web page: not a BBB API. */
async function webPageServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html><body>Welcome</body></html>'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/portal/api/`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('/admin/bbb: the BigBlueButton servers of a site', function () {
  this.timeout(60_000);
  let ctx: TestApp;
  let admin: UserWithToken;
  let bbb: Double;
  let agent: Agent;

  const byName = async (name: string): Promise<BbbServer> => {
    const found = (await ctx.services.bbbServerService.list(admin.user)).find((server) => server.name === name);
    if (!found) throw new Error(`no server ${name}`);
    return found;
  };
  const addServer = (name: string, apiUrl: string, secret: string, checksumAlgorithm = 'sha256') => ctx.services.bbbServerService.add(admin.user, { name, apiUrl, secret, checksumAlgorithm });

  /** A recording of `server` imported as a video (what makes a server "in use"). */
  async function importedFrom(server: BbbServer): Promise<void> {
    await ctx.database.db
      .insertInto('bbb_recording_imports')
      .values({ site_id: server.siteId, server_id: server.id, record_id: `rec-${server.id}`, bbb_meeting_id: 'm-1', name: 'Cours 1', recorded_at: new Date(), owner_id: admin.user.id, trigger: 'manual', status: 'done' })
      .execute();
  }

  before(async () => {
    ctx = await buildTestApp({ BBB_RETRIES: '0', BBB_TIMEOUT_SECONDS: '5' });
    admin = await createUser(ctx, { role: 'admin', username: 'bbb.admin' });
    bbb = await startBbbServer();
    ({ agent } = await loggedInAgent(ctx.app, admin.user.username));
  });
  after(async () => {
    await bbb?.close();
    await ctx?.close();
  });

  it('adds the first server as the default one, with its API URL normalised, and lists it', async () => {
    const empty = await agent.get('/admin/bbb').set('Accept-Language', 'en').expect(200);
    expect(empty.text).to.contain('No server yet').and.contain('<a href="/admin" aria-current="true">');
    const form = await agent.get('/admin/bbb/servers/new').set('Accept-Language', 'en').expect(200);
    expect(form.text).to.contain('<input id="secret" name="secret" type="password" autocomplete="new-password"');
    expect(form.text).to.contain('<option value="sha256" selected>SHA-256 (recommended)</option>').and.contain('SHA-1 (only for old servers that accept nothing else)');
    expect(form.text).to.match(/id="is_default" name="is_default" value="true" checked/);

    const origin = bbb.origin;
    const added = await submit(agent, '/admin/bbb/servers/new', '/admin/bbb/servers', { name: 'BBB UFR', api_url: `${origin}/bigbluebutton`, secret: bbb.secret, checksum_algorithm: 'sha256', is_default: 'true' });
    expect(added.status).to.equal(303);
    expect(added.headers.location).to.equal('/admin/bbb');
    const server = await byName('BBB UFR');
    expect(server).to.include({ apiUrl: bbb.apiUrl, secret: bbb.secret, checksumAlgorithm: 'sha256', isDefault: true, isActive: true, siteId: admin.user.siteId });

    const list = await agent.get('/admin/bbb').set('Accept-Language', 'en').expect(200);
    expect(list.text).to.contain('Server added.');
    const row = rowOf(list.text, server.id);
    for (const text of ['BBB UFR', `<code>${bbb.apiUrl}</code>`, 'SHA-256', 'Default server', 'Active', `href="/admin/bbb/servers/${server.id}/recordings"`, 'Recordings on this server', `action="/admin/bbb/servers/${server.id}/check"`, 'Test the connection']) {
      expect(row).to.contain(text);
    }
    expect(list.text).to.not.contain(bbb.secret);
    const french = await agent.get('/admin/bbb').set('Accept-Language', 'fr').expect(200);
    expect(rowOf(french.text, server.id)).to.contain('Serveur par défaut').and.contain('Tester la connexion').and.contain('Enregistrements de ce serveur');
  });

  it('edits a server: the secret is never shown, a blank one keeps the stored secret', async () => {
    const server = await byName('BBB UFR');
    const page = await agent.get(`/admin/bbb/servers/${server.id}`).set('Accept-Language', 'en').expect(200);
    expect(page.text).to.contain('Leave empty to keep the current secret.').and.contain(`value="${bbb.apiUrl}"`).and.not.contain(bbb.secret);
    expect(page.text).to.not.contain('name="is_default"');

    const renamed = await submit(agent, `/admin/bbb/servers/${server.id}`, `/admin/bbb/servers/${server.id}`, { name: 'BBB Sciences', api_url: bbb.origin, secret: '', checksum_algorithm: 'sha512' });
    expect(renamed.status).to.equal(303);
    expect(await ctx.services.bbbServers.findById(server.id)).to.include({ name: 'BBB Sciences', secret: bbb.secret, checksumAlgorithm: 'sha512', apiUrl: bbb.apiUrl });
    expect((await agent.get(`/admin/bbb/servers/${server.id}`).set('Accept-Language', 'en')).text).to.contain('Server saved.');

    const refused = await submit(agent, `/admin/bbb/servers/${server.id}`, `/admin/bbb/servers/${server.id}`, { name: 'BBB Sciences', api_url: 'ftp://bbb', secret: 'typed-but-refused', checksum_algorithm: 'sha256' });
    expect(refused.status).to.equal(400);
    expect(refused.text).to.not.contain('typed-but-refused');

    const changed = await submit(agent, `/admin/bbb/servers/${server.id}`, `/admin/bbb/servers/${server.id}`, { name: 'BBB Sciences', api_url: bbb.apiUrl, secret: 'a-new-secret-1', checksum_algorithm: 'sha256' });
    expect(changed.status).to.equal(303);
    expect((await ctx.services.bbbServers.findById(server.id))!.secret).to.equal('a-new-secret-1');
    await ctx.services.bbbServerService.update(admin.user, server.id, { name: 'BBB Sciences', apiUrl: bbb.apiUrl, secret: bbb.secret, checksumAlgorithm: 'sha256' });
  });

  it('tests the connection: success, then each failure in plain words with its code', async () => {
    const good = await byName('BBB Sciences');
    const ok = await submit(agent, '/admin/bbb', `/admin/bbb/servers/${good.id}/check`);
    expect(ok.status).to.equal(200);
    expect(checkOutcome(ok.text)).to.deep.include({ state: 'ok', code: null });
    expect(checkOutcome(ok.text).text).to.equal('The connection works: the server answered, and accepted the secret and the checksum algorithm.');
    const call = bbb.calls.at(-1)!;
    expect(call).to.include({ call: 'getRecordings', checksumOk: true });
    expect(call.query.get('meetingID')).to.equal('lectern-connection-check');

    const wrong = await addServer('Wrong secret', bbb.apiUrl, 'not-the-secret');
    const refused = await submit(agent, '/admin/bbb', `/admin/bbb/servers/${wrong.id}/check`);
    expect(refused.status).to.equal(200);
    const outcome = checkOutcome(refused.text);
    expect(outcome).to.deep.include({ state: 'failed', code: 'bbb_checksumError' });
    expect(outcome.text).to.contain('The server refused the checksum: the secret is wrong, or the server does not accept this checksum algorithm').and.contain('Code: bbb_checksumError');
    expect(refused.text).to.not.contain('not-the-secret');
    const french = await submit(agent, '/admin/bbb', `/admin/bbb/servers/${wrong.id}/check`, {}, 'fr');
    expect(checkOutcome(french.text).text).to.contain('Le serveur a refusé la somme de contrôle').and.contain('Code : bbb_checksumError');

    const sha1Only = await startBbbServer({ supportedAlgorithms: ['sha1'] });
    try {
      const modern = await addServer('Old BBB', sha1Only.apiUrl, sha1Only.secret, 'sha256');
      const unsupported = checkOutcome((await submit(agent, '/admin/bbb', `/admin/bbb/servers/${modern.id}/check`)).text);
      expect(unsupported).to.deep.include({ state: 'failed', code: 'bbb_checksumError' });
      expect(unsupported.text).to.contain('or the server does not accept this checksum algorithm');
      await ctx.services.bbbServerService.update(admin.user, modern.id, { name: 'Old BBB', apiUrl: sha1Only.apiUrl, secret: '', checksumAlgorithm: 'sha1' });
      expect(checkOutcome((await submit(agent, '/admin/bbb', `/admin/bbb/servers/${modern.id}/check`)).text).state).to.equal('ok');
    } finally {
      await sha1Only.close();
    }
  });

  it('tests the connection: an unreachable server, and a URL that is not a BBB API', async () => {
    const down = await addServer('Down', `http://127.0.0.1:${await closedPort()}`, 'some-secret');
    const unreachable = checkOutcome((await submit(agent, '/admin/bbb', `/admin/bbb/servers/${down.id}/check`)).text);
    expect(unreachable).to.deep.include({ state: 'failed', code: 'bbb_unavailable' });
    expect(unreachable.text).to.contain('The server could not be reached, or did not answer in time.');

    const web = await webPageServer();
    try {
      const portal = await addServer('Portal', web.url, 'some-secret');
      const notBbb = checkOutcome((await submit(agent, '/admin/bbb', `/admin/bbb/servers/${portal.id}/check`)).text);
      expect(notBbb).to.deep.include({ state: 'failed', code: 'bbb_protocol_error' });
      expect(notBbb.text).to.contain('Something answered at this URL, but not the BigBlueButton API.');
    } finally {
      await web.close();
    }
  });

  it('makes another server the default, deactivates and reactivates servers', async () => {
    const first = await byName('BBB Sciences');
    const second = await byName('Old BBB');
    expect((await submit(agent, '/admin/bbb', `/admin/bbb/servers/${second.id}/default`)).status).to.equal(303);
    expect(await ctx.services.bbbServers.findDefault(admin.user.siteId)).to.include({ id: second.id });
    const list = await agent.get('/admin/bbb').set('Accept-Language', 'en');
    expect(list.text).to.contain('Default server changed: new meetings start on it.');
    expect(rowOf(list.text, first.id)).to.contain(`action="/admin/bbb/servers/${first.id}/default"`);
    expect(rowOf(list.text, second.id)).to.not.contain(`action="/admin/bbb/servers/${second.id}/default"`);

    expect((await submit(agent, '/admin/bbb', `/admin/bbb/servers/${first.id}/deactivate`)).status).to.equal(303);
    const off = await agent.get('/admin/bbb').set('Accept-Language', 'en');
    expect(off.text).to.contain('Server deactivated: meetings no longer start on it.');
    expect(rowOf(off.text, first.id)).to.contain('Inactive').and.contain(`action="/admin/bbb/servers/${first.id}/activate"`).and.not.contain(`/admin/bbb/servers/${first.id}/default"`);
    expect((await submit(agent, '/admin/bbb', `/admin/bbb/servers/${first.id}/activate`)).status).to.equal(303);
    expect((await agent.get('/admin/bbb').set('Accept-Language', 'en')).text).to.contain('Server reactivated.');

    expect((await submit(agent, '/admin/bbb', `/admin/bbb/servers/${second.id}/deactivate`)).status).to.equal(303);
    const noDefault = await agent.get('/admin/bbb').set('Accept-Language', 'en');
    expect(noDefault.text).to.contain('It was the default server: new meetings cannot start until an active server is made the default.');
    expect(noDefault.text).to.contain('No active default server: new meetings cannot start.');
    expect(await ctx.services.bbbServers.findDefault(admin.user.siteId)).to.equal(null);
    await submit(agent, '/admin/bbb', `/admin/bbb/servers/${second.id}/activate`);
    await submit(agent, '/admin/bbb', `/admin/bbb/servers/${first.id}/default`);
  });

  it('removes a server after a confirmation: its meetings fall back to the default server', async () => {
    const doomed = await byName('Down');
    const meeting = await ctx.database.db
      .insertInto('meetings')
      .values({ site_id: admin.user.siteId, owner_id: admin.user.id, server_id: doomed.id, bbb_meeting_id: 'lectern-test-meeting', name: 'Chimie', start_at: new Date(), invite_salt: 'salt' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const confirm = await agent.get(`/admin/bbb/servers/${doomed.id}/remove`).set('Accept-Language', 'fr').expect(200);
    expect(confirm.text).to.contain('Supprimer le serveur «\u00a0Down\u00a0» ?').and.contain(`action="/admin/bbb/servers/${doomed.id}/remove"`);
    const removed = await agent.post(`/admin/bbb/servers/${doomed.id}/remove`).type('form').send({ _csrf: csrfFrom(confirm.text) });
    expect(removed.status).to.equal(303);
    expect(await ctx.services.bbbServers.findById(doomed.id)).to.equal(null);
    const after = await ctx.database.db.selectFrom('meetings').select('server_id').where('id', '=', meeting.id).executeTakeFirstOrThrow();
    expect(after.server_id).to.equal(null);
    expect((await agent.get('/admin/bbb').set('Accept-Language', 'en')).text).to.contain('Server removed.');
    await agent.get(`/admin/bbb/servers/${doomed.id}`).expect(404);
  });

  it('refuses to remove a server recordings were imported from (409), offering to deactivate it', async () => {
    const used = await byName('Portal');
    await importedFrom(used);
    const page = await submit(agent, `/admin/bbb/servers/${used.id}/remove`, `/admin/bbb/servers/${used.id}/remove`);
    expect(page.status).to.equal(409);
    expect(page.headers['x-lectern-error-code']).to.equal('bbb_server_in_use');
    expect(page.text).to.contain('data-code="bbb_server_in_use"').and.contain('Recordings were imported from this server (1)').and.contain(`action="/admin/bbb/servers/${used.id}/deactivate"`);
    const csrf = csrfFrom(page.text);
    expectProblem(await agent.post(`/admin/bbb/servers/${used.id}/remove`).type('form').send({ _csrf: csrf }), 409, 'bbb_server_in_use');
    expect(await ctx.services.bbbServers.findById(used.id)).to.include({ name: 'Portal' });
  });

  it('sets whether recordings are imported automatically when they are ready', async () => {
    const page = await agent.get('/admin/bbb').set('Accept-Language', 'en').expect(200);
    expect(page.text).to.contain('Import recordings automatically when BigBlueButton says they are ready').and.contain('Each meeting can override this choice.');
    expect(page.text).to.match(/id="auto_import" name="auto_import" value="true" aria-describedby/);
    const on = await submit(agent, '/admin/bbb', '/admin/bbb/auto-import', { auto_import: 'true' });
    expect(on.status).to.equal(303);
    expect(await ctx.services.bbbServers.siteAutoImport(admin.user.siteId)).to.equal(true);
    const checked = await agent.get('/admin/bbb').set('Accept-Language', 'en');
    expect(checked.text).to.contain('Recordings are now imported automatically when they are ready.').and.match(/id="auto_import" name="auto_import" value="true" checked/);
    expect((await submit(agent, '/admin/bbb', '/admin/bbb/auto-import', {})).status).to.equal(303);
    expect(await ctx.services.bbbServers.siteAutoImport(admin.user.siteId)).to.equal(false);
  });
});
