import { expect } from 'chai';
import { uploadFile, waitForVideo } from '../helpers/encoding.js';
import { createUser } from '../helpers/factories.js';
import { lectureClip } from '../helpers/media.js';
import { startNodeProcess, waitForText, type Running } from '../helpers/processes.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

describe('encoding queue: a new job wakes an idle worker', function () {
  this.timeout(60_000);
  let ctx: TestApp;
  let worker: Running | null = null;

  before(async () => {
    ctx = await buildTestApp();
  });
  after(async () => {
    if (worker && worker.child.exitCode === null) {
      worker.child.kill('SIGTERM');
      await worker.exited;
    }
    await ctx?.close();
  });

  it('runs a job queued after the worker went idle, without waiting for its next poll', async () => {
    // The worker polls once a day: only the web side's NOTIFY can bring it the job in time. It
    // runs as its own process, as Agenda keeps a timer of half the poll interval after a job.
    worker = startNodeProcess('encoding/src/main.ts', {
      DATABASE_URL: ctx.testDatabase.url,
      LECTERN_VAR_DIR: ctx.varDir,
      LOG_LEVEL: 'info',
      ENCODING_POLL_SECONDS: '86400',
      ...(process.env.FFMPEG_PATH ? { FFMPEG_PATH: process.env.FFMPEG_PATH } : {}),
      ...(process.env.FFPROBE_PATH ? { FFPROBE_PATH: process.env.FFPROBE_PATH } : {}),
    });
    await waitForText(worker, 'encoding workers ready');
    const teacher = await createUser(ctx);
    const id = await uploadFile(ctx, teacher.auth, await lectureClip({ seconds: 2, width: 320, height: 240 }));
    const video = await waitForVideo(ctx, id, ['ready', 'failed'], 40_000);
    expect(video.status).to.equal('ready');
  });
});
