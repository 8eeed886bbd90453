import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { sql } from 'kysely';
import request from 'supertest';
import { createJobQueueProducer } from '../../server/src/infra/agenda.js';
import { createLogger } from '../../server/src/infra/logger.js';
import { readJob, readVideo, uploadFile, waitForVideo } from '../helpers/encoding.js';
import { createUser, type UserWithToken } from '../helpers/factories.js';
import { lectureClip } from '../helpers/media.js';
import { ffmpegProcessesIn, waitUntil } from '../helpers/processes.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

describe('encoding lifecycle: progress, re-encoding, deletion, replays', function () {
  this.timeout(180_000);
  let ctx: TestApp;
  let teacher: UserWithToken;

  before(async () => {
    // A slow preset keeps ffmpeg busy long enough to watch it and to delete the video under it.
    ctx = await buildTestApp({ ENCODING_POLL_SECONDS: '0.3', ENCODING_PRESET: 'veryslow' }, undefined, { workers: 1 });
    teacher = await createUser(ctx);
  });
  after(async () => {
    await ctx?.close();
  });

  const videoFolder = (id: number) => path.join(ctx.varDir, 'media', 'videos', String(id));

  it('shows progress while encoding; deleting the video kills its ffmpeg, drops its jobs and leaves no file', async () => {
    const id = await uploadFile(ctx, teacher.auth, await lectureClip({ seconds: 30, width: 1280, height: 720 }));
    await waitUntil(async () => {
      const video = await readVideo(ctx, id);
      return video?.status === 'encoding' && video.encoding?.step === 'transcode' && video.encoding.progress > 3;
    }, 60_000, 'the transcode reports progress');
    const api = await request(ctx.app).get(`/api/v1/videos/${id}`).set(teacher.auth).expect(200);
    expect(api.body.status).to.equal('encoding');
    expect(api.body.encoding).to.include({ status: 'running', step: 'transcode', attempts: 1 });
    expect(api.body.encoding.progress).to.be.within(3, 90);
    expect(await ffmpegProcessesIn(videoFolder(id))).to.have.length(1);

    await request(ctx.app).delete(`/api/v1/videos/${id}`).set(teacher.auth).expect(204);
    await waitUntil(async () => (await ffmpegProcessesIn(videoFolder(id))).length === 0, 10_000, 'ffmpeg is killed');
    await waitUntil(async () => !existsSync(videoFolder(id)), 10_000, 'the video folder is gone');
    const jobs = await sql<{ count: string }>`SELECT count(*) FROM encoding_jobs WHERE video_id = ${id}`.execute(ctx.database.db);
    expect(Number(jobs.rows[0]!.count)).to.equal(0);
    const queued = await sql<{ count: string }>`SELECT count(*) FROM agenda_jobs WHERE data @> ${JSON.stringify({ videoId: id })}::jsonb`.execute(ctx.database.db);
    expect(Number(queued.rows[0]!.count)).to.equal(0);
  });

  it('re-encodes on request: the old media stay served until the new ones replace them in one step', async () => {
    const id = await uploadFile(ctx, teacher.auth, await lectureClip({ seconds: 2, width: 320, height: 240 }));
    const first = await waitForVideo(ctx, id, ['ready', 'failed']);
    expect(first.status).to.equal('ready');
    const oldFolder = path.join(ctx.varDir, 'media', first.media!.folder);

    const queued = await request(ctx.app).post(`/api/v1/videos/${id}/encode`).set(teacher.auth).expect(202);
    expect(queued.body.status).to.equal('queued');
    expect(queued.body.media).to.include({ hls: true }, 'the previous media stay listed');
    const again = await request(ctx.app).post(`/api/v1/videos/${id}/encode`).set(teacher.auth).expect(409);
    expect(again.body.code).to.equal('encoding_in_progress');

    const during = await waitForVideo(ctx, id, ['encoding', 'ready']);
    if (during.status === 'encoding') {
      expect(during.media!.folder).to.equal(first.media!.folder);
      expect(existsSync(path.join(oldFolder, 'hls', 'master.m3u8'))).to.equal(true);
    }
    const second = await waitForVideo(ctx, id, ['ready', 'failed']);
    expect(second.status).to.equal('ready');
    expect(second.media!.folder).to.not.equal(first.media!.folder);
    expect(existsSync(path.join(ctx.varDir, 'media', second.media!.folder, 'hls', 'master.m3u8'))).to.equal(true);
    expect(existsSync(oldFolder), 'the replaced media are removed').to.equal(false);
    expect((await readJob(ctx, first.encoding!.jobId))!.status).to.equal('succeeded');
  });

  it('does nothing when a finished job is delivered again (idempotent handler)', async () => {
    const id = await uploadFile(ctx, teacher.auth, await lectureClip({ seconds: 2, width: 320, height: 240 }));
    const done = await waitForVideo(ctx, id, ['ready', 'failed']);
    const producer = await createJobQueueProducer(ctx.database.pool, createLogger({ level: 'silent' }));
    try {
      await producer.enqueueEncode({ encodingJobId: done.encoding!.jobId, videoId: id });
    } finally {
      await producer.close();
    }
    await waitUntil(
      async () => Number((await sql<{ count: string }>`SELECT count(*) FROM agenda_jobs WHERE data @> ${JSON.stringify({ videoId: id })}::jsonb`.execute(ctx.database.db)).rows[0]!.count) === 0,
      10_000,
      'the replayed job has run',
    );
    const replayed = (await readVideo(ctx, id))!;
    expect(replayed.media!.folder).to.equal(done.media!.folder);
    expect(replayed.encoding).to.include({ status: 'succeeded', attempts: 1 });
    expect(replayed.version).to.equal(done.version);
  });
});
