import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import { createUser, type UserWithToken } from '../helpers/factories.js';
import { audioClip, videoClip } from '../helpers/media.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { createUpload, encodeMetadata, headUpload, patchUpload, TUS, uploadWhole } from '../helpers/tus-client.js';
import { loggedInAgent } from '../helpers/web-session.js';

describe('uploads', () => {
  let ctx: TestApp;
  let teacher: UserWithToken;
  let clip: Buffer;

  before(async () => {
    ctx = await buildTestApp();
    teacher = await createUser(ctx);
    clip = await readFile(await videoClip());
  });
  after(async () => {
    await ctx.close();
  });

  async function sourceFiles(videoId: number): Promise<string[]> {
    const dir = path.join(ctx.varDir, 'media', 'videos', String(videoId), 'source');
    return existsSync(dir) ? readdir(dir) : [];
  }

  it('creates a video from a tus upload, probed and filed under the video', async () => {
    const { response } = await uploadWhole(ctx.app, teacher.auth, clip, { filename: 'Cours 1 – Thermodynamique.mp4' });
    expect(response.status).to.equal(204);
    const videoId = Number(response.headers['lectern-video-id']);
    expect(response.headers['lectern-video-url']).to.equal(`http://lectern.test/api/v1/videos/${videoId}`);
    const video = await request(ctx.app).get(`/api/v1/videos/${videoId}`).set(teacher.auth).expect(200);
    // No worker runs in this app: the encoding waits in the queue.
    expect(video.body).to.include({ title: 'Cours 1 – Thermodynamique', status: 'queued', is_draft: true });
    expect(video.body.encoding).to.include({ status: 'queued', progress: 0, attempts: 0, error_code: null });
    expect(video.body.media).to.equal(null);
    expect(video.body.slug).to.equal(`${String(videoId).padStart(4, '0')}-cours-1-thermodynamique`);
    expect(video.body.source).to.deep.equal({ filename: 'Cours 1 – Thermodynamique.mp4', size: clip.length });
    expect(video.body.duration).to.be.closeTo(2, 0.2);
    const files = await sourceFiles(videoId);
    expect(files).to.have.length(1);
    expect(files[0]).to.match(/^source-[0-9a-f]{12}\.mp4$/);
    // Nothing is left in the upload folder.
    expect(await readdir(path.join(ctx.varDir, 'uploads'))).to.deep.equal([]);
  });

  it('uses the title given in the metadata', async () => {
    const { response } = await uploadWhole(ctx.app, teacher.auth, clip, { filename: 'x.mp4', title: 'Amphi 🎓 rentrée' });
    const video = await request(ctx.app).get(`/api/v1/videos/${response.headers['lectern-video-id']}`).set(teacher.auth).expect(200);
    expect(video.body.title).to.equal('Amphi 🎓 rentrée');
  });

  it('resumes: HEAD tells the offset and the rest completes the upload', async () => {
    const created = await createUpload(ctx.app, teacher.auth, clip.length).expect(201);
    const location = created.headers.location as string;
    const half = Math.floor(clip.length / 2);
    await patchUpload(ctx.app, teacher.auth, location, 0, clip.subarray(0, half)).expect(204);
    const head = await headUpload(ctx.app, teacher.auth, location).expect(200);
    expect(Number(head.headers['upload-offset'])).to.equal(half);
    expect(Number(head.headers['upload-length'])).to.equal(clip.length);
    const last = await patchUpload(ctx.app, teacher.auth, location, half, clip.subarray(half)).expect(204);
    expect(Number(last.headers['upload-offset'])).to.equal(clip.length);
    expect(last.headers['lectern-video-id']).to.match(/^\d+$/);
  });

  it('resumes after a server restart', async () => {
    const created = await createUpload(ctx.app, teacher.auth, clip.length).expect(201);
    const location = created.headers.location as string;
    const third = Math.floor(clip.length / 3);
    await patchUpload(ctx.app, teacher.auth, location, 0, clip.subarray(0, third)).expect(204);

    const restarted = await buildTestApp({}, ctx);
    try {
      const head = await headUpload(restarted.app, teacher.auth, location).expect(200);
      expect(Number(head.headers['upload-offset'])).to.equal(third);
      const last = await patchUpload(restarted.app, teacher.auth, location, third, clip.subarray(third)).expect(204);
      const video = await request(restarted.app).get(`/api/v1/videos/${last.headers['lectern-video-id']}`).set(teacher.auth).expect(200);
      expect(video.body.source.size).to.equal(clip.length);
    } finally {
      await restarted.stop();
    }
  });

  it('a conflicting offset is refused without touching what was received', async () => {
    const created = await createUpload(ctx.app, teacher.auth, clip.length).expect(201);
    const location = created.headers.location as string;
    await patchUpload(ctx.app, teacher.auth, location, 0, clip.subarray(0, 1000)).expect(204);
    await patchUpload(ctx.app, teacher.auth, location, 500, clip.subarray(500, 2000)).expect(409);
    const head = await headUpload(ctx.app, teacher.auth, location).expect(200);
    expect(Number(head.headers['upload-offset'])).to.equal(1000);
  });

  it('accepts an audio-only file', async () => {
    const audio = await readFile(await audioClip());
    const { response } = await uploadWhole(ctx.app, teacher.auth, audio, { filename: 'podcast.mp3' });
    expect(response.status).to.equal(204);
    const video = await request(ctx.app).get(`/api/v1/videos/${response.headers['lectern-video-id']}`).set(teacher.auth).expect(200);
    expect(video.body.status).to.equal('queued');
    expect((await sourceFiles(video.body.id))[0]).to.match(/\.mp3$/);
  });

  it('replaces the source of an existing video and removes the old file', async () => {
    const first = await uploadWhole(ctx.app, teacher.auth, clip);
    const videoId = Number(first.response.headers['lectern-video-id']);
    const before = await sourceFiles(videoId);
    const second = await uploadWhole(ctx.app, teacher.auth, clip, { filename: 'v2.mp4', videoId: String(videoId) });
    expect(second.response.status).to.equal(204);
    expect(Number(second.response.headers['lectern-video-id'])).to.equal(videoId);
    const after = await sourceFiles(videoId);
    expect(after).to.have.length(1);
    expect(after[0]).to.not.equal(before[0]);
    const video = await request(ctx.app).get(`/api/v1/videos/${videoId}`).set(teacher.auth).expect(200);
    expect(video.body.source.filename).to.equal('v2.mp4');
  });

  it('lets the owner cancel an upload (tus termination), freeing its reserved quota', async () => {
    const created = await createUpload(ctx.app, teacher.auth, clip.length).expect(201);
    const location = created.headers.location as string;
    const reservedBefore = (await request(ctx.app).get('/api/v1/me').set(teacher.auth).expect(200)).body.storage.used;
    await request(ctx.app).delete(location).set('Tus-Resumable', '1.0.0').set(teacher.auth).expect(204);
    await headUpload(ctx.app, teacher.auth, location).expect(404);
    const reservedAfter = (await request(ctx.app).get('/api/v1/me').set(teacher.auth).expect(200)).body.storage.used;
    expect(reservedBefore - reservedAfter).to.equal(clip.length);
  });

  it('expires abandoned uploads: their quota is freed and they take no more bytes', async () => {
    const owner = await createUser(ctx);
    const created = await createUpload(ctx.app, owner.auth, clip.length).expect(201);
    const location = created.headers.location as string;
    await patchUpload(ctx.app, owner.auth, location, 0, clip.subarray(0, 100)).expect(204);
    const usedBefore = (await request(ctx.app).get('/api/v1/me').set(owner.auth).expect(200)).body.storage.used;
    expect(usedBefore).to.equal(clip.length);
    expect(await ctx.services.uploadService.expireAbandoned(new Date(Date.now() + 60_000))).to.be.at.least(1);
    const usedAfter = (await request(ctx.app).get('/api/v1/me').set(owner.auth).expect(200)).body.storage.used;
    expect(usedAfter).to.equal(0);
    const late = await patchUpload(ctx.app, owner.auth, location, 100, clip.subarray(100));
    expect(late.status).to.equal(404);
    expect(JSON.parse(late.text).code).to.equal('upload_expired');
    await headUpload(ctx.app, owner.auth, location).expect(404);
    expect((await request(ctx.app).get('/api/v1/videos').set(owner.auth).expect(200)).body.count).to.equal(0);
  });

  it('takes uploads from a logged-in browser session, with the CSRF header', async () => {
    const { agent, csrf } = await loggedInAgent(ctx.app, teacher.user.username);
    const created = await agent.post('/api/v1/uploads').set(TUS).set('X-CSRF-Token', csrf).set('Upload-Length', String(clip.length)).set('Upload-Metadata', encodeMetadata({ filename: 'navigateur.mp4' })).expect(201);
    const location = created.headers.location as string;
    const half = Math.floor(clip.length / 2);
    await agent.patch(location).set(TUS).set('X-CSRF-Token', csrf).set('Upload-Offset', '0').set('Content-Type', 'application/offset+octet-stream').send(clip.subarray(0, half)).expect(204);
    const head = await agent.head(location).set(TUS).expect(200);
    expect(head.headers['upload-offset']).to.equal(String(half));
    const last = await agent.patch(location).set(TUS).set('X-CSRF-Token', csrf).set('Upload-Offset', String(half)).set('Content-Type', 'application/offset+octet-stream').send(clip.subarray(half)).expect(204);
    expect(last.headers['lectern-video-id']).to.match(/^\d+$/);
    const forged = await agent.post('/api/v1/uploads').set(TUS).set('Upload-Length', '10').set('Upload-Metadata', encodeMetadata({ filename: 'x.mp4' })).expect(403);
    expect(JSON.parse(forged.text).code).to.equal('csrf_failed');
  });

  it('accepts a plain multipart/form-data upload', async () => {
    const res = await request(ctx.app)
      .post('/api/v1/uploads')
      .set(teacher.auth)
      .field('title', 'Envoi direct')
      .attach('file', clip, { filename: 'direct.mp4', contentType: 'video/mp4' })
      .expect(201);
    expect(res.body).to.include({ title: 'Envoi direct', status: 'queued' });
    expect(res.headers['lectern-video-id']).to.equal(String(res.body.id));
    expect(await sourceFiles(res.body.id)).to.have.length(1);
  });

  it('answers OPTIONS with the tus capabilities, without authentication', async () => {
    const res = await request(ctx.app).options('/api/v1/uploads').expect(204);
    expect(res.headers['tus-version']).to.include('1.0.0');
    expect(res.headers['tus-extension']).to.include('creation');
  });
});
