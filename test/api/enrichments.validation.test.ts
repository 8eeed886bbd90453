import { expect } from 'chai';
import request from 'supertest';
import type { Video } from '../../server/src/domain/videos/video.js';
import { createChapterRepository } from '../../server/src/infra/repositories/chapter-repository.js';
import { createEnrichmentRepository } from '../../server/src/infra/repositories/enrichment-repository.js';
import { leftoverUploads, PDF, PNG, storedFile, storedFiles, utf8, VTT } from '../helpers/enrichment-files.js';
import { createUser, createVideo, createVideoWithDuration, type UserWithToken } from '../helpers/factories.js';
import { expectProblem } from '../helpers/problem.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { loggedInAgent } from '../helpers/web-session.js';

describe('enrichments API: refusals', () => {
  let ctx: TestApp;
  let teacher: UserWithToken;
  let stranger: UserWithToken;
  let video: Video;

  before(async () => {
    ctx = await buildTestApp();
    teacher = await createUser(ctx);
    stranger = await createUser(ctx);
    video = await createVideoWithDuration(ctx, teacher.user, 120);
  });
  after(async () => {
    await ctx.close();
  });

  const api = (path: string, videoId = video.id) => `/api/v1/videos/${videoId}${path}`;
  const post = (path: string) => request(ctx.app).post(api(path)).set(teacher.auth);
  const addTrack = (lang: string, file: Buffer, name = 'subs.vtt', kind = 'subtitles') => post('/tracks').field('kind', kind).field('lang', lang).attach('file', file, name);
  const addEnrichment = (fields: Record<string, unknown>) => post('/enrichments').send({ title: 'Item', type: 'richtext', richtext: '<p>x</p>', ...fields });

  describe('who may edit', () => {
    for (const section of ['chapters', 'tracks', 'enrichments', 'overlays']) {
      it(`${section}: anonymous → 401, not an owner → 403, no such video → 404`, async () => {
        expectProblem(await request(ctx.app).get(api(`/${section}`)), 401, 'unauthenticated');
        expectProblem(await request(ctx.app).post(api(`/${section}`)).send({}), 401, 'unauthenticated');
        expectProblem(await request(ctx.app).get(api(`/${section}`)).set(stranger.auth), 403, 'not_video_manager');
        expectProblem(await request(ctx.app).delete(api(`/${section}/1`)).set(stranger.auth), 403, 'not_video_manager');
        expectProblem(await request(ctx.app).get(api(`/${section}`, 999_999)).set(teacher.auth), 404, 'video_not_found');
      });
    }

    it('refuses items of another video, and unknown items', async () => {
      const other = await createVideo(ctx, teacher.user);
      const chapter = await post('/chapters').send({ title: 'Ici', start: 5 }).expect(201);
      expectProblem(await request(ctx.app).patch(api(`/chapters/${chapter.body.id}`, other.id)).set(teacher.auth).send({ title: 'Là' }), 404, 'chapter_not_found');
      expectProblem(await request(ctx.app).delete(api('/tracks/424242')).set(teacher.auth), 404, 'track_not_found');
      expectProblem(await request(ctx.app).patch(api('/enrichments/424242')).set(teacher.auth).send({ title: 'Nope' }), 404, 'enrichment_not_found');
      expectProblem(await request(ctx.app).delete(api('/overlays/424242')).set(teacher.auth), 404, 'overlay_not_found');
      expectProblem(await request(ctx.app).delete(api('/overlays/abc')).set(teacher.auth), 400, 'validation_failed');
    });

    it('needs the CSRF token with a session', async () => {
      const { agent } = await loggedInAgent(ctx.app, teacher.user.username);
      expectProblem(await agent.post(api('/chapters')).send({ title: 'Sans jeton', start: 1 }), 403, 'csrf_failed');
    });
  });

  describe('chapters', () => {
    it('refuses a start at or after the end of the video, a start taken, bad fields', async () => {
      const late = await post('/chapters').send({ title: 'Trop tard', start: 120 });
      expectProblem(late, 400, 'chapter_start_out_of_range');
      expect(late.body.detail).to.equal('Un chapitre doit commencer avant la fin de la vidéo (2:00).');
      await post('/chapters').send({ title: 'Premier', start: '1:00' }).expect(201);
      const taken = await post('/chapters').send({ title: 'Doublon', start: 60 });
      expectProblem(taken, 409, 'chapter_start_taken');
      expect(taken.body.detail).to.include('Premier').and.include('1:00');
      const bad = await post('/chapters').send({ title: ' ', start: '1:75', extra: 1 });
      expectProblem(bad, 400, 'validation_failed');
      expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).to.deep.equal(['body', 'body.start', 'body.title']);
      expectProblem(await post('/chapters').send({ title: 'x'.repeat(101), start: 1 }), 400, 'validation_failed');
      expectProblem(await post('/chapters').send({ title: 'Négatif', start: -1 }), 400, 'validation_failed');
    });

    it('maps the database’s unique constraint (a race) to a conflict', async () => {
      const repository = createChapterRepository(ctx.database.db);
      await repository.insert(video.id, { title: 'A', start: 99 });
      expect(await repository.insert(video.id, { title: 'B', start: 99 })).to.deep.equal({ kind: 'conflict' });
      expect(await repository.insert(987_654, { title: 'C', start: 1 })).to.deep.equal({ kind: 'not_found' });
    });
  });

  describe('tracks', () => {
    it('refuses invalid WebVTT, saying which line', async () => {
      const res = await addTrack('fr', utf8('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nUn\n\n00:00:09.000 --> 00:00:03.000\nDeux\n'));
      expectProblem(res, 422, 'track_invalid_vtt');
      expect(res.body.detail).to.equal('Le fichier de sous-titres n’est pas valide, à la ligne 6.');
      expect(res.body.errors).to.deep.equal([{ path: 'file', message: 'Line 6: the cue ends before it starts' }]);
      expectProblem(await addTrack('fr', utf8('Bonjour\n')), 422, 'track_invalid_vtt');
      expectProblem(await addTrack('fr', Buffer.from('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nd\xe9j\xe0\n', 'latin1')), 422, 'track_not_utf8');
      expectProblem(await addTrack('fr', utf8('WEBVTT\n\n')), 422, 'track_empty');
      expectProblem(await addTrack('fr', utf8('1\n00:00:01,000 -> 00:00:02,000\nx\n'), 'bad.srt'), 422, 'track_invalid_vtt');
    });

    it('refuses a second track of the same kind and language, a bad language, a file too big, a missing file', async () => {
      await addTrack('de', utf8(VTT)).expect(201);
      const again = await addTrack('de', utf8(VTT));
      expectProblem(again, 409, 'track_exists');
      expect(again.body.detail).to.include('(de)');
      await addTrack('de', utf8(VTT), 'subs.vtt', 'captions').expect(201);
      expectProblem(await addTrack('german', utf8(VTT)), 400, 'invalid_language');
      expectProblem(await addTrack('x', utf8(VTT)), 400, 'validation_failed');
      const big = Buffer.concat([utf8('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n'), Buffer.alloc(2 * 1024 * 1024, 'a')]);
      const tooBig = await addTrack('it', big);
      expectProblem(tooBig, 413, 'file_too_large');
      expect(tooBig.body.detail).to.include('2 MiB');
      expectProblem(await post('/tracks').field('kind', 'subtitles').field('lang', 'it'), 400, 'file_missing');
      expectProblem(await post('/tracks').send({ kind: 'subtitles', lang: 'it' }), 400, 'multipart_required');
      expectProblem(await addTrack('it', utf8(VTT), 'x.vtt', 'chapters'), 400, 'validation_failed');
      expect(await leftoverUploads(ctx)).to.deep.equal([]);
    });

    it('leaves a track and its file as they were when a change is refused', async () => {
      const created = await addTrack('es', utf8(VTT)).expect(201);
      const [before] = (await ctx.services.enrichmentService.tracks.list(teacher.user, video.id)).filter((t) => t.lang === 'es');
      const files = await storedFiles(ctx, video.id, 'tracks');
      expectProblem(await request(ctx.app).patch(api(`/tracks/${created.body.id}`)).set(teacher.auth).field('label', 'Nouveau').attach('file', utf8('WEBVTT\nbroken -->\n'), 'b.vtt'), 422, 'track_invalid_vtt');
      expectProblem(await request(ctx.app).patch(api(`/tracks/${created.body.id}`)).set(teacher.auth).field('lang', 'de').attach('file', utf8(VTT), 'ok.vtt'), 409, 'track_exists');
      expectProblem(await request(ctx.app).patch(api(`/tracks/${created.body.id}`)).set(teacher.auth).send({}), 400, 'validation_failed');
      const [after] = (await ctx.services.enrichmentService.tracks.list(teacher.user, video.id)).filter((t) => t.id === created.body.id);
      expect(after).to.deep.equal(before);
      expect(await storedFiles(ctx, video.id, 'tracks')).to.deep.equal(files);
      expect((await storedFile(ctx, video.id, before!.fileKey)).toString()).to.equal(VTT);
    });
  });

  describe('enrichments', () => {
    it('refuses overlaps, naming the enrichment in the way', async () => {
      await addEnrichment({ title: 'Premier', start: 10, end: 20 }).expect(201);
      const overlap = await addEnrichment({ title: 'Second', start: 15, end: 25 });
      expectProblem(overlap, 409, 'enrichment_overlap');
      expect(overlap.body.detail).to.equal('Cela chevauche l’enrichissement « Premier » (0:10–0:20) : les enrichissements ne doivent pas se chevaucher.');
      await addEnrichment({ title: 'Accolé', start: 20, end: 25 }).expect(201);
      const moved = await addEnrichment({ title: 'Ailleurs', start: 30, end: 35 }).expect(201);
      expectProblem(await request(ctx.app).patch(api(`/enrichments/${moved.body.id}`)).set(teacher.auth).send({ start: 24 }), 409, 'enrichment_overlap');
    });

    it('maps the database’s exclusion constraint (a race) to a conflict', async () => {
      const repository = createEnrichmentRepository(ctx.database.db);
      const row = { title: 'Course', type: 'weblink' as const, start: 10.5, end: 11, stopVideo: false, richtext: null, weblink: 'https://a.fr/', embed: null, file: null };
      expect(await repository.insert(video.id, row)).to.deep.equal({ kind: 'conflict' });
    });

    it('refuses times out of range', async () => {
      expectProblem(await addEnrichment({ start: 100, end: 121 }), 400, 'time_beyond_duration');
      const reversed = await addEnrichment({ start: 90, end: 80 });
      expectProblem(reversed, 400, 'invalid_time_range');
      expect(reversed.body.errors).to.deep.equal([{ path: 'end', message: 'The end (1:20) must come after the start (1:30).' }]);
      expectProblem(await addEnrichment({ start: 90, end: 90 }), 400, 'invalid_time_range');
      expectProblem(await addEnrichment({ start: '1:99', end: 95 }), 400, 'validation_failed');
      expectProblem(await addEnrichment({ title: 'x', start: 90, end: 95 }), 400, 'validation_failed');
    });

    it('refuses payloads that are missing, unsafe or empty', async () => {
      expectProblem(await addEnrichment({ type: 'weblink', weblink: 'javascript:alert(1)', start: 100, end: 101 }), 400, 'enrichment_invalid_weblink');
      expectProblem(await addEnrichment({ type: 'weblink', start: 100, end: 101 }), 400, 'enrichment_invalid_weblink');
      expectProblem(await addEnrichment({ type: 'embed', embed: '<iframe src="http://insecure.example/"></iframe>', start: 100, end: 101 }), 400, 'enrichment_invalid_embed');
      expectProblem(await addEnrichment({ type: 'embed', embed: '<iframe srcdoc="<script>alert(1)</script>"></iframe>', start: 100, end: 101 }), 400, 'enrichment_invalid_embed');
      expectProblem(await addEnrichment({ richtext: '<script>alert(1)</script><p> </p>', start: 100, end: 101 }), 400, 'enrichment_richtext_empty');
      expectProblem(await addEnrichment({ type: 'image', start: 100, end: 101 }), 400, 'enrichment_file_required');
      expectProblem(await addEnrichment({ type: 'video', start: 100, end: 101 }), 400, 'validation_failed');
    });

    it('checks files by their content and size, and keeps nothing of a refused one', async () => {
      const files = await storedFiles(ctx, video.id, 'enrichments');
      const image = (file: Buffer, name: string, start = 100) => post('/enrichments').field('title', 'Image').field('type', 'image').field('start', String(start)).field('end', String(start + 1)).attach('file', file, name);
      const pdfAsImage = await image(PDF, 'photo.png');
      expectProblem(pdfAsImage, 422, 'enrichment_file_type');
      expectProblem(await image(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'a.svg'), 422, 'enrichment_file_type');
      expectProblem(await post('/enrichments').field('title', 'Doc').field('type', 'document').field('start', '100').field('end', '101').attach('file', PNG, 'notes.exe'), 422, 'enrichment_file_type');
      const huge = Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]);
      const tooBig = await image(huge, 'huge.png');
      expectProblem(tooBig, 413, 'file_too_large');
      expect(tooBig.body.detail).to.include('10 MiB');
      expectProblem(await image(PNG, 'late.png', 15), 409, 'enrichment_overlap');
      expect(await storedFiles(ctx, video.id, 'enrichments')).to.deep.equal(files);
      expect(await leftoverUploads(ctx)).to.deep.equal([]);
    });

    it('leaves an enrichment and its file as they were when a change is refused', async () => {
      const created = await post('/enrichments').field('title', 'Figure').field('type', 'image').field('start', '110').field('end', '115').attach('file', PNG, 'fig.png').expect(201);
      const before = await ctx.services.enrichmentService.enrichments.get(teacher.user, video.id, created.body.id);
      const files = await storedFiles(ctx, video.id, 'enrichments');
      const patch = () => request(ctx.app).patch(api(`/enrichments/${created.body.id}`)).set(teacher.auth);
      expectProblem(await patch().field('end', '130').attach('file', PNG, 'fig2.png'), 400, 'time_beyond_duration');
      expectProblem(await patch().field('start', '12').attach('file', PNG, 'fig2.png'), 409, 'enrichment_overlap');
      expectProblem(await patch().attach('file', PDF, 'fig2.png'), 422, 'enrichment_file_type');
      expectProblem(await patch().send({ type: 'document' }), 400, 'enrichment_file_required');
      expect(await ctx.services.enrichmentService.enrichments.get(teacher.user, video.id, created.body.id)).to.deep.equal(before);
      expect(await storedFiles(ctx, video.id, 'enrichments')).to.deep.equal(files);
      expect(await storedFile(ctx, video.id, before.file!.key)).to.deep.equal(PNG);
      expect(await leftoverUploads(ctx)).to.deep.equal([]);
    });
  });

  describe('overlays', () => {
    it('refuses overlaps, times out of range, empty content and unknown positions', async () => {
      const overlay = (fields: Record<string, unknown>) => post('/overlays').send({ title: 'Note', content: 'Texte', start: 0, end: 10, ...fields });
      await overlay({}).expect(201);
      const overlap = await overlay({ title: 'Autre', start: 5, end: 15 });
      expectProblem(overlap, 409, 'overlay_overlap');
      expect(overlap.body.detail).to.include('« Note » (0:00–0:10)');
      expectProblem(await overlay({ start: 110, end: 125 }), 400, 'time_beyond_duration');
      expectProblem(await overlay({ start: 50, end: 40 }), 400, 'invalid_time_range');
      expectProblem(await overlay({ start: 50, end: 60, content: '<script>alert(1)</script>' }), 400, 'overlay_content_empty');
      expectProblem(await overlay({ start: 50, end: 60, position: 'center' }), 400, 'validation_failed');
      expectProblem(await overlay({ start: 50, end: 60, background: 'yes' }), 400, 'validation_failed');
    });
  });
});
