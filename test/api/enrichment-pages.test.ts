import { expect } from 'chai';
import request from 'supertest';
import type { Video } from '../../server/src/domain/videos/video.js';
import { PNG, storedFiles, utf8, VTT } from '../helpers/enrichment-files.js';
import { createUser, createVideoWithDuration, type UserWithToken } from '../helpers/factories.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { csrfFrom, loggedInAgent } from '../helpers/web-session.js';

type Agent = Awaited<ReturnType<typeof loggedInAgent>>['agent'];

/** The action of a page's multipart form (it carries the CSRF token). */
function multipartAction(page: string): string {
  const match = /<form method="post" action="([^"]+)" class="stack" enctype="multipart\/form-data">/.exec(page);
  if (!match) throw new Error('no multipart form in the page');
  return match[1]!.replace(/&amp;/g, '&');
}

describe('enrichment pages', () => {
  let ctx: TestApp;
  let teacher: UserWithToken;
  let video: Video;
  let agent: Agent;

  before(async () => {
    ctx = await buildTestApp();
    teacher = await createUser(ctx, { username: 'enrich.teacher' });
    video = await createVideoWithDuration(ctx, teacher.user, 300, { title: 'Cours <b>1</b>' });
    ({ agent } = await loggedInAgent(ctx.app, 'enrich.teacher'));
  });
  after(async () => {
    await ctx.close();
  });

  const page = (section: string) => `/my/videos/${video.id}/${section}`;

  it('links the video’s pages from its edit page', async () => {
    const edit = await agent.get(`/my/videos/${video.id}/edit`).expect(200);
    for (const section of ['chapters', 'tracks', 'enrichments', 'overlays']) expect(edit.text).to.include(`href="/my/videos/${video.id}/${section}"`);
    expect(edit.text).to.include(`href="/my/videos/${video.id}/edit" aria-current="page"`);
  });

  it('adds a chapter from the form, and shows a refused one again with the problem next to its field', async () => {
    const list = await agent.get(page('chapters')).expect(200);
    expect(list.text).to.include('Cette vidéo n’a pas encore de chapitre.').and.include('La vidéo dure 5:00.').and.include('Cours &lt;b&gt;1&lt;/b&gt;');
    expect(list.text).to.include('<label for="start">Début</label>');
    const csrf = csrfFrom(list.text);
    const saved = await agent.post(page('chapters')).type('form').send({ _csrf: csrf, title: 'Introduction', start: '0:00' }).expect(303);
    expect(saved.headers.location).to.equal(page('chapters'));
    const after = await agent.get(page('chapters')).expect(200);
    expect(after.text).to.include('Enregistré.').and.include('<th scope="row">Introduction</th>');

    const bad = await agent.post(page('chapters')).type('form').send({ _csrf: csrf, title: 'Plus tard', start: '1:75' }).expect(400);
    expect(bad.text).to.include('<p class="field-error" id="start-error">Saisissez un instant tel que 1:30, 1:02:03 ou 90.</p>');
    expect(bad.text).to.match(/<input id="start" name="start" type="text" value="1:75" required maxlength="20" aria-describedby="start-help start-error" aria-invalid="true">/);
    expect(bad.text).to.include('value="Plus tard"');
    const taken = await agent.post(page('chapters')).type('form').send({ _csrf: csrf, title: 'Doublon', start: '0' }).expect(409);
    expect(taken.text).to.include('id="start-error">Un autre chapitre (« Introduction ») commence déjà à 0:00.</p>');
  });

  it('edits and deletes a chapter', async () => {
    const [chapter] = await ctx.services.enrichmentService.chapters.list(teacher.user, video.id);
    const form = await agent.get(`${page('chapters')}/${chapter!.id}/edit`).expect(200);
    expect(form.text).to.include('Modifier le chapitre « Introduction »').and.include('value="0:00"');
    const csrf = csrfFrom(form.text);
    await agent.post(`${page('chapters')}/${chapter!.id}/edit`).type('form').send({ _csrf: csrf, title: 'Accueil', start: '0:05.5' }).expect(303);
    expect((await ctx.services.enrichmentService.chapters.get(teacher.user, video.id, chapter!.id)).start).to.equal(5.5);
    const late = await agent.post(`${page('chapters')}/${chapter!.id}/edit`).type('form').send({ _csrf: csrf, title: 'Accueil', start: '6:00' }).expect(400);
    expect(late.text).to.include('Un chapitre doit commencer avant la fin de la vidéo (5:00).');
    await agent.post(`${page('chapters')}/${chapter!.id}/delete`).type('form').send({ _csrf: csrf }).expect(303);
    expect(await ctx.services.enrichmentService.chapters.list(teacher.user, video.id)).to.deep.equal([]);
  });

  it('uploads subtitles through the multipart form, and says which line of a bad file is wrong', async () => {
    const list = await agent.get(page('tracks')).expect(200);
    expect(list.text).to.include('<option value="subtitles" selected>').and.include('value="fr"');
    const action = multipartAction(list.text);
    expect(action).to.match(/^\/my\/videos\/\d+\/tracks\?_csrf=/);
    await agent.post(action).field('kind', 'subtitles').field('lang', 'fr').field('label', '').attach('file', utf8(VTT), 'cours.vtt').expect(303);
    const after = await agent.get(page('tracks')).expect(200);
    expect(after.text).to.include('<th scope="row">Français</th>');
    const bad = await agent.post(action).field('kind', 'captions').field('lang', 'fr').attach('file', utf8('WEBVTT\n\n00:00:01.000 -> 00:00:02.000\nx\n'), 'bad.vtt').expect(422);
    expect(bad.text).to.include('id="file-error">Le fichier de sous-titres n’est pas valide, à la ligne 3. Une ligne de temps telle que « 00:00:01.000 --&gt; 00:00:04.000 » était attendue.</p>');
    expect(bad.text).to.include('<option value="captions" selected>');
    const missing = await agent.post(action).field('kind', 'captions').field('lang', 'fr').attach('file', Buffer.alloc(0), '').expect(400);
    expect(missing.text).to.include('id="file-error"');
    const refused = await agent.post(page('tracks')).set('Accept', 'application/json').attach('file', utf8(VTT), 'x.vtt').field('kind', 'subtitles').field('lang', 'en').expect(403);
    expect(refused.body.code).to.equal('csrf_failed');
  });

  it('adds enrichments through the form, showing overlaps in words', async () => {
    const action = multipartAction((await agent.get(page('enrichments')).expect(200)).text);
    await agent.post(action).field('title', 'Lien').field('type', 'weblink').field('start', '0:10').field('end', '0:20').field('weblink', 'https://univ.fr').field('richtext', 'ignored').attach('file', Buffer.alloc(0), '').expect(303);
    await agent.post(action).field('title', 'Figure').field('type', 'image').field('start', '30').field('end', '40').field('stop_video', 'true').attach('file', PNG, 'figure.png').expect(303);
    const list = await agent.get(page('enrichments')).expect(200);
    expect(list.text).to.include('<th scope="row">Lien</th>').and.include('figure.png').and.include('met la vidéo en pause');
    const overlap = await agent.post(action).field('title', 'Chevauche').field('type', 'richtext').field('start', '15').field('end', '35').field('richtext', '<p>t</p>').expect(409);
    expect(overlap.text).to.include('Cela chevauche l’enrichissement « Lien » (0:10–0:20)');
    const [, figure] = await ctx.services.enrichmentService.enrichments.list(teacher.user, video.id);
    const edit = await agent.get(`${page('enrichments')}/${figure!.id}/edit`).expect(200);
    expect(edit.text).to.include('Fichier actuel : figure.png.').and.include('id="stop_video" name="stop_video" value="true" checked');
    await agent.post(multipartAction(edit.text)).field('title', 'Figure 1').field('type', 'image').field('start', '30').field('end', '45').attach('file', Buffer.alloc(0), '').expect(303);
    const changed = await ctx.services.enrichmentService.enrichments.get(teacher.user, video.id, figure!.id);
    expect(changed).to.include({ title: 'Figure 1', end: 45, stopVideo: false });
    expect(changed.file!.name).to.equal('figure.png');
    expect(await storedFiles(ctx, video.id, 'enrichments')).to.have.length(1);
  });

  it('adds and edits overlays in English too', async () => {
    const list = await agent.get(`${page('overlays')}?lang=en`).set('Accept-Language', 'en').expect(200);
    expect(list.text).to.include('<html lang="en">').and.include('Add an overlay');
    const csrf = csrfFrom(list.text);
    await agent.post(page('overlays')).type('form').send({ _csrf: csrf, title: 'Hello', content: '<b>Hi</b>', position: 'top', background: 'true', start: '0', end: '5' }).expect(303);
    const bad = await agent.post(page('overlays')).set('Accept-Language', 'en').type('form').send({ _csrf: csrf, title: 'Again', content: 'x', position: 'top', start: '4', end: '8' }).expect(409);
    expect(bad.text).to.include('This overlaps the overlay “Hello” (0:00–0:05)').and.include('value="Again"');
    expect(bad.text).to.match(/<input type="checkbox" id="background" name="background" value="true">/);
  });

  it('is for the video’s managers only', async () => {
    const stranger = await createUser(ctx, { username: 'enrich.stranger' });
    const { agent: other } = await loggedInAgent(ctx.app, stranger.user.username);
    const refused = await other.get(page('chapters')).expect(403);
    expect(refused.text).to.include('Vous n’êtes pas propriétaire de cette vidéo.');
    await other.get(`/my/videos/999999/tracks`).expect(404);
    const anonymous = await request(ctx.app).get(page('overlays')).expect(303);
    expect(anonymous.headers.location).to.equal(`/login?next=${encodeURIComponent(page('overlays'))}`);
  });
});
