import { expect } from 'chai';
import request from 'supertest';
import { createEncodingJobRepository } from '../../server/src/infra/repositories/encoding-job-repository.js';
import { readVideo, videoWithSource } from '../helpers/encoding.js';
import { createUser, createVideo, type UserWithToken } from '../helpers/factories.js';
import { lectureClip } from '../helpers/media.js';
import { expectProblem } from '../helpers/problem.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

/** Encoding routes, every refusal. No worker runs here: states are set through the repository. */
describe('encoding API: bad requests', () => {
  let ctx: TestApp;
  let teacher: UserWithToken;
  let stranger: UserWithToken;
  let admin: UserWithToken;

  before(async () => {
    ctx = await buildTestApp();
    teacher = await createUser(ctx);
    stranger = await createUser(ctx);
    admin = await createUser(ctx, { role: 'admin' });
  });
  after(async () => {
    await ctx.close();
  });

  it('asks for credentials on every route', async () => {
    for (const [method, url] of [
      ['post', '/api/v1/videos/1/encode'],
      ['get', '/api/v1/videos/1/encoding'],
      ['put', '/api/v1/videos/1/thumbnail'],
      ['get', '/api/v1/videos/1/thumbnails/0'],
      ['get', '/api/v1/encoding-jobs'],
    ] as const) {
      expectProblem(await request(ctx.app)[method](url), 401, 'unauthenticated');
    }
  });

  it('will not encode a video with nothing uploaded, nor a stranger’s, nor one that does not exist', async () => {
    const empty = await createVideo(ctx, teacher.user);
    expectProblem(await request(ctx.app).post(`/api/v1/videos/${empty.id}/encode`).set(teacher.auth), 409, 'no_source');
    expectProblem(await request(ctx.app).post(`/api/v1/videos/${empty.id}/encode`).set(stranger.auth), 403, 'not_video_manager');
    expectProblem(await request(ctx.app).post('/api/v1/videos/999999/encode').set(teacher.auth), 404, 'video_not_found');
    expectProblem(await request(ctx.app).post('/api/v1/videos/abc/encode').set(teacher.auth), 400, 'validation_failed');
  });

  it('will not queue a second encoding while one is queued or running', async () => {
    const video = await videoWithSource(ctx, teacher.user, await lectureClip({ seconds: 2, width: 320, height: 240 }));
    expectProblem(await request(ctx.app).post(`/api/v1/videos/${video.id}/encode`).set(teacher.auth), 409, 'encoding_in_progress');
    await createEncodingJobRepository(ctx.database.db).claim(video.encoding!.jobId, 'test-worker');
    expectProblem(await request(ctx.app).post(`/api/v1/videos/${video.id}/encode`).set(teacher.auth), 409, 'encoding_in_progress');
    expect((await readVideo(ctx, video.id))!.encoding!.jobId).to.equal(video.encoding!.jobId, 'no new job');
  });

  it('queues a new job after a failure, keeping the failed one in the history', async () => {
    const video = await videoWithSource(ctx, teacher.user, await lectureClip({ seconds: 2, width: 320, height: 240 }));
    await createEncodingJobRepository(ctx.database.db).fail(video.encoding!.jobId, { code: 'decode_failed', message: 'broken', stderrTail: 'tail' });
    const failed = await request(ctx.app).get(`/api/v1/videos/${video.id}`).set(teacher.auth).expect(200);
    expect(failed.body).to.deep.include({ status: 'failed' });
    expect(failed.body.encoding).to.include({ status: 'failed', error_code: 'decode_failed', error_message: 'broken' });
    const retried = await request(ctx.app).post(`/api/v1/videos/${video.id}/encode`).set(teacher.auth).expect(202);
    expect(retried.body.status).to.equal('queued');
    expect(retried.body.encoding.job_id).to.not.equal(video.encoding!.jobId);
    const history = await request(ctx.app).get('/api/v1/encoding-jobs?status=failed,queued').set(admin.auth).expect(200);
    const mine = history.body.results.filter((job: { video_id: number }) => job.video_id === video.id).map((job: { status: string; is_current: boolean }) => [job.status, job.is_current]);
    expect(mine).to.deep.equal([
      ['queued', true],
      ['failed', false],
    ]);
  });

  it('has no encoding log or thumbnails for a video never encoded', async () => {
    const empty = await createVideo(ctx, teacher.user);
    expectProblem(await request(ctx.app).get(`/api/v1/videos/${empty.id}/encoding`).set(teacher.auth), 404, 'not_encoded');
    expectProblem(await request(ctx.app).put(`/api/v1/videos/${empty.id}/thumbnail`).set(teacher.auth).send({ index: 0 }), 409, 'not_encoded');
    expectProblem(await request(ctx.app).get(`/api/v1/videos/${empty.id}/thumbnails/0`).set(teacher.auth), 404, 'thumbnail_not_found');
    expectProblem(await request(ctx.app).put(`/api/v1/videos/${empty.id}/thumbnail`).set(teacher.auth).send({ index: -1 }), 400, 'validation_failed');
    expectProblem(await request(ctx.app).put(`/api/v1/videos/${empty.id}/thumbnail`).set(teacher.auth).send({}), 400, 'validation_failed');
    expectProblem(await request(ctx.app).get(`/api/v1/videos/${empty.id}/thumbnails/x`).set(teacher.auth), 400, 'validation_failed');
  });

  it('shows the job list to administrators only, and refuses unknown statuses', async () => {
    expectProblem(await request(ctx.app).get('/api/v1/encoding-jobs').set(teacher.auth), 403, 'admin_only');
    expectProblem(await request(ctx.app).get('/api/v1/encoding-jobs?status=lost').set(admin.auth), 400, 'validation_failed');
    expectProblem(await request(ctx.app).get('/api/v1/encoding-jobs?limit=0').set(admin.auth), 400, 'validation_failed');
    const list = await request(ctx.app).get('/api/v1/encoding-jobs').set(admin.auth).expect(200);
    expect(list.body.counts).to.have.all.keys('queued', 'running', 'succeeded', 'failed', 'cancelled');
  });
});
