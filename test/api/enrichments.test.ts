import { expect } from 'chai';
import request from 'supertest';
import type { Video } from '../../server/src/domain/videos/video.js';
import { parseMediaKey } from '../../server/src/http/media/media-url.js';
import { leftoverUploads, PDF, PNG, SRT, storedFile, storedFiles, utf8, VTT } from '../helpers/enrichment-files.js';
import { createUser, createVideoWithDuration, type UserWithToken } from '../helpers/factories.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

describe('enrichments API: chapters, tracks, enrichments, overlays', () => {
  let ctx: TestApp;
  let teacher: UserWithToken;
  let video: Video;

  before(async () => {
    ctx = await buildTestApp();
    teacher = await createUser(ctx);
    video = await createVideoWithDuration(ctx, teacher.user, 600);
  });
  after(async () => {
    await ctx.close();
  });

  const api = (path: string) => `/api/v1/videos/${video.id}${path}`;

  it('adds, lists, changes and deletes chapters; times as seconds or as typed', async () => {
    const first = await request(ctx.app).post(api('/chapters')).set(teacher.auth).send({ title: '  Conclusion ', start: '9:30' }).expect(201);
    expect(first.body).to.include({ title: 'Conclusion', start: 570 });
    await request(ctx.app).post(api('/chapters')).set(teacher.auth).send({ title: 'Introduction', start: 0 }).expect(201);
    const middle = await request(ctx.app).post(api('/chapters')).set(teacher.auth).send({ title: 'Méthode', start: 125.5 }).expect(201);
    const list = await request(ctx.app).get(api('/chapters')).set(teacher.auth).expect(200);
    expect(list.body.count).to.equal(3);
    expect(list.body.results.map((c: { title: string; start: number }) => [c.title, c.start])).to.deep.equal([
      ['Introduction', 0],
      ['Méthode', 125.5],
      ['Conclusion', 570],
    ]);
    const patched = await request(ctx.app).patch(api(`/chapters/${middle.body.id}`)).set(teacher.auth).send({ start: '00:02:06.250' }).expect(200);
    expect(patched.body).to.include({ title: 'Méthode', start: 126.25 });
    await request(ctx.app).delete(api(`/chapters/${first.body.id}`)).set(teacher.auth).expect(204);
    expect((await request(ctx.app).get(api('/chapters')).set(teacher.auth)).body.count).to.equal(2);
  });

  it('stores a WebVTT track under tracks/, named after its language, and replaces its file', async () => {
    const res = await request(ctx.app).post(api('/tracks')).set(teacher.auth).field('kind', 'subtitles').field('lang', 'fr').attach('file', utf8(`\uFEFF${VTT}`), 'cours.vtt').expect(201);
    expect(res.body).to.include({ kind: 'subtitles', lang: 'fr', label: 'Français', origin: 'upload', cue_count: 2 });
    const [track] = await ctx.services.enrichmentService.tracks.list(teacher.user, video.id);
    expect(track!.fileKey).to.match(/^tracks\/[\w-]+\.vtt$/);
    expect((await storedFile(ctx, video.id, track!.fileKey)).toString('utf8')).to.equal(VTT);
    expect(res.body.size).to.equal(Buffer.byteLength(VTT));

    const relabelled = await request(ctx.app).patch(api(`/tracks/${track!.id}`)).set(teacher.auth).send({ label: 'Français (relu)' }).expect(200);
    expect(relabelled.body).to.include({ label: 'Français (relu)', lang: 'fr' });
    const replaced = await request(ctx.app).patch(api(`/tracks/${track!.id}`)).set(teacher.auth).attach('file', utf8('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nSeul\n'), 'v2.vtt').expect(200);
    expect(replaced.body).to.include({ cue_count: 1, label: 'Français (relu)' });
    const [after] = await ctx.services.enrichmentService.tracks.list(teacher.user, video.id);
    expect(after!.fileKey).to.not.equal(track!.fileKey);
    expect(await storedFiles(ctx, video.id, 'tracks')).to.deep.equal([after!.fileKey.slice('tracks/'.length)]);
    expect(await leftoverUploads(ctx)).to.deep.equal([]);
  });

  it('converts a SubRip file to WebVTT, and deletes a track with its file', async () => {
    const res = await request(ctx.app).post(api('/tracks')).set(teacher.auth).field('kind', 'captions').field('lang', 'en').field('label', 'English (CC)').attach('file', utf8(SRT), 'lecture.srt').expect(201);
    expect(res.body).to.include({ kind: 'captions', lang: 'en', label: 'English (CC)', cue_count: 2 });
    const track = (await ctx.services.enrichmentService.tracks.list(teacher.user, video.id)).find((t) => t.id === res.body.id)!;
    expect((await storedFile(ctx, video.id, track.fileKey)).toString('utf8')).to.equal('WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\nHello <i>everyone</i>\n\n2\n00:00:05.000 --> 00:00:08.000\nLet us start\n');
    const brazil = await request(ctx.app).post(api('/tracks')).set(teacher.auth).field('kind', 'subtitles').field('lang', 'pt-br').attach('file', utf8(VTT), 'pt.vtt').expect(201);
    expect(brazil.body).to.include({ lang: 'pt-BR', label: 'Português (Brasil)' });
    const before = await storedFiles(ctx, video.id, 'tracks');
    await request(ctx.app).delete(api(`/tracks/${res.body.id}`)).set(teacher.auth).expect(204);
    expect(await storedFiles(ctx, video.id, 'tracks')).to.deep.equal(before.filter((name) => `tracks/${name}` !== track.fileKey));
    const list = await request(ctx.app).get(api('/tracks')).set(teacher.auth).expect(200);
    expect(list.body.results.map((t: { lang: string }) => t.lang)).to.deep.equal(['fr', 'pt-BR']);
  });

  it('adds an enrichment of each of the five types, sanitizing HTML and storing files', async () => {
    const richtext = await request(ctx.app)
      .post(api('/enrichments'))
      .set(teacher.auth)
      .send({ title: 'Définition', type: 'richtext', start: 10, end: 20, stop_video: true, richtext: '<p onclick="x()">Ohm <b>law</b></p><script>alert(1)</script>' })
      .expect(201);
    expect(richtext.body).to.include({ type: 'richtext', start: 10, end: 20, stop_video: true, richtext: '<p>Ohm <b>law</b></p>', weblink: null, file: null });
    const weblink = await request(ctx.app).post(api('/enrichments')).set(teacher.auth).send({ title: 'Moodle', type: 'weblink', start: '0:20', end: '0:30', weblink: 'https://moodle.univ.fr/course/view.php?id=3' }).expect(201);
    expect(weblink.body).to.include({ weblink: 'https://moodle.univ.fr/course/view.php?id=3', stop_video: false });
    const embed = await request(ctx.app)
      .post(api('/enrichments'))
      .set(teacher.auth)
      .send({ title: 'Démo', type: 'embed', start: 30, end: 40, embed: '<p>see</p><iframe src="https://www.youtube.com/embed/x" onload="alert(1)" allowfullscreen></iframe>' })
      .expect(201);
    expect(embed.body.embed).to.match(/^<iframe src="https:\/\/www\.youtube\.com\/embed\/x" allowfullscreen sandbox="[^"]+" referrerpolicy="strict-origin-when-cross-origin" loading="lazy"><\/iframe>$/);
    const image = await request(ctx.app).post(api('/enrichments')).set(teacher.auth).field('title', 'Schéma').field('type', 'image').field('start', '40').field('end', '50').attach('file', PNG, 'schéma du circuit.png').expect(201);
    expect(image.body.file).to.deep.equal({ name: 'schéma du circuit.png', type: 'image/png', size: PNG.length });
    const document = await request(ctx.app).post(api('/enrichments')).set(teacher.auth).field('title', 'Polycopié').field('type', 'document').field('start', '1:00').field('end', '10:00').field('stop_video', 'true').attach('file', PDF, 'poly.bin').expect(201);
    expect(document.body).to.include({ stop_video: true, end: 600 });
    expect(document.body.file).to.deep.equal({ name: 'poly.bin', type: 'application/pdf', size: PDF.length });

    const stored = await ctx.services.enrichmentService.enrichments.list(teacher.user, video.id);
    expect(stored.map((e) => e.type)).to.deep.equal(['richtext', 'weblink', 'embed', 'image', 'document']);
    expect(stored[3]!.file!.key).to.match(/^enrichments\/[\w-]+\.png$/);
    expect(stored[4]!.file!.key).to.match(/^enrichments\/[\w-]+\.pdf$/);
    expect(parseMediaKey(stored[3]!.file!.key)).to.equal(stored[3]!.file!.key);
    expect(await storedFile(ctx, video.id, stored[3]!.file!.key)).to.deep.equal(PNG);
    expect(await storedFiles(ctx, video.id, 'enrichments')).to.have.length(2);
    expect(await leftoverUploads(ctx)).to.deep.equal([]);
  });

  it('changes an enrichment’s type or file, removing files nothing points at any more', async () => {
    const [image, pdf] = (await ctx.services.enrichmentService.enrichments.list(teacher.user, video.id)).filter((e) => e.file);
    const retitled = await request(ctx.app).patch(api(`/enrichments/${image!.id}`)).set(teacher.auth).send({ title: 'Le schéma' }).expect(200);
    expect(retitled.body.file.name).to.equal('schéma du circuit.png');
    const toLink = await request(ctx.app).patch(api(`/enrichments/${image!.id}`)).set(teacher.auth).send({ type: 'weblink', weblink: 'http://example.org' }).expect(200);
    expect(toLink.body).to.include({ type: 'weblink', weblink: 'http://example.org/', file: null });
    const newPdf = Buffer.concat([PDF, Buffer.from('% v2\n')]);
    const replaced = await request(ctx.app).patch(api(`/enrichments/${pdf!.id}`)).set(teacher.auth).attach('file', newPdf, 'poly-v2.pdf').expect(200);
    expect(replaced.body.file).to.deep.equal({ name: 'poly-v2.pdf', type: 'application/pdf', size: newPdf.length });
    const [current] = (await ctx.services.enrichmentService.enrichments.list(teacher.user, video.id)).filter((e) => e.file);
    expect(await storedFiles(ctx, video.id, 'enrichments')).to.deep.equal([current!.file!.key.slice('enrichments/'.length)]);
    await request(ctx.app).delete(api(`/enrichments/${pdf!.id}`)).set(teacher.auth).expect(204);
    expect(await storedFiles(ctx, video.id, 'enrichments')).to.deep.equal([]);
  });

  it('adds, changes and deletes overlays, sanitizing their content', async () => {
    const res = await request(ctx.app)
      .post(api('/overlays'))
      .set(teacher.auth)
      .send({ title: 'Bienvenue', content: '<b>Bienvenue</b> <img src=x onerror=alert(1)><a href="javascript:alert(1)">x</a>', start: 0, end: 5 })
      .expect(201);
    expect(res.body).to.include({ content: '<b>Bienvenue</b> <a rel="noopener noreferrer nofollow">x</a>', position: 'bottom-right', background: true, start: 0, end: 5 });
    const second = await request(ctx.app).post(api('/overlays')).set(teacher.auth).send({ title: 'Rappel', content: 'Quiz à 10:00', position: 'top-left', background: false, start: '5', end: '15' }).expect(201);
    const moved = await request(ctx.app).patch(api(`/overlays/${second.body.id}`)).set(teacher.auth).send({ position: 'top', end: 20 }).expect(200);
    expect(moved.body).to.include({ position: 'top', background: false, start: 5, end: 20 });
    const list = await request(ctx.app).get(api('/overlays')).set(teacher.auth).expect(200);
    expect(list.body.results.map((o: { title: string }) => o.title)).to.deep.equal(['Bienvenue', 'Rappel']);
    await request(ctx.app).delete(api(`/overlays/${res.body.id}`)).set(teacher.auth).expect(204);
  });

  it('gives the player everything in one call, in display order', async () => {
    const all = await ctx.services.enrichmentService.forPlayer(video.id);
    expect(all.chapters.map((c) => c.title)).to.deep.equal(['Introduction', 'Méthode']);
    expect(all.tracks.map((t) => [t.kind, t.lang, t.label])).to.deep.equal([
      ['subtitles', 'fr', 'Français (relu)'],
      ['subtitles', 'pt-BR', 'Português (Brasil)'],
    ]);
    expect(all.tracks[0]!.fileKey).to.match(/^tracks\//);
    // The player reaches files as /media/<grant>/<fileKey>: every key must be one the media routes accept.
    for (const key of [...all.tracks.map((t) => t.fileKey), ...all.enrichments.flatMap((e) => (e.file ? [e.file.key] : []))]) expect(parseMediaKey(key), key).to.equal(key);
    expect(all.enrichments.map((e) => [e.type, e.start, e.end])).to.deep.equal([
      ['richtext', 10, 20],
      ['weblink', 20, 30],
      ['embed', 30, 40],
      ['weblink', 40, 50],
    ]);
    expect(all.overlays.map((o) => [o.title, o.position])).to.deep.equal([['Rappel', 'top']]);
  });

  it('works with a browser session and its CSRF token too', async () => {
    const { loggedInAgent } = await import('../helpers/web-session.js');
    const { agent, csrf } = await loggedInAgent(ctx.app, teacher.user.username);
    const res = await agent.post(api('/chapters')).set('X-CSRF-Token', csrf).send({ title: 'Par la session', start: 300 }).expect(201);
    expect(res.body.title).to.equal('Par la session');
  });

  it('removes every file of a video with the video', async () => {
    const doomed = await createVideoWithDuration(ctx, teacher.user, 60);
    await request(ctx.app).post(`/api/v1/videos/${doomed.id}/tracks`).set(teacher.auth).field('kind', 'subtitles').field('lang', 'fr').attach('file', utf8(VTT), 'a.vtt').expect(201);
    await request(ctx.app).post(`/api/v1/videos/${doomed.id}/enrichments`).set(teacher.auth).field('title', 'Image').field('type', 'image').field('start', '0').field('end', '5').attach('file', PNG, 'a.png').expect(201);
    expect(await storedFiles(ctx, doomed.id, 'tracks')).to.have.length(1);
    expect(await storedFiles(ctx, doomed.id, 'enrichments')).to.have.length(1);
    await request(ctx.app).delete(`/api/v1/videos/${doomed.id}`).set(teacher.auth).expect(204);
    expect(await storedFiles(ctx, doomed.id, 'tracks')).to.deep.equal([]);
    expect(await storedFiles(ctx, doomed.id, 'enrichments')).to.deep.equal([]);
    const rows = await ctx.database.db.selectFrom('tracks').select('id').where('video_id', '=', doomed.id).execute();
    expect(rows).to.deep.equal([]);
  });
});
