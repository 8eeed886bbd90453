import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import request from 'supertest';
import { createUser, createVideo, type UserWithToken } from '../helpers/factories.js';
import { videoClip } from '../helpers/media.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { csrfFrom, loggedInAgent } from '../helpers/web-session.js';

describe('web pages', () => {
  let ctx: TestApp;
  let teacher: UserWithToken;

  before(async () => {
    ctx = await buildTestApp();
    teacher = await createUser(ctx, { username: 'web.teacher' });
  });
  after(async () => {
    await ctx.close();
  });

  it('sends visitors to the login page, in French by default and in English when asked', async () => {
    const home = await request(ctx.app).get('/').expect(303);
    expect(home.headers.location).to.equal('/login');
    const fr = await request(ctx.app).get('/login').expect(200);
    expect(fr.text).to.include('<html lang="fr">').and.include('Connexion').and.include('for="username"');
    const en = await request(ctx.app).get('/login').set('Accept-Language', 'en-US,en;q=0.9').expect(200);
    expect(en.text).to.include('<html lang="en">').and.include('Log in');
  });

  it('switches language with a cookie and goes back where the visitor was', async () => {
    const agent = request.agent(ctx.app);
    const res = await agent.get('/lang?to=en&next=%2Flogin').expect(303);
    expect(res.headers.location).to.equal('/login');
    expect(String(res.headers['set-cookie'])).to.include('lectern_lang=en');
    const page = await agent.get('/login').set('Accept-Language', 'fr').expect(200);
    expect(page.text).to.include('<html lang="en">');
    const offsite = await agent.get('/lang?to=fr&next=%2F%2Fevil.example').expect(303);
    expect(offsite.headers.location).to.equal('/my/videos');
  });

  it('lists my videos with their status, escaping titles', async () => {
    await createVideo(ctx, teacher.user, { title: '<script>alert("x")</script> Cours' });
    const { agent } = await loggedInAgent(ctx.app, 'web.teacher');
    const page = await agent.get('/my/videos').expect(200);
    expect(page.text).to.include('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Cours');
    expect(page.text).to.not.include('<script>alert');
    expect(page.text).to.include('En attente du fichier');
    expect(page.text).to.include('Brouillon');
  });

  it('shows an empty list with a way to upload, and a search that finds nothing', async () => {
    const lonely = await createUser(ctx, { username: 'lonely' });
    const { agent } = await loggedInAgent(ctx.app, lonely.user.username);
    const page = await agent.get('/my/videos?search=%25%27').expect(200);
    expect(page.text).to.include('Vous n’avez pas encore de vidéo.');
    expect(page.text).to.include('href="/my/videos/upload"');
  });

  it('uploads through the form without JavaScript (multipart with the token in the action)', async () => {
    const { agent } = await loggedInAgent(ctx.app, 'web.teacher');
    const page = await agent.get('/my/videos/upload').expect(200);
    const action = /action="(\/my\/videos\/upload\?_csrf=[^"]+)"/.exec(page.text)![1]!;
    expect(page.text).to.include('Jusqu’à 8 Gio par fichier');
    const res = await agent.post(action.replace(/&amp;/g, '&')).field('title', 'Par le formulaire').attach('file', await readFile(await videoClip()), 'form.mp4').expect(303);
    expect(res.headers.location).to.match(/^\/my\/videos\/\d+\/edit$/);
    const edit = await agent.get(res.headers.location as string).expect(200);
    expect(edit.text).to.include('Par le formulaire').and.include('form.mp4');
    const refused = await agent.post('/my/videos/upload').set('Accept', 'application/json').attach('file', await readFile(await videoClip()), 'form.mp4').expect(403);
    expect(refused.body.code).to.equal('csrf_failed');
  });

  it('edits a video through the form, reporting invalid fields next to them', async () => {
    const video = await createVideo(ctx, teacher.user, { title: 'To edit' });
    const { agent } = await loggedInAgent(ctx.app, 'web.teacher');
    const form = await agent.get(`/my/videos/${video.id}/edit`).expect(200);
    const csrf = csrfFrom(form.text);
    const base = { _csrf: csrf, version: '1', title: 'Edited', description: '<p>ok</p>', type_id: '1', tags: 'x, y', licence: 'by', main_lang: 'en', date_evt: '', is_draft: 'true', additional_owners: '' };
    const bad = await agent.post(`/my/videos/${video.id}/edit`).type('form').send({ ...base, date_evt: '2026-13-45' }).expect(400);
    expect(bad.text).to.include('id="date_evt-error"');
    const ok = await agent.post(`/my/videos/${video.id}/edit`).type('form').send(base).expect(303);
    expect(ok.headers.location).to.equal('/my/videos');
    const saved = await ctx.services.videoService.getManageable(teacher.user, video.id);
    expect(saved).to.include({ title: 'Edited', licence: 'by', mainLang: 'en', isDraft: true, isRestricted: false, allowDownloading: false, version: 2 });
    expect(saved.tags).to.deep.equal(['x', 'y']);
    const list = await agent.get('/my/videos').expect(200);
    expect(list.text).to.include('La vidéo a été enregistrée.');
    // The same form sent again is based on version 1: it is a conflict, shown with the current data.
    const stale = await agent.post(`/my/videos/${video.id}/edit`).type('form').send({ ...base, title: 'Stale' }).expect(409);
    expect(stale.text).to.include('Quelqu’un a modifié cette vidéo').and.include('value="Edited"');
  });

  it('deletes a video from the list', async () => {
    const video = await createVideo(ctx, teacher.user, { title: 'Doomed' });
    const { agent, csrf } = await loggedInAgent(ctx.app, 'web.teacher');
    await agent.post(`/my/videos/${video.id}/delete`).type('form').send({ _csrf: csrf }).expect(303);
    const list = await agent.get('/my/videos').expect(200);
    expect(list.text).to.not.include('Doomed');
    expect(list.text).to.include('La vidéo a été supprimée.');
  });

  it('creates and revokes API tokens, showing a new key once', async () => {
    const { agent, csrf } = await loggedInAgent(ctx.app, 'web.teacher');
    const created = await agent.post('/my/tokens').type('form').send({ _csrf: csrf, name: 'Moodle' }).expect(201);
    const key = /id="new-token">([0-9a-f]{40})</.exec(created.text)![1]!;
    await request(ctx.app).get('/api/v1/me').set('Authorization', `Token ${key}`).expect(200);
    const page = await agent.get('/my/tokens').expect(200);
    expect(page.text).to.not.include(key);
    const token = (await ctx.services.tokenService.list(teacher.user.id)).find((t) => key.startsWith(t.prefix))!;
    expect(page.text).to.include(`action="/my/tokens/${token.id}/revoke"`);
    const id = token.id;
    await agent.post(`/my/tokens/${id}/revoke`).type('form').send({ _csrf: csrf }).expect(303);
    await request(ctx.app).get('/api/v1/me').set('Authorization', `Token ${key}`).expect(401);
    const bad = await agent.post('/my/tokens/abc/revoke').set('Accept', 'application/json').type('form').send({ _csrf: csrf }).expect(400);
    expect(bad.body.code).to.equal('invalid_token_id');
    const gone = await agent.post(`/my/tokens/${id}/revoke`).set('Accept', 'application/json').type('form').send({ _csrf: csrf }).expect(404);
    expect(gone.body.code).to.equal('token_not_found');
    const badVideo = await agent.get('/my/videos/abc/edit').set('Accept', 'application/json').expect(400);
    expect(badVideo.body.code).to.equal('invalid_video_id');
  });

  it("shows an error page, not another user's video", async () => {
    const other = await createUser(ctx);
    const video = await createVideo(ctx, other.user, { title: 'Private' });
    const { agent } = await loggedInAgent(ctx.app, 'web.teacher');
    const res = await agent.get(`/my/videos/${video.id}/edit`).set('Accept', 'text/html').expect(403);
    expect(res.text).to.include('Vous n’êtes pas propriétaire de cette vidéo.').and.not.include('Private');
    const missing = await agent.get('/no/such/page').set('Accept', 'text/html').expect(404);
    expect(missing.text).to.include('Cette page n’existe pas.');
  });

  it('offers no upload to students', async () => {
    const student = await createUser(ctx, { role: 'student', username: 'etudiant' });
    const { agent } = await loggedInAgent(ctx.app, student.user.username);
    const list = await agent.get('/my/videos').expect(200);
    expect(list.text).to.not.include('href="/my/videos/upload"');
    const page = await agent.get('/my/videos/upload').set('Accept', 'text/html').expect(403);
    expect(page.text).to.include('Seuls les personnels peuvent déposer des vidéos.');
  });

  it('answers /favicon.ico without a session, and keeps a pending message through an error page', async () => {
    const icon = await request(ctx.app).get('/favicon.ico').expect(301);
    expect(icon.headers.location).to.equal('/assets/favicon.svg');
    expect(icon.headers['set-cookie']).to.equal(undefined);
    const video = await createVideo(ctx, teacher.user, { title: 'Flash' });
    const { agent, csrf } = await loggedInAgent(ctx.app, 'web.teacher');
    await agent.post(`/my/videos/${video.id}/delete`).type('form').send({ _csrf: csrf }).expect(303);
    await agent.get('/no/such/page').set('Accept', 'text/html').expect(404);
    expect((await agent.get('/my/videos').expect(200)).text).to.include('La vidéo a été supprimée.');
  });

  it('may be framed by an LMS, and sends protective headers', async () => {
    const res = await request(ctx.app).get('/login').expect(200);
    expect(res.headers['x-frame-options']).to.equal(undefined);
    expect(res.headers['x-content-type-options']).to.equal('nosniff');
    expect(res.headers['content-security-policy']).to.include("script-src 'self'");
  });
});
