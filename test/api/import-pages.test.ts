import { expect } from 'chai';
import request from 'supertest';
import type { ImportProgressJson } from '../../server/src/http/presenters/import-run.presenter.js';
import { MAX_CSV_BYTES } from '../../server/src/http/web/admin-imports.pages.js';
import { createUser, type UserWithToken } from '../helpers/factories.js';
import { putInImportFolder } from '../helpers/imports.js';
import { videoClip } from '../helpers/media.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { loggedInAgent } from '../helpers/web-session.js';

type Agent = Awaited<ReturnType<typeof loggedInAgent>>['agent'];

const file = (lines: string[]) => Buffer.from(`${lines.join('\n')}\n`);

describe('admin import pages', function () {
  this.timeout(60_000);
  let ctx: TestApp;
  let admin: UserWithToken;
  let teacher: UserWithToken;

  before(async () => {
    ctx = await buildTestApp();
    admin = await createUser(ctx, { role: 'admin', username: 'admin.pages' });
    teacher = await createUser(ctx, { username: 'prof.pages' });
  });
  after(async () => ctx?.close());

  function submit(agent: Agent, csrf: string, fields: Record<string, string>, lines: string[] | null) {
    let post = agent.post(`/admin/imports?_csrf=${encodeURIComponent(csrf)}`).set('Accept-Language', 'en');
    for (const [name, value] of Object.entries(fields)) post = post.field(name, value);
    return lines ? post.attach('file', file(lines), 'fichier.csv') : post;
  }

  async function progressUntilDone(agent: Agent, id: string): Promise<ImportProgressJson> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const response = await agent.get(`/admin/imports/${id}/progress.json`).expect(200).expect('cache-control', 'no-store');
      const progress = response.body as ImportProgressJson;
      if (progress.status !== 'running') return progress;
      if (Date.now() > deadline) throw new Error('the import never finished');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('shows the form with its CSRF token in the action, a list of runs and the export links', async () => {
    const { agent, csrf } = await loggedInAgent(ctx.app, admin.user.username);
    const page = await agent.get('/admin/imports').expect(200);
    expect(page.text).to.contain(`action="/admin/imports?_csrf=${encodeURIComponent(csrf)}"`);
    expect(page.text).to.contain('enctype="multipart/form-data"');
    expect(page.text).to.contain('name="skip_invalid"').and.contain('value="check"').and.contain('value="import"');
    expect(page.text).to.contain('href="/admin/exports/videos.csv"').and.contain('href="/admin/exports/users.csv"');
    expect(page.text).to.contain(ctx.config.importDir);
    expect(page.text).to.contain('<a href="/admin" aria-current="true">');
  });

  it('checks a bad file and shows every problem with its line and column, in French too', async () => {
    const { agent, csrf } = await loggedInAgent(ctx.app, admin.user.username);
    const lines = ['#username;first name;last name;email', 'ok.user;Ok;User;ok@univ.fr', 'x;A;B;pas-un-courriel', 'bad name;A;B;'];
    const page = await submit(agent, csrf, { kind: 'users', action: 'check' }, lines).set('Accept-Language', 'fr').expect(200);
    expect(page.text).to.contain('Vérification de fichier.csv');
    expect(page.text).to.match(/<td>3<\/td>\s*<td>4 <code>email<\/code><\/td>\s*<td>« pas-un-courriel » n’est pas une adresse de courriel valide\.<\/td>/);
    expect(page.text).to.match(/<td>4<\/td>\s*<td>1 <code>username<\/code><\/td>/);
    expect(page.text).to.contain('n’importerait rien');
    expect((await ctx.services.userService.list()).map((u) => u.username)).to.not.include('ok.user');
  });

  it('runs a good import in the background: the progress JSON reaches succeeded and the page shows the counts', async () => {
    const { agent, csrf } = await loggedInAgent(ctx.app, admin.user.username);
    const response = await submit(agent, csrf, { kind: 'users', action: 'import', default_role: 'staff' }, ['web.one,Web,One,one@univ.fr', 'web.two,Web,Two,']).expect(303);
    const location = response.headers.location as string;
    expect(location).to.match(/^\/admin\/imports\/[0-9a-f-]{36}$/);
    const progress = await progressUntilDone(agent, location.split('/').pop()!);
    expect(progress).to.deep.include({ kind: 'users', status: 'succeeded', blocked: false, total: 2, processed: 2, created: 2, unchanged: 0, rejected: 0, problem_count: 0 });
    expect(await ctx.services.userService.getByUsername('web.two')).to.include({ role: 'staff' });
    const page = await agent.get(location).set('Accept-Language', 'en').expect(200);
    expect(page.text).to.contain('<progress id="import-bar" max="2" value="2"');
    expect(page.text).to.contain('2 of 2 rows: 2 created, 0 unchanged, 0 rejected');
    expect(page.text).to.contain('data-import-progress=').and.contain('data-live="false"');
    const list = await agent.get('/admin/imports').expect(200);
    expect(list.text).to.contain(`href="${location}"`);
  });

  it('shows a blocked import with its report, and imports nothing', async () => {
    const { agent, csrf } = await loggedInAgent(ctx.app, admin.user.username);
    const response = await submit(agent, csrf, { kind: 'users', action: 'import' }, ['blocked.one,A,B,', 'blocked.one,A,B,']).expect(303);
    const progress = await progressUntilDone(agent, (response.headers.location as string).split('/').pop()!);
    expect(progress).to.include({ status: 'failed', blocked: true, created: 0, rejected: 1, problem_count: 1 });
    const page = await agent.get(response.headers.location as string).set('Accept-Language', 'en').expect(200);
    expect(page.text).to.contain('Nothing was imported: rows with problems: 1.');
    expect(page.text).to.match(/<td>2<\/td>\s*<td>1 <code>username<\/code><\/td>\s*<td>The username “blocked.one” is already on line 1/);
    expect((await ctx.services.userService.list()).map((u) => u.username)).to.not.include('blocked.one');
  });

  it('imports videos and shows the encoding of the created videos', async () => {
    await putInImportFolder(ctx, await videoClip(), 'web/clip.mp4');
    const { agent, csrf } = await loggedInAgent(ctx.app, admin.user.username);
    const response = await submit(agent, csrf, { kind: 'videos', action: 'import' }, ['prof.pages;;Depuis la page;;;;web/clip.mp4']).expect(303);
    const progress = await progressUntilDone(agent, (response.headers.location as string).split('/').pop()!);
    expect(progress).to.include({ kind: 'videos', status: 'succeeded', created: 1 });
    expect(progress.videos).to.have.length(1);
    expect(progress.videos[0]).to.deep.include({ title: 'Depuis la page', status: 'queued', encoding: { status: 'queued', step: null, progress: 0, error_code: null } });
    const page = await agent.get(response.headers.location as string).set('Accept-Language', 'en').expect(200);
    expect(page.text).to.contain('Encoding of the imported videos');
    expect(page.text).to.contain(`data-video-id="${progress.videos[0]!.id}"`).and.contain('Queued for encoding');
    expect(page.text, 'queued videos keep the page live').to.contain('data-live="true"').and.contain('>Refresh</a>');
  });

  it('refuses a form without file or with a bad choice, and a file over the limit is not read', async () => {
    const { agent, csrf } = await loggedInAgent(ctx.app, admin.user.username);
    const missing = await submit(agent, csrf, { kind: 'users', action: 'import' }, null).expect(400);
    expect(missing.text).to.contain('role="alert"').and.contain('Choose a CSV file');
    const badKind = await submit(agent, csrf, { kind: 'groups', action: 'import' }, ['a,b,c,d']).expect(400);
    expect(badKind.text).to.contain('Some fields are not valid.');
    await agent.post('/admin/imports').type('form').send({ _csrf: csrf, kind: 'users' }).expect(400);
    const huge = await agent
      .post(`/admin/imports?_csrf=${encodeURIComponent(csrf)}`)
      .set('Accept-Language', 'en')
      .field('kind', 'users')
      .field('action', 'check')
      .attach('file', Buffer.alloc(MAX_CSV_BYTES + 1, 'a'), 'huge.csv')
      .expect(413);
    expect(huge.text).to.contain('This file is larger than 32 MiB');
  });

  it('downloads the exports as CSV files', async () => {
    const { agent } = await loggedInAgent(ctx.app, admin.user.username);
    const users = await agent.get('/admin/exports/users.csv').buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(users.status).to.equal(200);
    expect(users.headers['content-type']).to.equal('text/csv; charset=utf-8');
    expect(users.headers['content-disposition']).to.match(/^attachment; filename="?lectern-users-\d{4}-\d{2}-\d{2}\.csv"?$/);
    const text = (users.body as Buffer).toString('utf8');
    expect(text.startsWith('\uFEFF#username;first name;last name;email;role;affiliation\r\n')).to.equal(true);
    expect(text).to.contain('\r\nprof.pages;Ada;Lovelace;ada@example.org;staff;member\r\n');
    const videos = await agent.get('/admin/exports/videos.csv').expect(200).expect('content-type', 'text/csv; charset=utf-8');
    expect(videos.text).to.contain('Depuis la page');
  });

  it('is for administrators only, checks the CSRF token, and answers 404 for unknown runs', async () => {
    const { agent: teacherAgent, csrf: teacherCsrf } = await loggedInAgent(ctx.app, teacher.user.username);
    const [run] = await ctx.services.importService.listRecent(admin.user);
    for (const url of ['/admin/imports', `/admin/imports/${run!.id}`, `/admin/imports/${run!.id}/progress.json`, '/admin/exports/videos.csv', '/admin/exports/users.csv']) {
      await teacherAgent.get(url).expect(403);
      await request(ctx.app).get(url).expect(303).expect('location', `/login?next=${encodeURIComponent(url)}`);
    }
    const refused = await submit(teacherAgent, teacherCsrf, { kind: 'users', action: 'import' }, ['sneaky,A,B,']).expect(403);
    expect(refused.body).to.include({ code: 'admin_only' });
    const { agent } = await loggedInAgent(ctx.app, admin.user.username);
    await agent.post('/admin/imports').field('kind', 'users').field('action', 'import').attach('file', file(['nocsrf,A,B,']), 'x.csv').expect(403);
    await submit(agent, 'wrong-token', { kind: 'users', action: 'import' }, ['nocsrf,A,B,']).expect(403);
    expect((await ctx.services.userService.list()).map((u) => u.username)).to.not.include.members(['sneaky', 'nocsrf']);
    await agent.get('/admin/imports/6f1c9a52-0000-4000-8000-000000000099').expect(404);
    await agent.get('/admin/imports/not-a-run').expect(404);
    await agent.get('/admin/imports/not-a-run/progress.json').expect(404);
  });
});
