import { expect } from 'chai';
import { uploadFile, waitForVideo } from '../helpers/encoding.js';
import { createUser } from '../helpers/factories.js';
import { lectureClip } from '../helpers/media.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

describe('encoding queue: a new job wakes an idle worker', function () {
  this.timeout(60_000);
  let ctx: TestApp;

  before(async () => {
    // Workers poll once a day: only the producer's NOTIFY can bring them the job in time.
    ctx = await buildTestApp({ ENCODING_POLL_SECONDS: '86400' }, undefined, { workers: 1 });
  });
  after(async () => {
    await ctx?.close();
  });

  it('runs a job queued after the worker went idle, without waiting for its next poll', async () => {
    const teacher = await createUser(ctx);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const id = await uploadFile(ctx, teacher.auth, await lectureClip({ seconds: 2, width: 320, height: 240 }));
    const video = await waitForVideo(ctx, id, ['ready', 'failed'], 40_000);
    expect(video.status).to.equal('ready');
  });
});
