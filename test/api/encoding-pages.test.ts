import { expect } from 'chai';
import request from 'supertest';
import { readVideo } from '../helpers/encoding.js';
import { encodingDriver, queuedVideo, videoIn } from '../helpers/encoding-states.js';
import { createUser, createVideo, type UserWithToken } from '../helpers/factories.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { csrfFrom, loggedInAgent } from '../helpers/web-session.js';

/** The <tr> of a video on the My videos page. */
function rowOf(page: string, videoId: number): string {
  const match = new RegExp(`<tr data-video-id="${videoId}"[\\s\\S]*?</tr>`).exec(page);
  if (!match) throw new Error(`no row for video ${videoId}`);
  return match[0];
}

describe('web pages: encoding', () => {
  let ctx: TestApp;
  let teacher: UserWithToken;
  let admin: UserWithToken;

  before(async () => {
    ctx = await buildTestApp();
    teacher = await createUser(ctx, { username: 'enc.teacher' });
    admin = await createUser(ctx, { username: 'enc.admin', role: 'admin' });
  });
  after(async () => {
    await ctx.close();
  });

  it('shows each video’s encoding state on My videos, live ones marked for the page script', async () => {
    const queued = await queuedVideo(ctx, teacher.user, 'En attente');
    const retrying = await queuedVideo(ctx, teacher.user, 'Réessai');
    const driver = encodingDriver(ctx.database.db);
    await driver.start(retrying.id, 10);
    await driver.requeue(retrying.id, new Date('2030-01-01T14:05:00Z'));
    const encoding = await videoIn(ctx, teacher.user, 'En cours', 'encoding');
    const failed = await videoIn(ctx, teacher.user, 'Ratée', 'failed');
    const ready = await videoIn(ctx, teacher.user, 'Prête', 'ready');
    const { agent } = await loggedInAgent(ctx.app, 'enc.teacher');
    const page = (await agent.get('/my/videos').expect(200)).text;

    expect(page).to.include('id="encoding-announcer"').and.include('aria-live="polite"').and.include('data-texts="{&quot;status&quot;');
    const queuedRow = rowOf(page, queued.id);
    expect(queuedRow).to.include(`data-encoding-live="${queued.id}"`).and.include('data-status="queued"').and.include('En file d’encodage');
    expect(queuedRow).to.include(`data-fragment="/my/videos/${queued.id}/fragments/row?next=%2Fmy%2Fvideos"`);
    expect(rowOf(page, retrying.id)).to.match(/Nouvel essai à \d\d:\d\d — Dernier essai : Le serveur n’a pas pu écrire les fichiers encodés/);

    const encodingRow = rowOf(page, encoding.id);
    expect(encodingRow).to.include('Encodage en cours');
    expect(encodingRow).to.include('<progress max="100" value="42" aria-label="Encodage : 42 % — transcodage">');
    expect(encodingRow).to.include('42 % — transcodage');

    const failedRow = rowOf(page, failed.id);
    expect(failedRow).to.not.include('data-encoding-live');
    expect(failedRow).to.include('Le fichier n’a pas pu être décodé');
    expect(failedRow).to.include(`action="/my/videos/${failed.id}/encode"`).and.include('Nouvel essai<span class="visually-hidden"> Ratée</span>');

    const readyRow = rowOf(page, ready.id);
    expect(readyRow).to.include('Prête').and.not.include('/encode"').and.not.include('<progress');
    expect(readyRow).to.match(new RegExp(`<img class="thumb" src="/api/v1/videos/${ready.id}/thumbnails/1\\?v=\\d+" alt=""`));
  });

  it('sends a failed video to encoding again from a form, and comes back with a message', async () => {
    const failed = await videoIn(ctx, teacher.user, 'À refaire', 'failed');
    const { agent, csrf } = await loggedInAgent(ctx.app, 'enc.teacher');
    const res = await agent.post(`/my/videos/${failed.id}/encode`).type('form').send({ _csrf: csrf, next: '/my/videos?page=1' }).expect(303);
    expect(res.headers.location).to.equal('/my/videos?page=1');
    const video = await readVideo(ctx, failed.id);
    expect(video!.status).to.equal('queued');
    expect(video!.encoding!.jobId).to.not.equal(failed.encoding!.jobId);
    const list = await agent.get('/my/videos').expect(200);
    expect(list.text).to.include('La vidéo a été envoyée à l’encodage.');

    // Somewhere else than a local page: back to the list.
    const offsite = await videoIn(ctx, teacher.user, 'Ailleurs', 'failed');
    const away = await agent.post(`/my/videos/${offsite.id}/encode`).type('form').send({ _csrf: csrf, next: '//evil.example/' }).expect(303);
    expect(away.headers.location).to.equal('/my/videos');
  });

  it('refuses a retry without the CSRF token, or by someone who does not own the video', async () => {
    const failed = await videoIn(ctx, teacher.user, 'Protégée', 'failed');
    const { agent, csrf } = await loggedInAgent(ctx.app, 'enc.teacher');
    const forged = await agent.post(`/my/videos/${failed.id}/encode`).set('Accept', 'application/json').type('form').send({ next: '/my/videos' }).expect(403);
    expect(forged.body.code).to.equal('csrf_failed');

    const other = await createUser(ctx, { username: 'enc.other' });
    const stranger = await loggedInAgent(ctx.app, other.user.username);
    const refused = await stranger.agent.post(`/my/videos/${failed.id}/encode`).set('Accept', 'text/html').type('form').send({ _csrf: stranger.csrf }).expect(403);
    expect(refused.text).to.include('Vous n’êtes pas propriétaire de cette vidéo.');
    expect((await readVideo(ctx, failed.id))!.status).to.equal('failed');
    await agent.post('/my/videos/abc/encode').set('Accept', 'application/json').type('form').send({ _csrf: csrf }).expect(400);
  });

  it('says so in a message when the video is already encoding or has no file', async () => {
    const busy = await videoIn(ctx, teacher.user, 'Occupée', 'encoding');
    const empty = await createVideo(ctx, teacher.user, { title: 'Sans fichier' });
    const { agent, csrf } = await loggedInAgent(ctx.app, 'enc.teacher');
    const res = await agent.post(`/my/videos/${busy.id}/encode`).type('form').send({ _csrf: csrf, next: `/my/videos/${busy.id}/edit` }).expect(303);
    expect(res.headers.location).to.equal(`/my/videos/${busy.id}/edit`);
    const edit = await agent.get(`/my/videos/${busy.id}/edit`).expect(200);
    expect(edit.text).to.include('<div class="flash flash-error" role="alert">Cette vidéo est déjà en cours d’encodage.</div>');
    expect((await readVideo(ctx, busy.id))!.encoding!.jobId).to.equal(busy.encoding!.jobId);

    await agent.post(`/my/videos/${empty.id}/encode`).type('form').send({ _csrf: csrf }).expect(303);
    expect((await agent.get('/my/videos').expect(200)).text).to.include('Cette vidéo n’a pas de fichier déposé à encoder.');
  });

  it('shows the Encoding section of the edit page: state, log, ffmpeg’s last lines, re-encode', async () => {
    const failed = await videoIn(ctx, teacher.user, 'Journal', 'failed');
    const { agent } = await loggedInAgent(ctx.app, 'enc.teacher');
    const page = (await agent.get(`/my/videos/${failed.id}/edit`).set('Accept-Language', 'en').expect(200)).text;
    expect(page).to.include('<h2 id="encoding-heading">Encoding</h2>');
    expect(page).to.include('The file could not be decoded');
    expect(page).to.include('<summary>Log of the latest encoding</summary>').and.include('Failed (decode_failed): ffmpeg exited with code 1');
    expect(page).to.match(/<pre class="stderr"[^>]*>\[h264 @ 0x1\] error while decoding MB 3 7\nConversion failed!<\/pre>/);
    expect(page).to.include(`action="/my/videos/${failed.id}/encode"`).and.include(`name="next" value="/my/videos/${failed.id}/edit"`).and.include('>Retry<');
    expect(page).to.include('src="/assets/pages.js"');

    const ready = await videoIn(ctx, teacher.user, 'Encodée', 'ready');
    const readyPage = (await agent.get(`/my/videos/${ready.id}/edit`).set('Accept-Language', 'en').expect(200)).text;
    expect(readyPage).to.include('>Re-encode<').and.include('Encoded on').and.not.include('<pre class="stderr"');

    const live = await videoIn(ctx, teacher.user, 'Vivante', 'encoding');
    const livePage = (await agent.get(`/my/videos/${live.id}/edit`).expect(200)).text;
    expect(livePage).to.include(`<section id="encoding" class="encoding-section" aria-labelledby="encoding-heading" data-encoding-live="${live.id}"`);
    expect(livePage).to.include(`data-fragment="/my/videos/${live.id}/fragments/encoding"`).and.not.include(`/my/videos/${live.id}/encode"`);
    expect(livePage.match(/class="badge status-/g), 'one status badge on the page').to.have.length(1);
  });

  it('offers the thumbnail candidates as labelled radio buttons and saves the choice', async () => {
    const ready = await videoIn(ctx, teacher.user, 'Miniatures', 'ready');
    const { agent } = await loggedInAgent(ctx.app, 'enc.teacher');
    const page = (await agent.get(`/my/videos/${ready.id}/edit`).expect(200)).text;
    expect(page).to.include(`action="/my/videos/${ready.id}/thumbnail"`).and.include('<legend>Miniature</legend>');
    expect(page.match(/type="radio" id="thumbnail-\d" name="index"/g)).to.have.length(3);
    expect(page).to.include('<input type="radio" id="thumbnail-1" name="index" value="1" checked>');
    expect(page).to.match(new RegExp(`<label for="thumbnail-2"><img src="/api/v1/videos/${ready.id}/thumbnails/2\\?v=\\d+" alt="Miniature 3 sur 3"`));

    const csrf = csrfFrom(page);
    const res = await agent.post(`/my/videos/${ready.id}/thumbnail`).type('form').send({ _csrf: csrf, index: '2' }).expect(303);
    expect(res.headers.location).to.equal(`/my/videos/${ready.id}/edit`);
    expect((await readVideo(ctx, ready.id))!.media!.thumbnailIndex).to.equal(2);
    const after = (await agent.get(`/my/videos/${ready.id}/edit`).expect(200)).text;
    expect(after).to.include('La miniature a été enregistrée.').and.include('value="2" checked>');
  });

  it('refuses a thumbnail that does not exist, or a video with no thumbnails yet, with a message', async () => {
    const ready = await videoIn(ctx, teacher.user, 'Choix', 'ready');
    const queued = await queuedVideo(ctx, teacher.user, 'Pas encore');
    const { agent, csrf } = await loggedInAgent(ctx.app, 'enc.teacher');
    for (const index of ['3', '-1', 'abc', '']) {
      await agent.post(`/my/videos/${ready.id}/thumbnail`).type('form').send({ _csrf: csrf, index }).expect(303);
      const page = (await agent.get(`/my/videos/${ready.id}/edit`).expect(200)).text;
      expect(page, `index "${index}"`).to.include('Cette miniature n’existe pas : choisissez l’une des images proposées.');
    }
    expect((await readVideo(ctx, ready.id))!.media!.thumbnailIndex).to.equal(1);
    await agent.post(`/my/videos/${queued.id}/thumbnail`).type('form').send({ _csrf: csrf, index: '0' }).expect(303);
    expect((await agent.get(`/my/videos/${queued.id}/edit`).expect(200)).text).to.include('Cette vidéo n’a pas encore été encodée.');
    await agent.post(`/my/videos/${ready.id}/thumbnail`).set('Accept', 'application/json').type('form').send({ index: '0' }).expect(403);
  });

  it('serves the row and section fragments the live script swaps in, to the video’s managers only', async () => {
    const failed = await videoIn(ctx, teacher.user, 'Fragment', 'failed');
    const { agent } = await loggedInAgent(ctx.app, 'enc.teacher');
    const row = await agent.get(`/my/videos/${failed.id}/fragments/row?next=%2Fmy%2Fvideos%3Fpage%3D2`).expect(200);
    expect(row.text).to.match(/^<tr data-video-id="\d+">/).and.include('name="next" value="/my/videos?page=2"').and.include('name="_csrf"');
    expect(row.text).to.not.include('<html');
    const section = await agent.get(`/my/videos/${failed.id}/fragments/encoding`).expect(200);
    expect(section.text).to.match(/^<section id="encoding"/).and.include('Le fichier n’a pas pu être décodé');

    const other = await createUser(ctx);
    const stranger = await loggedInAgent(ctx.app, other.user.username);
    await stranger.agent.get(`/my/videos/${failed.id}/fragments/row`).set('Accept', 'application/json').expect(403);
    const anonymous = await request(ctx.app).get(`/my/videos/${failed.id}/fragments/encoding`).expect(303);
    expect(anonymous.headers.location).to.match(/^\/login\?next=/);
  });

  it('lists queued, running and failed jobs to administrators, filtered by status, with retries and logs', async () => {
    const failed = await videoIn(ctx, teacher.user, 'Échec visible', 'failed');
    const running = await videoIn(ctx, teacher.user, 'En cours visible', 'encoding');
    const ready = await videoIn(ctx, teacher.user, 'Réussie cachée', 'ready');
    const { agent } = await loggedInAgent(ctx.app, admin.user.username);
    const page = (await agent.get('/admin/encoding').expect(200)).text;
    expect(page).to.include('<h1>Travaux d’encodage</h1>').and.include('<a href="/admin" aria-current="true">Administration</a>');
    expect(page).to.include(`<a href="/my/videos/${failed.id}/edit">Échec visible</a>`).and.include('enc.teacher');
    expect(page).to.include(`<a href="/my/videos/${running.id}/edit">En cours visible</a>`).and.include('aria-label="Encodage : 42 % — transcodage"');
    expect(page).to.not.include(`/my/videos/${ready.id}/edit`);
    expect(page).to.include(`action="/my/videos/${failed.id}/encode"`).and.include('name="next" value="/admin/encoding"');
    expect(page).to.include('Le fichier n’a pas pu être décodé').and.include('Conversion failed!').and.include('test-host:1:0');
    expect(page).to.match(/<a href="\/admin\/encoding\?status=failed">Échoué<\/a> <span class="count">\d+<\/span>/);

    const onlyFailed = (await agent.get('/admin/encoding?status=failed').expect(200)).text;
    expect(onlyFailed).to.include('Échec visible').and.include('Affichés : Échoué').and.not.include('En cours visible');
    const succeeded = (await agent.get('/admin/encoding?status=succeeded').expect(200)).text;
    expect(succeeded).to.include('Réussie cachée').and.not.include('Échec visible');
    const unreadable = (await agent.get('/admin/encoding?status=nonsense').expect(200)).text;
    expect(unreadable).to.include('Échec visible').and.include('En cours visible');

    const retried = await agent.post(`/my/videos/${failed.id}/encode`).type('form').send({ _csrf: csrfFrom(page), next: '/admin/encoding?status=failed' }).expect(303);
    expect(retried.headers.location).to.equal('/admin/encoding?status=failed');
    expect((await readVideo(ctx, failed.id))!.status).to.equal('queued');
  });

  it('refuses the administration page to staff, who have no link to it', async () => {
    const { agent } = await loggedInAgent(ctx.app, 'enc.teacher');
    expect((await agent.get('/my/videos').expect(200)).text).to.not.include('href="/admin"');
    const refused = await agent.get('/admin/encoding').set('Accept', 'text/html').expect(403);
    expect(refused.text).to.include('Seuls les administrateurs peuvent voir cette page.');
    const json = await agent.get('/admin/encoding').set('Accept', 'application/json').expect(403);
    expect(json.body.code).to.equal('admin_only');
    const anonymous = await request(ctx.app).get('/admin/encoding').expect(303);
    expect(anonymous.headers.location).to.equal('/login?next=%2Fadmin%2Fencoding');
    const adminSession = await loggedInAgent(ctx.app, admin.user.username);
    expect((await adminSession.agent.get('/my/videos').expect(200)).text).to.include('<a href="/admin">Administration</a>');
    expect((await adminSession.agent.get('/admin').expect(200)).text).to.include('<a href="/admin/encoding">Encodage</a>');
  });
});
