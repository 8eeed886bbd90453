import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import type { EncodingWorkers } from '../../encoding/src/encoding-workers.js';
import { readJob, uploadFile, videoWithSource, waitForVideo } from '../helpers/encoding.js';
import { createUser, type UserWithToken } from '../helpers/factories.js';
import { corruptClip, lectureClip, subtitlesOnlyClip, truncatedClip } from '../helpers/media.js';
import { makeReadOnly } from '../helpers/read-only-folder.js';
import { buildTestApp, startTestWorkers, type TestApp } from '../helpers/test-app.js';

describe('encoding failures: visible, explained, never half-published', function () {
  this.timeout(120_000);
  let ctx: TestApp;
  let teacher: UserWithToken;
  let workers: EncodingWorkers | null = null;

  before(async () => {
    ctx = await buildTestApp({ ENCODING_POLL_SECONDS: '0.3', ENCODING_MAX_ATTEMPTS: '2', ENCODING_RETRY_DELAY_SECONDS: '0.2' });
    teacher = await createUser(ctx);
  });
  afterEach(async () => {
    await workers?.stop(0);
    workers = null;
  });
  after(async () => {
    await ctx?.close();
  });

  async function entriesOf(videoId: number): Promise<string[]> {
    return (await readdir(path.join(ctx.varDir, 'media', 'videos', String(videoId)))).sort();
  }

  async function expectFailed(videoId: number, code: string, attempts: number) {
    const video = await waitForVideo(ctx, videoId, ['ready', 'failed']);
    expect(video.status).to.equal('failed');
    expect(video.encoding).to.include({ status: 'failed', errorCode: code, attempts });
    expect(video.media).to.equal(null);
    expect(await entriesOf(videoId), 'only the source is left').to.deep.equal(['source']);
    const job = (await readJob(ctx, video.encoding!.jobId))!;
    expect(job.errorMessage).to.be.a('string').and.not.empty;
    expect(job.log.at(-1)).to.include({ level: 'error' });
    return { video, job };
  }

  it('fails a corrupt file at once (no retry: it would fail again), with the reason and ffmpeg’s stderr tail', async () => {
    const id = await uploadFile(ctx, teacher.auth, await corruptClip());
    workers = await startTestWorkers(ctx);
    const { job } = await expectFailed(id, 'decode_failed', 1);
    expect(job.errorMessage).to.match(/^ffmpeg could not encode this file: /);
    expect(job.stderrTail).to.match(/Invalid NAL unit|Error splitting|nothing was encoded|Invalid data/);
    const api = await request(ctx.app).get(`/api/v1/videos/${id}/encoding`).set(teacher.auth).expect(200);
    expect(api.body).to.include({ status: 'failed', error_code: 'decode_failed' });
    expect(api.body.stderr_tail).to.equal(job.stderrTail);
  });

  it('fails a truncated file whose index is missing as unreadable', async () => {
    const video = await videoWithSource(ctx, teacher.user, await truncatedClip());
    workers = await startTestWorkers(ctx);
    const { job } = await expectFailed(video.id, 'source_unreadable', 1);
    expect(job.errorMessage).to.match(/cannot be read|cannot read/);
  });

  it('fails a container with no decodable stream', async () => {
    const video = await videoWithSource(ctx, teacher.user, await subtitlesOnlyClip());
    workers = await startTestWorkers(ctx);
    await expectFailed(video.id, 'no_media_stream', 1);
  });

  it('retries when the output cannot be written (read-only or full disk), then fails with the reason', async function () {
    const video = await videoWithSource(ctx, teacher.user, await lectureClip({ seconds: 2, width: 320, height: 240 }));
    const folder = path.join(ctx.varDir, 'media', 'videos', String(video.id));
    const readOnly = await makeReadOnly(folder);
    if ('unavailable' in readOnly) {
      process.stdout.write(`      skipped: ${readOnly.unavailable}\n`);
      this.skip();
    }
    try {
      workers = await startTestWorkers(ctx);
      const failed = await waitForVideo(ctx, video.id, ['ready', 'failed']);
      expect(failed.encoding).to.include({ status: 'failed', errorCode: 'storage_error', attempts: 2 });
      const job = (await readJob(ctx, failed.encoding!.jobId))!;
      expect(job.log.map((entry) => entry.message).join('\n')).to.match(/Attempt 1 failed \(storage_error\).*Retrying in/);
    } finally {
      await readOnly.restore();
    }
    expect(await entriesOf(video.id)).to.deep.equal(['source']);
  });

  it('shows a file deleted from storage as missing, not as a crash', async () => {
    const video = await videoWithSource(ctx, teacher.user, await lectureClip({ seconds: 2, width: 320, height: 240 }));
    await ctx.services.storage.remove(video.source!.key);
    workers = await startTestWorkers(ctx);
    const failed = await waitForVideo(ctx, video.id, ['ready', 'failed']);
    expect(failed.encoding).to.include({ status: 'failed', errorCode: 'source_missing' });
    expect(existsSync(path.join(ctx.varDir, 'media', 'videos', String(video.id), `media-${failed.encoding!.jobId}`))).to.equal(false);
  });
});
