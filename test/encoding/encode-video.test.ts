import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import type { EncodedMedia } from '../../server/src/domain/encoding/encoded-media.js';
import { uploadFile, waitForVideo } from '../helpers/encoding.js';
import { ffprobeOutput } from '../helpers/ffprobe.js';
import { createUser, type UserWithToken } from '../helpers/factories.js';
import { audioClip, lectureClip, videoClip } from '../helpers/media.js';
import { expectProblem } from '../helpers/problem.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';


interface ProbedStream {
  codec_type: string;
  codec_name: string;
  profile?: string;
  width?: number;
  height?: number;
  pix_fmt?: string;
  sample_rate?: string;
  side_data_list?: Array<{ rotation?: number }>;
}

async function streams(file: string): Promise<ProbedStream[]> {
  const stdout = await ffprobeOutput(['-print_format', 'json', '-show_streams', file]);
  return (JSON.parse(stdout) as { streams: ProbedStream[] }).streams;
}

/** Keyframe times from the first one (the container may start the video a few ms late). */
async function keyframeTimes(file: string): Promise<number[]> {
  const stdout = await ffprobeOutput(['-select_streams', 'v:0', '-skip_frame', 'nokey', '-show_entries', 'frame=pts_time', '-of', 'csv=p=0', file]);
  const times = stdout
    .split('\n')
    .map((line) => line.replace(/,/g, '').trim())
    .filter((line) => /^[\d.]+$/.test(line))
    .map(Number);
  return times.map((time) => Math.round((time - times[0]!) * 1000) / 1000);
}

describe('encoding: a video becomes HLS, MP4, mp3, thumbnails and a storyboard', function () {
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

  const folderOf = (video: { media: { folder: string } | null }) => path.join(ctx.varDir, 'media', video.media!.folder);

  it('encodes a 12 s 16:9 clip with sound into the whole ladder it can make', async () => {
    const id = await uploadFile(ctx, teacher.auth, await lectureClip({ seconds: 12, width: 1280, height: 720 }));
    const video = await waitForVideo(ctx, id, ['ready', 'failed']);
    expect(video.status, JSON.stringify(video.encoding)).to.equal('ready');
    const media = video.media!.manifest as EncodedMedia;
    const folder = folderOf(video);
    expect(media.kind).to.equal('video');
    expect(media.renditions.map((r) => [r.name, r.width, r.height])).to.deep.equal([
      ['360p', 640, 360],
      ['720p', 1280, 720],
    ]);
    expect(media.renditions.map((r) => r.mp4 !== null)).to.deep.equal([true, true]);
    const master = await readFile(path.join(folder, media.master!), 'utf8');
    expect(master).to.match(/#EXT-X-STREAM-INF:BANDWIDTH=\d+,AVERAGE-BANDWIDTH=\d+,RESOLUTION=640x360,FRAME-RATE=25\.000,CODECS="avc1\.64001e,mp4a\.40\.2"/);
    const [video720, audio720] = await streams(path.join(folder, media.renditions[1]!.file));
    expect(video720).to.include({ codec_name: 'h264', profile: 'High', width: 1280, height: 720, pix_fmt: 'yuv420p' });
    expect(audio720).to.include({ codec_name: 'aac', sample_rate: '48000' });
    for (const rendition of media.renditions) {
      expect(await keyframeTimes(path.join(folder, rendition.file))).to.deep.equal([0, 2, 4, 6, 8, 10]);
    }
    const mp4 = await readFile(path.join(folder, media.renditions[0]!.mp4!.file));
    expect(mp4.indexOf('moov')).to.be.lessThan(mp4.indexOf('mdat'), 'faststart: moov before mdat');
    expect(media.audio).to.deep.equal({ mp3: 'audio/audio.mp3', m4a: null });
    expect((await streams(path.join(folder, 'audio/audio.mp3')))[0]).to.include({ codec_name: 'mp3' });
    expect(media.thumbnails).to.deep.equal(['thumbnails/0.jpg', 'thumbnails/1.jpg', 'thumbnails/2.jpg']);
    expect(video.media!.thumbnailIndex).to.equal(1);
    expect(media.storyboard).to.include({ image: 'storyboard/sprite.jpg', vtt: 'storyboard/storyboard.vtt', every: 2, count: 6 });
    const vtt = await readFile(path.join(folder, media.storyboard!.vtt), 'utf8');
    expect(vtt.split('-->').length - 1).to.equal(6);
    expect(video.encoding).to.include({ status: 'succeeded', progress: 100, attempts: 1 });
    const leftovers = (await readdir(path.dirname(folder))).filter((name) => name !== 'source' && name !== path.basename(folder));
    expect(leftovers).to.deep.equal([]);

    const image = await request(ctx.app).get(`/api/v1/videos/${id}/thumbnails/2`).set(teacher.auth).expect(200);
    expect(image.headers['content-type']).to.equal('image/jpeg');
    expect([...(image.body as Buffer).subarray(0, 2)]).to.deep.equal([0xff, 0xd8]);
    const chosen = await request(ctx.app).put(`/api/v1/videos/${id}/thumbnail`).set(teacher.auth).send({ index: 2 }).expect(200);
    expect(chosen.body.media).to.include({ thumbnails: 3, thumbnail_index: 2, hls: true, mp3: true, m4a: false, storyboard: true });
    expectProblem(await request(ctx.app).put(`/api/v1/videos/${id}/thumbnail`).set(teacher.auth).send({ index: 3 }), 400, 'invalid_thumbnail');
    expectProblem(await request(ctx.app).get(`/api/v1/videos/${id}/thumbnails/3`).set(teacher.auth), 404, 'thumbnail_not_found');
    const log = await request(ctx.app).get(`/api/v1/videos/${id}/encoding`).set(teacher.auth).expect(200);
    expect(log.body).to.include({ status: 'succeeded', step: 'publish', progress: 100, error_code: null });
    expect(log.body.log.map((entry: { message: string }) => entry.message)).to.include('Published.');
  });

  it('upscales a source smaller than 360p to the lowest rendition only, and skips the storyboard under 10 s', async () => {
    const id = await uploadFile(ctx, teacher.auth, await videoClip());
    const video = await waitForVideo(ctx, id, ['ready', 'failed']);
    expect(video.status, JSON.stringify(video.encoding)).to.equal('ready');
    const media = video.media!.manifest as EncodedMedia;
    expect(media.renditions.map((r) => [r.name, r.width, r.height])).to.deep.equal([['360p', 480, 360]]);
    expect(media.storyboard).to.equal(null);
    expect(media.thumbnails).to.have.length(3);
  });

  it('recognises an audio-only source: m4a and mp3, no ladder, no pictures', async () => {
    const id = await uploadFile(ctx, teacher.auth, await audioClip());
    const video = await waitForVideo(ctx, id, ['ready', 'failed']);
    expect(video.status, JSON.stringify(video.encoding)).to.equal('ready');
    const media = video.media!.manifest as EncodedMedia;
    expect(media).to.deep.include({ kind: 'audio', master: null, renditions: [], thumbnails: [], storyboard: null, audio: { mp3: 'audio/audio.mp3', m4a: 'audio/audio.m4a' } });
    const [m4a] = await streams(path.join(folderOf(video), 'audio/audio.m4a'));
    expect(m4a).to.include({ codec_name: 'aac' });
    expect(existsSync(path.join(folderOf(video), 'hls'))).to.equal(false);
  });
});
