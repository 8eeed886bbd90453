import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { readJob, readVideo, uploadFile, waitForVideo } from '../helpers/encoding.js';
import { createUser, type UserWithToken } from '../helpers/factories.js';
import { lectureClip } from '../helpers/media.js';
import { ffmpegProcessesIn, startNodeProcess, waitForText, waitUntil, type Running } from '../helpers/processes.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Standalone workers (encoding/src/main.ts, what `npm run worker` starts) on the test app's
 * database and media folder, killed or stopped in the middle of an encoding.
 */
describe('encoding workers that die or stop mid-job', function () {
  this.timeout(180_000);
  let ctx: TestApp;
  let teacher: UserWithToken;
  const running: Running[] = [];

  before(async () => {
    ctx = await buildTestApp();
    teacher = await createUser(ctx);
  });
  afterEach(async () => {
    for (const worker of running.splice(0)) {
      if (worker.child.exitCode === null && worker.child.signalCode === null) {
        worker.child.kill('SIGKILL');
        await worker.exited;
      }
    }
  });
  after(async () => {
    await ctx?.close();
  });

  function startWorker(extra: Record<string, string> = {}): Running {
    const worker = startNodeProcess('encoding/src/main.ts', {
      DATABASE_URL: ctx.testDatabase.url,
      LECTERN_VAR_DIR: ctx.varDir,
      LOG_LEVEL: 'info',
      // A short lock so the test need not wait minutes for the dead worker's lock to expire.
      ENCODING_LOCK_SECONDS: '2',
      ENCODING_POLL_SECONDS: '0.5',
      ENCODING_PRESET: 'veryslow',
      ...(process.env.FFMPEG_PATH ? { FFMPEG_PATH: process.env.FFMPEG_PATH } : {}),
      ...(process.env.FFPROBE_PATH ? { FFPROBE_PATH: process.env.FFPROBE_PATH } : {}),
      ...extra,
    });
    running.push(worker);
    return worker;
  }

  async function encodingStarted(id: number): Promise<void> {
    await waitUntil(async () => {
      const video = await readVideo(ctx, id);
      return video?.encoding?.step === 'transcode' && video.encoding.progress > 2;
    }, 60_000, 'the transcode is under way');
  }

  const videoFolder = (id: number) => path.join(ctx.varDir, 'media', 'videos', String(id));

  it('a worker killed with SIGKILL mid-encode: its ffmpeg dies with it, another worker retries, the video ends ready', async () => {
    const id = await uploadFile(ctx, teacher.auth, await lectureClip({ seconds: 8, width: 640, height: 360 }));
    const first = startWorker();
    await waitForText(first, 'encoding workers ready');
    await encodingStarted(id);
    expect(await ffmpegProcessesIn(videoFolder(id))).to.have.length(1);

    first.child.kill('SIGKILL');
    await first.exited;
    // ffmpeg writes its progress to the dead worker's pipe: SIGPIPE ends it within a second.
    await waitUntil(async () => (await ffmpegProcessesIn(videoFolder(id))).length === 0, 10_000, 'the orphaned ffmpeg exits');
    const stranded = (await readVideo(ctx, id))!;
    expect(stranded.status).to.equal('encoding');
    expect(stranded.media, 'nothing half-done is visible').to.equal(null);

    const second = startWorker({ ENCODING_PRESET: 'veryfast' });
    await waitForText(second, 'encoding workers ready');
    const video = await waitForVideo(ctx, id, ['ready', 'failed'], 90_000);
    expect(video.status, JSON.stringify(video.encoding)).to.equal('ready');
    expect(video.encoding).to.include({ status: 'succeeded', attempts: 2 });
    const job = (await readJob(ctx, video.encoding!.jobId))!;
    const workers = job.log.map((entry) => /^Attempt (\d) started on (.+)\.$/.exec(entry.message)).filter((match) => match !== null);
    expect(workers.map((match) => match[1])).to.deep.equal(['1', '2']);
    expect(workers[0]![2]).to.not.equal(workers[1]![2], 'another worker took the job over');
    const entries = await readdir(videoFolder(id));
    expect(entries.sort()).to.deep.equal([path.basename(video.media!.folder), 'source'].sort(), 'no work folder left behind');
  });

  it('a worker stopped with SIGTERM hands its running encoding back to the queue without spending an attempt', async () => {
    const id = await uploadFile(ctx, teacher.auth, await lectureClip({ seconds: 8, width: 640, height: 360 }));
    const first = startWorker({ ENCODING_SHUTDOWN_GRACE_SECONDS: '0.5' });
    await waitForText(first, 'encoding workers ready');
    await encodingStarted(id);
    first.child.kill('SIGTERM');
    expect(await first.exited).to.equal(0);
    expect(await ffmpegProcessesIn(videoFolder(id))).to.deep.equal([]);
    const handedBack = (await readVideo(ctx, id))!;
    expect(handedBack.status).to.equal('queued');
    expect(handedBack.encoding).to.include({ status: 'queued', attempts: 0 });
    expect(existsSync(path.join(videoFolder(id)))).to.equal(true);
    expect((await readdir(videoFolder(id))).filter((name) => name.startsWith('.work-'))).to.deep.equal([]);

    const second = startWorker({ ENCODING_PRESET: 'veryfast' });
    await waitForText(second, 'encoding workers ready');
    const video = await waitForVideo(ctx, id, ['ready', 'failed'], 90_000);
    expect(video.encoding).to.include({ status: 'succeeded', attempts: 1 });
  });
});
