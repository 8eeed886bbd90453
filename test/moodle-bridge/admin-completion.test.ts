import { expect } from 'chai';
import request from 'supertest';
import type { Video } from '../../server/src/domain/videos/video.js';
import { createUser, createVideoWithDuration, type UserWithToken } from '../helpers/factories.js';
import { expectAuthRefusals, expectFieldErrors, expectMethodNotAllowed, keyWithPageSize, podAdmin, rest, type PodAdmin } from '../helpers/pod-admin.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

const VTT = 'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nBonjour à tous\n';

/** Pod's `/rest/chapters/` and `/rest/tracks/` (filter `video`), through the chapter and track services. */
describe('Pod admin API: chapters and tracks', function () {
  this.timeout(60_000);
  let ctx: TestApp;
  let pod: PodAdmin;
  let teacher: UserWithToken;
  let video: Video;
  let foreignVideo: Video;

  before(async () => {
    ctx = await buildTestApp();
    pod = await podAdmin(ctx);
    teacher = await createUser(ctx);
    video = await createVideoWithDuration(ctx, teacher.user, 120);
    const site2Teacher = await ctx.services.userService.create({ siteId: pod.site2Id, username: 'sciences-teacher', role: 'staff' });
    const site2Type = await ctx.services.referenceData.createType(pod.site2Id, 'Autre', '');
    foreignVideo = await ctx.services.videoService.create(site2Teacher, { title: 'Chimie', typeId: site2Type.id });
  });
  after(async () => ctx?.close());

  describe('chapters', () => {
    const create = (body: object, auth = pod.auth) => request(ctx.app).post('/rest/chapters/').set(auth).send(body);

    it('creates, lists (by start), shows, changes and deletes chapters', async () => {
      const intro = await create({ video: rest(`videos/${video.id}/`), title: 'Introduction', time_start: 0 }).expect(201);
      const id = intro.body.id as number;
      expect(intro.body).to.deep.equal({ id, url: rest(`chapters/${id}/`), video: rest(`videos/${video.id}/`), title: 'Introduction', time_start: 0 });
      expect(intro.headers.location).to.equal(rest(`chapters/${id}/`));
      const second = await request(ctx.app).post('/rest/chapters/').set(pod.auth).type('form').send({ video: String(video.id), title: 'Partie 2', time_start: '62.5' }).expect(201);
      expect(second.body.time_start).to.equal(62.5);
      const first = await create({ video: video.id, title: 'Avant-propos', time_start: 30 }).expect(201);

      const list = await request(ctx.app).get(`/rest/chapters/?video=${video.id}`).set(pod.auth).expect(200);
      expect(list.body.results.map((chapter: { title: string }) => chapter.title)).to.deep.equal(['Introduction', 'Avant-propos', 'Partie 2']);
      const byLink = await request(ctx.app).get(`/rest/chapters/?video=${encodeURIComponent(rest(`videos/${video.id}/`))}`).set(pod.auth).expect(200);
      expect(byLink.body.count).to.equal(3);
      await request(ctx.app).get(`/rest/chapters/${id}/`).set(pod.auth).expect(200, intro.body);

      const patched = await request(ctx.app).patch(`/rest/chapters/${first.body.id}/`).set(pod.auth).send({ time_start: 45 }).expect(200);
      expect(patched.body).to.include({ title: 'Avant-propos', time_start: 45 });
      const put = await request(ctx.app).put(`/rest/chapters/${first.body.id}/`).set(pod.auth).send({ video: video.id, title: 'Préambule', time_start: 40 }).expect(200);
      expect(put.body).to.include({ title: 'Préambule', time_start: 40 });

      await request(ctx.app).delete(`/rest/chapters/${first.body.id}/`).set(pod.auth).expect(204, '');
      await request(ctx.app).get(`/rest/chapters/${first.body.id}/`).set(pod.auth).expect(404, { detail: 'Not found.' });
      const after = await request(ctx.app).get(`/rest/chapters/?video=${video.id}`).set(pod.auth).expect(200);
      expect(after.body.count).to.equal(2);
    });

    it('pages a video\'s chapters; no video, an unknown or another site\'s lists nothing', async () => {
      const auth = await keyWithPageSize(ctx, pod.admin, 1);
      const paged = await createVideoWithDuration(ctx, teacher.user, 60);
      for (const start of [1, 2]) await create({ video: paged.id, title: `C${start}`, time_start: start }).expect(201);
      const page2 = await request(ctx.app).get(`/rest/chapters/?video=${paged.id}&page=2`).set(auth).expect(200);
      expect(page2.body.results.map((chapter: { title: string }) => chapter.title)).to.deep.equal(['C2']);
      await request(ctx.app).get(`/rest/chapters/?video=${paged.id}&page=3`).set(auth).expect(404, { detail: 'Invalid page.' });
      const empty = { count: 0, next: null, previous: null, results: [] };
      await request(ctx.app).get('/rest/chapters/').set(pod.auth).expect(200, empty);
      await request(ctx.app).get('/rest/chapters/?video=999999').set(pod.auth).expect(200, empty);
      await request(ctx.app).get(`/rest/chapters/?video=${foreignVideo.id}`).set(pod.auth).expect(200, empty);
      expectFieldErrors(await request(ctx.app).get('/rest/chapters/?video=intro').set(pod.auth), { video: ['Select a valid choice. That choice is not one of the available choices.'] });
    });

    it('answers invalid chapters in DRF\'s shape, on Pod\'s field names', async () => {
      const missing = ['Invalid hyperlink - Object does not exist.'];
      expectFieldErrors(await create({}), { video: ['This field is required.'], title: ['This field is required.'], time_start: ['This field is required.'] });
      expectFieldErrors(await create({ video: video.id, title: 'x'.repeat(101), time_start: 'soon' }), { title: ['Ensure this field has no more than 100 characters.'], time_start: ['A valid number is required.'] });
      expectFieldErrors(await create({ video: video.id, title: 'Negative', time_start: -1 }), { time_start: ['Ensure this value is greater than or equal to 0.'] });
      expectFieldErrors(await create({ video: 999999, title: 'X', time_start: 1 }), { video: missing });
      expectFieldErrors(await create({ video: foreignVideo.id, title: 'X', time_start: 1 }), { video: missing });
      expectFieldErrors(await create({ video: video.id, title: 'Too late', time_start: 500 }), { time_start: ['A chapter must start before the end of the video (2:00).'] });
      await create({ video: video.id, title: 'Taken', time_start: 90 }).expect(201);
      const taken = await create({ video: video.id, title: 'Same start', time_start: 90 });
      expectFieldErrors(taken, { time_start: ['Another chapter (“Taken”) already starts at 1:30.'] });
      expect(taken.headers['x-lectern-error-code']).to.equal('chapter_start_taken');
      const other = await createVideoWithDuration(ctx, teacher.user, 60);
      const movable = await create({ video: video.id, title: 'Movable', time_start: 91 }).expect(201);
      const moved = await request(ctx.app).patch(`/rest/chapters/${movable.body.id}/`).set(pod.auth).send({ video: other.id });
      expectFieldErrors(moved, { video: ['A chapter cannot move to another video: delete it and create it on the other one.'] });
    });

    it('hides another site\'s chapters and refuses wrong credentials and methods', async () => {
      const chapter = await create({ video: video.id, title: 'Secret', time_start: 100 }).expect(201);
      await request(ctx.app).get(`/rest/chapters/${chapter.body.id}/`).set(pod.site2Auth).expect(404, { detail: 'Not found.' });
      await request(ctx.app).delete(`/rest/chapters/${chapter.body.id}/`).set(pod.site2Auth).expect(404, { detail: 'Not found.' });
      await request(ctx.app).patch(`/rest/chapters/${chapter.body.id}/`).set(pod.site2Auth).send({ title: 'x' }).expect(404, { detail: 'Not found.' });
      await request(ctx.app).get('/rest/chapters/999999/').set(pod.auth).expect(404, { detail: 'Not found.' });
      await expectAuthRefusals(ctx, 'post', '/rest/chapters/');
      await expectAuthRefusals(ctx, 'delete', `/rest/chapters/${chapter.body.id}/`);
      await expectMethodNotAllowed(ctx, pod.auth, 'put', '/rest/chapters/', 'GET, POST');
      await expectMethodNotAllowed(ctx, pod.auth, 'post', `/rest/chapters/${chapter.body.id}/`, 'GET, PUT, PATCH, DELETE');
    });
  });

  describe('tracks', () => {
    const upload = (fields: Record<string, string>, file: { text: string; name: string } | null = { text: VTT, name: 'fr.vtt' }, auth = pod.auth) => {
      let req = request(ctx.app).post('/rest/tracks/').set(auth);
      for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
      return file ? req.attach('src', Buffer.from(file.text), file.name) : req;
    };

    it('creates a track from the src file; src is its URL behind the video\'s grant, and serves it', async () => {
      const res = await upload({ video: rest(`videos/${video.id}/`), kind: 'subtitles', lang: 'fr' }).expect(201);
      const id = res.body.id as number;
      expect(res.body).to.include({ id, url: rest(`tracks/${id}/`), video: rest(`videos/${video.id}/`), kind: 'subtitles', lang: 'fr' });
      expect(res.body.src).to.match(new RegExp(`^http://lectern\\.test/media/[^/]+/${video.id}/tracks/[0-9a-f]{24}\\.vtt$`));
      expect(res.headers.location).to.equal(rest(`tracks/${id}/`));
      const file = await request(ctx.app).get(new URL(res.body.src).pathname).expect(200);
      expect(file.text).to.contain('Bonjour à tous');

      const list = await request(ctx.app).get(`/rest/tracks/?video=${video.id}`).set(pod.auth).expect(200);
      expect(list.body).to.deep.equal({ count: 1, next: null, previous: null, results: [res.body] });
      await request(ctx.app).get(`/rest/tracks/${id}/`).set(pod.auth).expect(200, res.body);
      await request(ctx.app).get(`/rest/tracks/${id}/`).set(pod.site2Auth).expect(404, { detail: 'Not found.' });

      await request(ctx.app).delete(`/rest/tracks/${id}/`).set(pod.site2Auth).expect(404, { detail: 'Not found.' });
      await request(ctx.app).delete(`/rest/tracks/${id}/`).set(pod.auth).expect(204, '');
      await request(ctx.app).get(`/rest/tracks/${id}/`).set(pod.auth).expect(404, { detail: 'Not found.' });
      await request(ctx.app).get(new URL(res.body.src).pathname).expect(404);
      await request(ctx.app).get('/rest/tracks/').set(pod.auth).expect(200, { count: 0, next: null, previous: null, results: [] });
    });

    it('answers invalid tracks in DRF\'s shape, on Pod\'s field names', async () => {
      expectFieldErrors(await upload({}, null), { video: ['This field is required.'], kind: ['This field is required.'], lang: ['This field is required.'], src: ['No file was submitted.'] });
      expectFieldErrors(await upload({ video: String(video.id), kind: 'chapters', lang: 'en' }), { kind: ['"chapters" is not a valid choice.'] });
      expectFieldErrors(await upload({ video: String(foreignVideo.id), kind: 'captions', lang: 'en' }), { video: ['Invalid hyperlink - Object does not exist.'] });
      const badLang = await upload({ video: String(video.id), kind: 'captions', lang: 'english!' });
      expectFieldErrors(badLang, { lang: ['“english!” is not a language code such as fr, en or pt-BR.'] });
      const notVtt = await upload({ video: String(video.id), kind: 'captions', lang: 'en' }, { text: 'just some notes', name: 'notes.vtt' });
      expect(notVtt.status).to.equal(400);
      expect(Object.keys(notVtt.body)).to.deep.equal(['src']);
      expect(notVtt.body.src).to.have.length(1);
      await upload({ video: String(video.id), kind: 'captions', lang: 'de' }).expect(201);
      const twice = await upload({ video: String(video.id), kind: 'captions', lang: 'de' });
      expectFieldErrors(twice, { lang: ['This video already has captions in German (de): edit that track or delete it first.'] });
      const json = await request(ctx.app).post('/rest/tracks/').set(pod.auth).send({ video: video.id, kind: 'captions', lang: 'it', src: 'https://elsewhere/it.vtt' });
      expectFieldErrors(json, { src: ['No file was submitted.'] });
    });

    it('refuses wrong credentials and methods', async () => {
      await expectAuthRefusals(ctx, 'get', '/rest/tracks/');
      await expectAuthRefusals(ctx, 'post', '/rest/tracks/');
      await expectMethodNotAllowed(ctx, pod.auth, 'patch', '/rest/tracks/1/', 'GET, DELETE');
      await expectMethodNotAllowed(ctx, pod.auth, 'put', '/rest/tracks/1/', 'GET, DELETE');
      await expectMethodNotAllowed(ctx, pod.auth, 'delete', '/rest/tracks/', 'GET, POST');
    });
  });
});
