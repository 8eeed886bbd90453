import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import { createUser, createVideo, type UserWithToken } from '../helpers/factories.js';
import { videoClip } from '../helpers/media.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { uploadWhole } from '../helpers/tus-client.js';

describe('videos API', () => {
  let ctx: TestApp;
  let teacher: UserWithToken;
  let colleague: UserWithToken;
  let admin: UserWithToken;

  before(async () => {
    ctx = await buildTestApp();
    teacher = await createUser(ctx, { username: 'jdupont' });
    colleague = await createUser(ctx, { username: 'mmartin' });
    admin = await createUser(ctx, { role: 'admin' });
  });
  after(async () => {
    await ctx.close();
  });

  it('creates a video with the metadata Esup-Pod users know, as a draft by default', async () => {
    const discipline = await ctx.services.referenceData.createDiscipline(1, 'Physique', '');
    const res = await request(ctx.app)
      .post('/api/v1/videos')
      .set(teacher.auth)
      .send({
        title: 'Électricité : loi d’Ohm',
        description: '<p>Cours <strong>magistral</strong><script>alert(1)</script> <a href="javascript:alert(1)">x</a> <a href="https://univ.fr">site</a></p>',
        tags: ['physique', ' Physique ', 'L1'],
        disciplines: [discipline.id],
        licence: 'by-nc-sa',
        main_lang: 'fr',
        date_evt: '2026-09-14',
        is_restricted: true,
        password: 'secret-pass',
        allow_downloading: true,
        additional_owners: ['mmartin'],
      })
      .expect(201);
    const video = res.body;
    expect(res.headers.location).to.equal(`http://lectern.test/api/v1/videos/${video.id}`);
    expect(res.headers.etag).to.match(/^"1\.[0-9a-f]{12}"$/);
    expect(video).to.include({
      title: 'Électricité : loi d’Ohm',
      type_id: 1,
      licence: 'by-nc-sa',
      main_lang: 'fr',
      date_evt: '2026-09-14',
      is_draft: true,
      is_restricted: true,
      has_password: true,
      allow_downloading: true,
      status: 'awaiting_upload',
      version: 1,
      site_id: 1,
    });
    expect(video.slug).to.equal(`${String(video.id).padStart(4, '0')}-electricite-loi-dohm`);
    expect(video.description).to.equal('<p>Cours <strong>magistral</strong> <a rel="noopener noreferrer nofollow">x</a> <a href="https://univ.fr" rel="noopener noreferrer nofollow">site</a></p>');
    expect(video.tags).to.deep.equal(['physique', 'L1']);
    expect(video.disciplines).to.deep.equal([discipline.id]);
    expect(video.owner).to.deep.equal({ id: teacher.user.id, username: 'jdupont', first_name: 'Ada', last_name: 'Lovelace' });
    expect(video.additional_owners.map((o: { username: string }) => o.username)).to.deep.equal(['mmartin']);
    expect(video).to.not.have.property('password');
    expect(JSON.stringify(video)).to.not.include('secret-pass');
  });

  it('lets co-owners read and edit, but not delete', async () => {
    const video = await createVideo(ctx, teacher.user, { title: 'Shared', additionalOwners: ['mmartin'] });
    await request(ctx.app).get(`/api/v1/videos/${video.id}`).set(colleague.auth).expect(200);
    const res = await request(ctx.app).patch(`/api/v1/videos/${video.id}`).set(colleague.auth).send({ title: 'Shared, edited' }).expect(200);
    expect(res.body.title).to.equal('Shared, edited');
    const refused = await request(ctx.app).delete(`/api/v1/videos/${video.id}`).set(colleague.auth).expect(403);
    expect(refused.body.code).to.equal('owner_only');
    const ownership = await request(ctx.app).patch(`/api/v1/videos/${video.id}`).set(colleague.auth).send({ additional_owners: [] }).expect(403);
    expect(ownership.body.code).to.equal('owner_only');
  });

  it('updates fields, recomputes the slug, and bumps the version', async () => {
    const video = await createVideo(ctx, teacher.user, { title: 'Old title' });
    const res = await request(ctx.app).patch(`/api/v1/videos/${video.id}`).set(teacher.auth).send({ title: 'New title', is_draft: false, password: null, tags: 'a, b ,c' }).expect(200);
    expect(res.body).to.include({ title: 'New title', is_draft: false, has_password: false, version: 2 });
    expect(res.body.tags).to.deep.equal(['a', 'b', 'c']);
    expect(res.body.slug).to.equal(`${String(video.id).padStart(4, '0')}-new-title`);
    expect(res.headers.etag).to.match(/^"2\.[0-9a-f]{12}"$/);
  });

  it('changes the ETag when the encoding moves, so a conditional GET never serves stale progress', async () => {
    const video = await createVideo(ctx, teacher.user);
    const first = await request(ctx.app).get(`/api/v1/videos/${video.id}`).set(teacher.auth).expect(200);
    await request(ctx.app).get(`/api/v1/videos/${video.id}`).set(teacher.auth).set('If-None-Match', first.headers.etag!).expect(304);
    await ctx.database.db.updateTable('videos').set({ status: 'encoding' }).where('id', '=', video.id).execute();
    const moved = await request(ctx.app).get(`/api/v1/videos/${video.id}`).set(teacher.auth).set('If-None-Match', first.headers.etag!).expect(200);
    expect(moved.body).to.include({ status: 'encoding', version: 1 });
    expect(moved.headers.etag).to.not.equal(first.headers.etag);
    // The full ETag works in If-Match: only its version is compared.
    await request(ctx.app).patch(`/api/v1/videos/${video.id}`).set(teacher.auth).set('If-Match', first.headers.etag!).send({ title: 'Still version 1' }).expect(200);
  });

  it('applies a change based on the current version (If-Match) and refuses a stale one', async () => {
    const video = await createVideo(ctx, teacher.user);
    await request(ctx.app).patch(`/api/v1/videos/${video.id}`).set(teacher.auth).set('If-Match', '"1"').send({ title: 'First' }).expect(200);
    const stale = await request(ctx.app).patch(`/api/v1/videos/${video.id}`).set(teacher.auth).set('If-Match', '"1"').send({ title: 'Second' }).expect(412);
    expect(stale.body.code).to.equal('version_mismatch');
    const current = await request(ctx.app).get(`/api/v1/videos/${video.id}`).set(teacher.auth).expect(200);
    expect(current.body.title).to.equal('First');
  });

  it('lists my videos, newest first, with paging links', async () => {
    const owner = await createUser(ctx);
    for (const title of ['one', 'two', 'three']) await createVideo(ctx, owner.user, { title });
    const first = await request(ctx.app).get('/api/v1/videos?page_size=2').set(owner.auth).expect(200);
    expect(first.body.count).to.equal(3);
    expect(first.body.results.map((v: { title: string }) => v.title)).to.deep.equal(['three', 'two']);
    expect(first.body.next).to.equal('http://lectern.test/api/v1/videos?page_size=2&page=2');
    expect(first.body.previous).to.equal(null);
    const second = await request(ctx.app).get(first.body.next.replace('http://lectern.test', '')).set(owner.auth).expect(200);
    expect(second.body.results.map((v: { title: string }) => v.title)).to.deep.equal(['one']);
    expect(second.body.next).to.equal(null);
  });

  it('searches titles, descriptions and tags, ignoring case and accents', async () => {
    const owner = await createUser(ctx);
    await createVideo(ctx, owner.user, { title: 'Événement de rentrée' });
    await createVideo(ctx, owner.user, { title: 'Chimie', tags: ['ÉNERGIE'] });
    await createVideo(ctx, owner.user, { title: 'Maths', description: '<p>Intégrales et evenements</p>' });
    await createVideo(ctx, owner.user, { title: 'Sans rapport' });
    const titles = async (search: string) =>
      (await request(ctx.app).get('/api/v1/videos').query({ search }).set(owner.auth).expect(200)).body.results.map((v: { title: string }) => v.title).sort();
    expect(await titles('evenement')).to.deep.equal(['Maths', 'Événement de rentrée']);
    expect(await titles('énergie')).to.deep.equal(['Chimie']);
    expect(await titles('100%')).to.deep.equal([]);
    expect(await titles('_')).to.deep.equal([]);
  });

  it('only administrators list the whole site', async () => {
    await createVideo(ctx, teacher.user, { title: 'site-wide' });
    const refused = await request(ctx.app).get('/api/v1/videos?scope=all').set(teacher.auth).expect(403);
    expect(refused.body.code).to.equal('admin_only');
    const all = await request(ctx.app).get('/api/v1/videos?scope=all&page_size=100').set(admin.auth).expect(200);
    expect(all.body.results.map((v: { title: string }) => v.title)).to.include('site-wide');
    const mine = await request(ctx.app).get('/api/v1/videos').set(admin.auth).expect(200);
    expect(mine.body.count).to.equal(0);
  });

  it('deleting a video removes its record and its files', async () => {
    const clip = await readFile(await videoClip());
    const { response } = await uploadWhole(ctx.app, teacher.auth, clip);
    const id = response.headers['lectern-video-id'];
    const folder = path.join(ctx.varDir, 'media', 'videos', String(id));
    expect(existsSync(folder)).to.equal(true);
    await request(ctx.app).delete(`/api/v1/videos/${id}`).set(teacher.auth).expect(204);
    expect(existsSync(folder)).to.equal(false);
    const gone = await request(ctx.app).get(`/api/v1/videos/${id}`).set(teacher.auth).expect(404);
    expect(gone.body.code).to.equal('video_not_found');
  });

  it('an administrator may delete anyone\'s video', async () => {
    const video = await createVideo(ctx, teacher.user);
    await request(ctx.app).delete(`/api/v1/videos/${video.id}`).set(admin.auth).expect(204);
  });

  it('lists video types and disciplines', async () => {
    const types = await request(ctx.app).get('/api/v1/video-types').set(teacher.auth).expect(200);
    expect(types.body).to.deep.equal([{ id: 1, title: 'Other', description: '' }]);
    const disciplines = await request(ctx.app).get('/api/v1/disciplines').set(teacher.auth).expect(200);
    expect(disciplines.body.map((d: { title: string }) => d.title)).to.include('Physique');
  });
});
