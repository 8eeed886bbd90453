import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import type { EncodedMedia } from '../../server/src/domain/encoding/encoded-media.js';
import type { Video } from '../../server/src/domain/videos/video.js';
import { uploadFile, waitForVideo } from '../helpers/encoding.js';
import { ffprobeOutput } from '../helpers/ffprobe.js';
import { createUser, type UserWithToken } from '../helpers/factories.js';
import { lectureClip, type ClipSpec } from '../helpers/media.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';


interface Shape {
  width: number;
  height: number;
  rotation: number;
  frames: number;
  duration: number;
  avgRate: string;
  rRate: string;
}

/** What a player sees of an encoded file's video stream. */
async function shapeOf(file: string): Promise<Shape> {
  const stdout = await ffprobeOutput(['-select_streams', 'v:0', '-count_packets', '-print_format', 'json', '-show_streams', '-show_format', file]);
  const probe = JSON.parse(stdout) as {
    streams: Array<{ width: number; height: number; nb_read_packets: string; avg_frame_rate: string; r_frame_rate: string; tags?: { rotate?: string }; side_data_list?: Array<{ rotation?: number }> }>;
    format: { duration: string };
  };
  const stream = probe.streams[0]!;
  const rotation = stream.side_data_list?.find((d) => typeof d.rotation === 'number')?.rotation ?? Number(stream.tags?.rotate ?? 0);
  return { width: stream.width, height: stream.height, rotation, frames: Number(stream.nb_read_packets), duration: Number(probe.format.duration), avgRate: stream.avg_frame_rate, rRate: stream.r_frame_rate };
}

describe('encoding: sources of every shape', function () {
  this.timeout(180_000);
  let ctx: TestApp;
  let teacher: UserWithToken;

  before(async () => {
    ctx = await buildTestApp({ ENCODING_POLL_SECONDS: '0.5' }, undefined, { workers: 1 });
    teacher = await createUser(ctx);
  });
  after(async () => {
    await ctx?.close();
  });

  async function encode(spec: ClipSpec): Promise<{ video: Video; media: EncodedMedia; folder: string }> {
    const id = await uploadFile(ctx, teacher.auth, await lectureClip(spec));
    const video = await waitForVideo(ctx, id, ['ready', 'failed']);
    expect(video.status, JSON.stringify(video.encoding)).to.equal('ready');
    return { video, media: video.media!.manifest, folder: path.join(ctx.varDir, 'media', video.media!.folder) };
  }

  const sizes = (media: EncodedMedia) => media.renditions.map((r) => `${r.name} ${r.width}x${r.height}`);

  it('applies a phone’s rotation: a portrait video keeps its shape, upright, with no rotation left in the outputs', async () => {
    const source = await shapeOf(await lectureClip({ seconds: 3, width: 1280, height: 720, rotation: 90 }));
    expect([source.width, source.height, Math.abs(source.rotation)]).to.deep.equal([1280, 720, 90], 'the source is landscape pixels with a rotation');
    const { media, folder } = await encode({ seconds: 3, width: 1280, height: 720, rotation: 90 });
    expect(sizes(media)).to.deep.equal(['360p 360x640', '720p 720x1280']);
    for (const rendition of media.renditions) {
      const shape = await shapeOf(path.join(folder, rendition.file));
      expect([shape.width, shape.height, Math.abs(shape.rotation)]).to.deep.equal([rendition.width, rendition.height, 0]);
    }
    const mp4 = await shapeOf(path.join(folder, media.renditions[0]!.mp4!.file));
    expect([mp4.width, mp4.height, Math.abs(mp4.rotation)]).to.deep.equal([360, 640, 0]);
    expect(await readFile(path.join(folder, media.master!), 'utf8')).to.include('RESOLUTION=720x1280');
  });

  it('rounds odd sizes to even ones and keeps the aspect ratio', async () => {
    const { media, folder } = await encode({ seconds: 2, width: 853, height: 479 });
    expect(sizes(media)).to.deep.equal(['360p 642x360']);
    const shape = await shapeOf(path.join(folder, media.renditions[0]!.file));
    expect([shape.width % 2, shape.height % 2]).to.deep.equal([0, 0]);
  });

  it('keeps 4:3 as 4:3 and never upscales a rung above the source', async () => {
    const { media } = await encode({ seconds: 2, width: 1024, height: 768 });
    expect(sizes(media)).to.deep.equal(['360p 480x360', '720p 960x720']);
  });

  it('turns a variable frame rate into a constant one, keeping the duration', async () => {
    const source = await shapeOf(await lectureClip({ seconds: 6, width: 640, height: 360, fps: 30, variableFrameRate: true }));
    expect(source.avgRate).to.not.equal(source.rRate, 'the source really has a variable frame rate');
    const { media, folder } = await encode({ seconds: 6, width: 640, height: 360, fps: 30, variableFrameRate: true });
    const rendition = media.renditions[0]!;
    const shape = await shapeOf(path.join(folder, rendition.file));
    expect(shape.duration).to.be.closeTo(6, 0.25);
    expect(shape.frames).to.be.closeTo(shape.duration * rendition.frameRate, 2, 'one frame per 1/rate seconds: constant');
    expect(rendition.frameRate).to.be.within(10, 30);
  });

  it('encodes a silent video without audio outputs', async () => {
    const { media, folder } = await encode({ seconds: 2, width: 640, height: 360, audio: false });
    expect(media.audio).to.deep.equal({ mp3: null, m4a: null });
    expect(media.renditions[0]!.codecs).to.match(/^avc1\.[0-9a-f]{6}$/);
    expect(await readFile(path.join(folder, media.master!), 'utf8')).to.not.include('mp4a');
  });

  it('extracts embedded text subtitles to WebVTT with their language', async () => {
    const { media, folder } = await encode({ seconds: 4, width: 640, height: 360, subtitles: true });
    expect(media.subtitles).to.have.length(1);
    expect(media.subtitles[0]).to.include({ language: 'fra' });
    const vtt = await readFile(path.join(folder, media.subtitles[0]!.file), 'utf8');
    expect(vtt).to.match(/^WEBVTT/);
    expect(vtt).to.include('Bonjour à tous');
    expect(vtt).to.match(/00:0?0?:?00[.:]500 --> 00:0?0?:?02[.:]000/);
  });
});
