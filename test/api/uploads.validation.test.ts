import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import { createUser, createVideo, type UserWithToken } from '../helpers/factories.js';
import { imageAsMp4, textAsMp4, truncatedClip, videoClip } from '../helpers/media.js';
import { expectProblem } from '../helpers/problem.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { createUpload, encodeMetadata, headUpload, patchUpload, TUS, uploadWhole } from '../helpers/tus-client.js';

describe('uploads: bad input', () => {
  let ctx: TestApp;
  let teacher: UserWithToken;
  let other: UserWithToken;
  let clip: Buffer;

  before(async () => {
    // A small limit and quota so that going over them is cheap to test.
    ctx = await buildTestApp({ UPLOAD_MAX_SIZE: '2MiB', USER_QUOTA: '3MiB' });
    teacher = await createUser(ctx);
    other = await createUser(ctx);
    clip = await readFile(await videoClip());
  });
  after(async () => {
    await ctx.close();
  });

  async function videoCount(user: UserWithToken): Promise<number> {
    return (await request(ctx.app).get('/api/v1/videos').set(user.auth).expect(200)).body.count;
  }

  async function leftovers(): Promise<string[]> {
    const uploads = await readdir(path.join(ctx.varDir, 'uploads')).catch(() => []);
    const media = await readdir(path.join(ctx.varDir, 'media', 'videos')).catch(() => []);
    return [...uploads, ...media];
  }


  it('refuses an upload without credentials', async () => {
    const res = await request(ctx.app).post('/api/v1/uploads').set(TUS).set('Upload-Length', '100').set('Upload-Metadata', encodeMetadata({ filename: 'a.mp4' }));
    expectProblem(res, 401, 'unauthenticated');
  });

  it('refuses a wrong token', async () => {
    const res = await createUpload(ctx.app, { Authorization: 'Token 0000000000000000000000000000000000000000' }, 100);
    expectProblem(res, 401, 'invalid_token');
  });

  it('refuses a student', async () => {
    const student = await createUser(ctx, { role: 'student' });
    expectProblem(await createUpload(ctx.app, student.auth, 100), 403, 'upload_not_allowed');
  });

  it('hides another user\'s upload: HEAD, PATCH and DELETE answer upload_not_found', async () => {
    const created = await createUpload(ctx.app, teacher.auth, clip.length).expect(201);
    const location = created.headers.location as string;
    await patchUpload(ctx.app, teacher.auth, location, 0, clip.subarray(0, 100)).expect(204);
    const head = await headUpload(ctx.app, other.auth, location);
    expect(head.status).to.equal(404);
    expectProblem(await patchUpload(ctx.app, other.auth, location, 100, clip.subarray(100)), 404, 'upload_not_found');
    expectProblem(await request(ctx.app).delete(location).set(TUS).set(other.auth), 404, 'upload_not_found');
    // The owner's upload is untouched.
    const mine = await headUpload(ctx.app, teacher.auth, location).expect(200);
    expect(mine.headers['upload-offset']).to.equal('100');
    await request(ctx.app).delete(location).set(TUS).set(teacher.auth).expect(204);
  });

  it('refuses a file over the size limit before receiving it (tus)', async () => {
    expectProblem(await createUpload(ctx.app, teacher.auth, 2 * 1024 * 1024 + 1), 413, 'file_too_large');
  });

  it('refuses a file over the size limit (multipart), keeping nothing', async () => {
    const big = Buffer.alloc(2 * 1024 * 1024 + 10, 7);
    const res = await request(ctx.app).post('/api/v1/uploads').set(teacher.auth).attach('file', big, 'big.mp4');
    expectProblem(res, 413, 'file_too_large');
    expect(await leftovers()).to.deep.equal([]);
  });

  it('refuses an upload that would pass the quota, counting uploads in progress', async () => {
    const first = await createUpload(ctx.app, teacher.auth, 2 * 1024 * 1024).expect(201);
    expectProblem(await createUpload(ctx.app, teacher.auth, 1024 * 1024 + 1), 413, 'quota_exceeded');
    await request(ctx.app).delete(first.headers.location as string).set(TUS).set(teacher.auth).expect(204);
    const second = await createUpload(ctx.app, teacher.auth, 1024 * 1024 + 1).expect(201);
    await request(ctx.app).delete(second.headers.location as string).set(TUS).set(teacher.auth).expect(204);
  });

  it('refuses a zero-byte file (tus and multipart)', async () => {
    expectProblem(await createUpload(ctx.app, teacher.auth, 0), 400, 'empty_file');
    const res = await request(ctx.app).post('/api/v1/uploads').set(other.auth).attach('file', Buffer.alloc(0), 'empty.mp4');
    expectProblem(res, 400, 'empty_file');
  });

  it('requires Upload-Length (deferred length is not offered)', async () => {
    const res = await request(ctx.app).post('/api/v1/uploads').set(TUS).set(teacher.auth).set('Upload-Defer-Length', '1').set('Upload-Metadata', encodeMetadata({ filename: 'a.mp4' }));
    expectProblem(res, 400, 'invalid_upload_length');
  });

  for (const [name, make, code] of [
    ['a text file renamed .mp4', textAsMp4, 'invalid_media'],
    ['a truncated video', truncatedClip, 'invalid_media'],
    ['a still image renamed .mp4', imageAsMp4, 'not_media'],
  ] as const) {
    it(`rejects ${name} with ${code}, creating no video and keeping no file`, async () => {
      const before = await videoCount(other);
      const bytes = await readFile(await make());
      const { location, response } = await uploadWhole(ctx.app, other.auth, bytes, { filename: 'lecture.mp4' });
      expectProblem(response, 422, code);
      expect(await videoCount(other)).to.equal(before);
      expect(await leftovers()).to.deep.equal([]);
      await headUpload(ctx.app, other.auth, location).expect(404);
      const multipart = await request(ctx.app).post('/api/v1/uploads').set(other.auth).attach('file', bytes, 'lecture.mp4');
      expectProblem(multipart, 422, code);
      expect(await leftovers()).to.deep.equal([]);
    });
  }

  it('answers in the language asked for', async () => {
    const bytes = await readFile(await textAsMp4());
    const created = await createUpload(ctx.app, other.auth, bytes.length).expect(201);
    const res = await patchUpload(ctx.app, other.auth, created.headers.location as string, 0, bytes).set('Accept-Language', 'fr-FR,fr;q=0.9');
    expect(JSON.parse(res.text).detail).to.match(/^Ce fichier ne peut pas être lu/);
  });

  it('treats path traversal in file names as a plain name', async () => {
    const { response } = await uploadWhole(ctx.app, other.auth, clip, { filename: '../../../../etc/passwd.mp4' });
    expect(response.status).to.equal(204);
    const id = response.headers['lectern-video-id'];
    const video = await request(ctx.app).get(`/api/v1/videos/${id}`).set(other.auth).expect(200);
    expect(video.body.source.filename).to.equal('passwd.mp4');
    expect(video.body.title).to.equal('passwd');
    const files = await readdir(path.join(ctx.varDir, 'media', 'videos', String(id), 'source'));
    expect(files[0]).to.match(/^source-[0-9a-f]{12}\.mp4$/);
    const windows = await uploadWhole(ctx.app, other.auth, clip, { filename: '..\\..\\boot.ini\u0000.mp4' });
    const second = await request(ctx.app).get(`/api/v1/videos/${windows.response.headers['lectern-video-id']}`).set(other.auth).expect(200);
    expect(second.body.source.filename).to.equal('boot.ini.mp4');
    await request(ctx.app).delete(`/api/v1/videos/${id}`).set(other.auth).expect(204);
    await request(ctx.app).delete(`/api/v1/videos/${second.body.id}`).set(other.auth).expect(204);
  });

  it('refuses to upload into a video of someone else', async () => {
    const theirs = await createVideo(ctx, teacher.user);
    expectProblem(await createUpload(ctx.app, other.auth, clip.length, { filename: 'x.mp4', videoId: String(theirs.id) }), 403, 'not_video_manager');
    expectProblem(await createUpload(ctx.app, other.auth, clip.length, { filename: 'x.mp4', videoId: '999999' }), 404, 'video_not_found');
    expectProblem(await createUpload(ctx.app, other.auth, clip.length, { filename: 'x.mp4', videoId: '12abc' }), 400, 'invalid_video_id');
  });

  it('refuses a multipart request without a file field', async () => {
    const res = await request(ctx.app).post('/api/v1/uploads').set(other.auth).field('title', 'no file');
    expectProblem(res, 400, 'file_missing');
  });

  it('refuses a form with more fields than it reads, or an oversized field, keeping nothing', async () => {
    let tooMany = request(ctx.app).post('/api/v1/uploads').set(other.auth);
    for (let n = 0; n < 101; n++) tooMany = tooMany.field(`f${n}`, 'x');
    expectProblem(await tooMany.attach('file', clip, 'lecture.mp4'), 400, 'form_too_large');
    const oversized = await request(ctx.app).post('/api/v1/uploads').set(other.auth).field('title', 'x'.repeat(65 * 1024)).attach('file', clip, 'lecture.mp4');
    expectProblem(oversized, 400, 'form_too_large');
    expect(await leftovers()).to.deep.equal([]);
  });

  it('refuses a broken multipart body', async () => {
    const res = await request(ctx.app)
      .post('/api/v1/uploads')
      .set(other.auth)
      .set('Content-Type', 'multipart/form-data; boundary=XYZ')
      .send('--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.mp4"\r\n\r\nabc');
    expectProblem(res, 400, 'malformed_multipart');
    expect(await leftovers()).to.deep.equal([]);
  });

  it('a request without Tus-Resumable is refused with a problem', async () => {
    const res = await request(ctx.app).patch('/api/v1/uploads/abc').set(other.auth).set('Upload-Offset', '0').set('Content-Type', 'application/offset+octet-stream').send(Buffer.from('x'));
    expectProblem(res, 412, 'tus_resumable_required');
  });
});
