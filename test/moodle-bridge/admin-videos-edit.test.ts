import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import request from 'supertest';
import type { Video } from '../../server/src/domain/videos/video.js';
import { readVideo, videoWithSourceFile } from '../helpers/encoding.js';
import { createUser, createVideo, type UserWithToken } from '../helpers/factories.js';
import { textAsMp4, videoClip } from '../helpers/media.js';
import { expectAuthRefusals, expectFieldErrors, expectMethodNotAllowed, keyWithPageSize, podAdmin, rest, type PodAdmin } from '../helpers/pod-admin.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

/** `/rest/videos/` list filters, `/rest/videos/<id>/` GET, PUT, PATCH and DELETE, and launch_encode_view. */
describe('Pod admin API: listing, changing and encoding videos', function () {
  this.timeout(60_000);
  let ctx: TestApp;
  let pod: PodAdmin;
  let alice: UserWithToken;
  let bob: UserWithToken;

  before(async () => {
    ctx = await buildTestApp();
    pod = await podAdmin(ctx);
    alice = await createUser(ctx, { username: 'alice' });
    bob = await createUser(ctx, { username: 'bob' });
  });
  after(async () => ctx?.close());

  const ids = (body: { results: { id: number }[] }) => body.results.map((video) => video.id);

  describe('list', () => {
    let lab: number;
    let a1: Video, a2: Video, b1: Video, b2: Video;

    before(async () => {
      lab = (await ctx.services.referenceData.createType(1, 'TP', '')).id;
      a1 = await createVideo(ctx, alice.user, { title: 'A1', isDraft: false });
      a2 = await createVideo(ctx, alice.user, { title: 'A2', typeId: lab, isRestricted: true });
      b1 = await createVideo(ctx, bob.user, { title: 'B1', typeId: lab, isDraft: false });
      b2 = await createVideo(ctx, bob.user, { title: 'B2' });
      await ctx.database.db.updateTable('videos').set({ created_at: new Date('2024-03-05T10:15:30.250Z') }).where('id', '=', a1.id).execute();
      await ctx.database.db.updateTable('videos').set({ created_at: new Date('2024-03-05T23:59:00Z') }).where('id', '=', b1.id).execute();
      await ctx.database.db.updateTable('videos').set({ status: 'queued' }).where('id', '=', b2.id).execute();
    });

    const list = (query: string, auth = pod.auth) => request(ctx.app).get(`/rest/videos/${query}`).set(auth);

    it('lists the site\'s videos newest first as Video JSON pages', async () => {
      const res = await list('').expect(200);
      expect(ids(res.body)).to.deep.equal([b2.id, a2.id, b1.id, a1.id]);
      expect(res.body.results[1]).to.include({ id: a2.id, title: 'A2', owner: rest(`users/${alice.user.id}/`), type: rest(`types/${lab}/`), is_restricted: true, is_draft: true });
      const site2 = await list('', pod.site2Auth).expect(200);
      expect(site2.body).to.deep.equal({ count: 0, next: null, previous: null, results: [] });
    });

    it('pages with the key\'s page size, 404 past the end', async () => {
      const auth = await keyWithPageSize(ctx, pod.admin, 3);
      const first = await list('?owner=&page=1', auth).expect(200);
      expect(first.body.count).to.equal(4);
      expect(first.body.next).to.equal(rest('videos/?owner=&page=2'));
      const second = await list('?page=2', auth).expect(200);
      expect(ids(second.body)).to.deep.equal([a1.id]);
      await list('?page=3', auth).expect(404, { detail: 'Invalid page.' });
    });

    const filters: [string, () => string, () => number[]][] = [
      ['owner as an id', () => `?owner=${alice.user.id}`, () => [a2.id, a1.id]],
      ['owner as a hyperlink', () => `?owner=${encodeURIComponent(rest(`users/${bob.user.id}/`))}`, () => [b2.id, b1.id]],
      ['type', () => `?type=${lab}`, () => [a2.id, b1.id]],
      ['date_added as a day (UTC)', () => '?date_added=2024-03-05', () => [b1.id, a1.id]],
      ['date_added as a second', () => '?date_added=2024-03-05T10:15:30', () => [a1.id]],
      ['is_draft', () => '?is_draft=false', () => [b1.id, a1.id]],
      ['is_restricted', () => '?is_restricted=True', () => [a2.id]],
      ['encoding_in_progress', () => '?encoding_in_progress=true', () => [b2.id]],
      ['sites (own)', () => '?sites=1', () => [b2.id, a2.id, b1.id, a1.id]],
      ['sites (another site)', () => '?sites=2', () => []],
      ['an unknown owner', () => '?owner=999999', () => []],
      ['several filters', () => `?owner=${bob.user.id}&is_draft=0&type=${lab}`, () => [b1.id]],
    ];
    for (const [name, query, expected] of filters) {
      it(`filters on ${name}`, async () => {
        const res = await list(query()).expect(200);
        expect(ids(res.body)).to.deep.equal(expected());
        expect(res.body.count).to.equal(expected().length);
      });
    }

    it('answers malformed filters with DRF\'s 400', async () => {
      const invalid = ['Select a valid choice. That choice is not one of the available choices.'];
      expectFieldErrors(await list('?owner=alice&type=https://x/rest/users/1/'), { owner: invalid, type: invalid });
      expectFieldErrors(await list('?date_added=yesterday'), { date_added: ['Enter a valid date/time.'] });
      expectFieldErrors(await list('?date_added=2024-02-30'), { date_added: ['Enter a valid date/time.'] });
      expectFieldErrors(await list('?sites=main'), { sites: ['Select a valid choice. main is not one of the available choices.'] });
    });

    it('shows one video; another site\'s or an unknown one is 404', async () => {
      const res = await request(ctx.app).get(`/rest/videos/${a1.id}/`).set(pod.auth).expect(200);
      expect(res.body).to.include({ id: a1.id, url: rest(`videos/${a1.id}/`), slug: a1.slug, date_added: '2024-03-05T10:15:30.250Z', video: null });
      await request(ctx.app).get(`/rest/videos/${a1.id}/`).set(pod.site2Auth).expect(404, { detail: 'Not found.' });
      await request(ctx.app).get('/rest/videos/999999/').set(pod.auth).expect(404, { detail: 'Not found.' });
    });
  });

  describe('PATCH, PUT and DELETE', () => {
    it('PATCH changes only the fields sent; a new title renames the slug', async () => {
      const video = await createVideo(ctx, alice.user, { title: 'Old title', tags: ['keep'] });
      const res = await request(ctx.app).patch(`/rest/videos/${video.id}/`).set(pod.auth).send({ title: 'New title', is_draft: false, password: 'open sesame' }).expect(200);
      expect(res.body).to.include({ title: 'New title', slug: `${String(video.id).padStart(4, '0')}-new-title`, is_draft: false, password: '********' });
      expect(res.body.tags).to.deep.equal(['keep']);
      // The mask a GET shows leaves the password as it is; blank removes it.
      await request(ctx.app).patch(`/rest/videos/${video.id}/`).set(pod.auth).send({ password: '********' }).expect(200);
      expect((await readVideo(ctx, video.id))!.hasPassword).to.equal(true);
      const cleared = await request(ctx.app).patch(`/rest/videos/${video.id}/`).set(pod.auth).type('form').send({ password: '' }).expect(200);
      expect(cleared.body.password).to.equal(null);
    });

    it('PATCH gives the video to another owner, who must be able to own videos', async () => {
      const video = await createVideo(ctx, alice.user, { title: 'Handed over' });
      const res = await request(ctx.app).patch(`/rest/videos/${video.id}/`).set(pod.auth).send({ owner: rest(`users/${bob.user.id}/`) }).expect(200);
      expect(res.body.owner).to.equal(rest(`users/${bob.user.id}/`));
      const student = await createUser(ctx, { role: 'student', username: 'student-owner' });
      expectFieldErrors(await request(ctx.app).patch(`/rest/videos/${video.id}/`).set(pod.auth).send({ owner: student.user.id }), {
        owner: ['student-owner cannot own videos: only active staff members and administrators can'],
      });
      expect((await readVideo(ctx, video.id))!.owner.id).to.equal(bob.user.id);
    });

    it('PATCH giving the video to one of its co-owners leaves them owner only', async () => {
      const video = await createVideo(ctx, alice.user, { title: 'Shared then given', additionalOwners: [bob.user.username] });
      const res = await request(ctx.app).patch(`/rest/videos/${video.id}/`).set(pod.auth).send({ owner: bob.user.id }).expect(200);
      expect(res.body.owner).to.equal(rest(`users/${bob.user.id}/`));
      expect(res.body.additional_owners).to.deep.equal([]);
    });

    it('PUT takes back what a GET gave (the source URL and the password mask are left as they are)', async () => {
      const video = await videoWithSourceFile(ctx, alice.user, await videoClip());
      await ctx.services.videoService.update(alice.user, video.id, { password: 'secret-word', tags: ['a'] });
      const got = await request(ctx.app).get(`/rest/videos/${video.id}/`).set(pod.auth).expect(200);
      const put = await request(ctx.app)
        .put(`/rest/videos/${video.id}/`)
        .set(pod.auth)
        .send({ ...got.body, title: 'Renamed by PUT' })
        .expect(200);
      expect({ ...put.body, title: got.body.title, slug: got.body.slug }).to.deep.equal(got.body);
      const after = (await readVideo(ctx, video.id))!;
      expect(after).to.include({ title: 'Renamed by PUT', hasPassword: true });
      expect(after.source).to.deep.equal(video.source);
    });

    it('PUT needs the title and the owner; a new video file replaces the source without encoding it', async () => {
      const video = await videoWithSourceFile(ctx, alice.user, await videoClip());
      expectFieldErrors(await request(ctx.app).put(`/rest/videos/${video.id}/`).set(pod.auth).send({ description: 'x' }), { title: ['This field is required.'], owner: ['This field is required.'] });
      const clip = await readFile(await videoClip());
      const res = await request(ctx.app)
        .put(`/rest/videos/${video.id}/`)
        .set(pod.auth)
        .field('title', 'Second take')
        .field('owner', rest(`users/${alice.user.id}/`))
        .attach('video', clip, 'take2.mp4')
        .expect(200);
      expect(res.body.title).to.equal('Second take');
      const after = (await readVideo(ctx, video.id))!;
      expect(after.source!.filename).to.equal('take2.mp4');
      expect(after.source!.key).to.not.equal(video.source!.key);
      expect(existsSync(ctx.services.storage.localPath(video.source!.key))).to.equal(false);
      expect(after.status).to.equal('uploaded');
      const notes = await readFile(await textAsMp4());
      const refused = await request(ctx.app).patch(`/rest/videos/${video.id}/`).set(pod.auth).field('title', 'Not applied').attach('video', notes, 'notes.mp4');
      expectFieldErrors(refused, { video: ['This file cannot be read as video or audio: it is damaged, truncated or not a media file.'] });
      expect((await readVideo(ctx, video.id))!).to.include({ title: 'Second take' });
    });

    it('answers invalid changes and unknown videos', async () => {
      const video = await createVideo(ctx, alice.user);
      expectFieldErrors(await request(ctx.app).patch(`/rest/videos/${video.id}/`).set(pod.auth).send({ title: '', is_draft: 'sometimes', type: 999999 }), {
        title: ['This field may not be blank.'],
        is_draft: ['Must be a valid boolean.'],
      });
      expectFieldErrors(await request(ctx.app).patch(`/rest/videos/${video.id}/`).set(pod.auth).send({ type: 999999 }), { type: ['Invalid hyperlink - Object does not exist.'] });
      await request(ctx.app).patch(`/rest/videos/${video.id}/`).set(pod.site2Auth).send({ title: 'x' }).expect(404, { detail: 'Not found.' });
      await request(ctx.app).put('/rest/videos/999999/').set(pod.auth).send({ title: 'x', owner: alice.user.id }).expect(404, { detail: 'Not found.' });
    });

    it('DELETE removes the video: 204', async () => {
      const video = await videoWithSourceFile(ctx, alice.user, await videoClip());
      await request(ctx.app).delete(`/rest/videos/${video.id}/`).set(pod.site2Auth).expect(404, { detail: 'Not found.' });
      await request(ctx.app).delete(`/rest/videos/${video.id}/`).set(pod.auth).expect(204, '');
      await request(ctx.app).get(`/rest/videos/${video.id}/`).set(pod.auth).expect(404, { detail: 'Not found.' });
      expect(existsSync(ctx.services.storage.localPath(video.source!.key))).to.equal(false);
      await request(ctx.app).delete(`/rest/videos/${video.id}/`).set(pod.auth).expect(404, { detail: 'Not found.' });
    });

    it('needs an administrator\'s credentials; other methods are 405', async () => {
      const video = await createVideo(ctx, alice.user);
      for (const method of ['get', 'put', 'patch', 'delete'] as const) await expectAuthRefusals(ctx, method, `/rest/videos/${video.id}/`);
      await expectMethodNotAllowed(ctx, pod.auth, 'post', `/rest/videos/${video.id}/`, 'GET, PUT, PATCH, DELETE');
    });
  });

  describe('launch_encode_view', () => {
    const launch = (slug: string, auth = pod.auth) => request(ctx.app).get(`/rest/launch_encode_view/?slug=${encodeURIComponent(slug)}`).set(auth);
    const jobsOf = (videoId: number) => ctx.database.db.selectFrom('encoding_jobs').select('id').where('video_id', '=', videoId).execute();

    it('queues the encoding once and answers the Video JSON', async () => {
      const video = await videoWithSourceFile(ctx, alice.user, await videoClip());
      const res = await launch(video.slug).expect(200);
      expect(res.body).to.include({ id: video.id, slug: video.slug, encoding_in_progress: true, get_encoding_step: '0: start' });
      expect(await jobsOf(video.id)).to.have.length(1);
      // Already under way: nothing more is queued.
      await launch(video.slug).expect(200);
      expect(await jobsOf(video.id)).to.have.length(1);
    });

    it('answers 404 for an unknown, missing or foreign slug and 400 for a video without a file', async () => {
      const video = await videoWithSourceFile(ctx, alice.user, await videoClip());
      await launch(video.slug, pod.site2Auth).expect(404, { detail: 'Not found.' });
      await launch(`${video.slug}-other`).expect(404, { detail: 'Not found.' });
      await launch('no-id-here').expect(404, { detail: 'Not found.' });
      await request(ctx.app).get('/rest/launch_encode_view/').set(pod.auth).expect(404, { detail: 'Not found.' });
      expect(await jobsOf(video.id)).to.deep.equal([]);
      const empty = await createVideo(ctx, alice.user, { title: 'No file yet' });
      expectFieldErrors(await launch(empty.slug), { video: ['This video has no file to encode: send one in its "video" field first.'] });
    });

    it('needs an administrator\'s credentials; only GET', async () => {
      await expectAuthRefusals(ctx, 'get', '/rest/launch_encode_view/?slug=0001-x');
      await expectMethodNotAllowed(ctx, pod.auth, 'post', '/rest/launch_encode_view/', 'GET');
    });
  });
});
