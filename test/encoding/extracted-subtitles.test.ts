import { expect } from 'chai';
import request from 'supertest';
import { uploadFile, waitForVideo } from '../helpers/encoding.js';
import { storedFile, storedFiles, utf8, VTT } from '../helpers/enrichment-files.js';
import { createUser, createVideo, type UserWithToken } from '../helpers/factories.js';
import { lectureClip } from '../helpers/media.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

describe('encoding: subtitles found in the uploaded file become tracks', function () {
  this.timeout(120_000);
  let ctx: TestApp;
  let teacher: UserWithToken;

  before(async () => {
    ctx = await buildTestApp({ ENCODING_POLL_SECONDS: '0.5' }, undefined, { workers: 1 });
    teacher = await createUser(ctx);
  });
  after(async () => {
    await ctx?.close();
  });

  const clip = () => lectureClip({ seconds: 4, width: 320, height: 240, subtitles: true });

  async function encodeAgain(videoId: number): Promise<void> {
    const before = await waitForVideo(ctx, videoId, ['ready']);
    await request(ctx.app).post(`/api/v1/videos/${videoId}/encode`).set(teacher.auth).expect(202);
    for (;;) {
      const video = await waitForVideo(ctx, videoId, ['ready', 'failed']);
      if (video.encoding!.jobId !== before.encoding!.jobId) {
        expect(video.status, JSON.stringify(video.encoding)).to.equal('ready');
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('adds the French text stream as a French subtitles track, once, however often the video is encoded', async () => {
    const id = await uploadFile(ctx, teacher.auth, await clip());
    const video = await waitForVideo(ctx, id, ['ready', 'failed']);
    expect(video.status, JSON.stringify(video.encoding)).to.equal('ready');
    const [track, ...others] = await ctx.services.enrichmentService.tracks.list(teacher.user, id);
    expect(others).to.deep.equal([]);
    expect(track).to.include({ kind: 'subtitles', lang: 'fr', label: 'Français', origin: 'extracted', cueCount: 2 });
    expect(track!.fileKey).to.match(/^tracks\/[\w-]+\.vtt$/);
    const vtt = (await storedFile(ctx, id, track!.fileKey)).toString('utf8');
    expect(vtt).to.match(/^WEBVTT\n/).and.include('Bonjour à tous').and.include('Commençons');

    await encodeAgain(id);
    const again = await ctx.services.enrichmentService.tracks.list(teacher.user, id);
    expect(again).to.deep.equal([track]);
    expect(await storedFiles(ctx, id, 'tracks')).to.deep.equal([track!.fileKey.slice('tracks/'.length)], 'the second copy is removed');
  });

  it('keeps the owner’s own track of that language instead', async () => {
    const video = await createVideo(ctx, teacher.user, { title: 'Sous-titré à la main' });
    await request(ctx.app).post(`/api/v1/videos/${video.id}/tracks`).set(teacher.auth).field('kind', 'subtitles').field('lang', 'fr').field('label', 'Relu').attach('file', utf8(VTT), 'relu.vtt').expect(201);
    const res = await request(ctx.app).post('/api/v1/uploads').set(teacher.auth).field('video_id', String(video.id)).attach('file', await clip(), 'clip.mp4');
    expect(res.status, res.text).to.equal(201);
    const ready = await waitForVideo(ctx, video.id, ['ready', 'failed']);
    expect(ready.status, JSON.stringify(ready.encoding)).to.equal('ready');
    const tracks = await ctx.services.enrichmentService.tracks.list(teacher.user, video.id);
    expect(tracks.map((t) => [t.lang, t.label, t.origin])).to.deep.equal([['fr', 'Relu', 'upload']]);
    expect(await storedFiles(ctx, video.id, 'tracks')).to.have.length(1);
  });
});
