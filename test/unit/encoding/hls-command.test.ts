import { expect } from 'chai';
import { invocationArgs } from '../../../encoding/src/ffmpeg/ffmpeg-invocation.js';
import {
  DEFAULT_QUALITY,
  frameRateArg,
  gopSize,
  KEYFRAME_INTERVAL_SECONDS,
  planTranscode,
  planTranscodePerRendition,
  SEGMENT_SECONDS,
  textSubtitleOutputs,
  videoFilterGraph,
  type TranscodePlanInput,
} from '../../../encoding/src/ffmpeg/hls-command.js';
import type { PlannedRendition } from '../../../encoding/src/ffmpeg/rendition-ladder.js';

const R360: PlannedRendition = { name: '360p', height: 360, width: 640, maxrateKbps: 1000, audioKbps: 96, mp4: true };
const R720: PlannedRendition = { name: '720p', height: 720, width: 1280, maxrateKbps: 3000, audioKbps: 128, mp4: true };
const R1080: PlannedRendition = { name: '1080p', height: 1080, width: 1920, maxrateKbps: 4500, audioKbps: 192, mp4: false };

function input(extra: Partial<TranscodePlanInput> = {}): TranscodePlanInput {
  return { source: '/data/src/talk.mov', renditions: [R360, R720, R1080], frameRate: 29.97, hasAudio: true, audioOnly: false, subtitles: [], quality: DEFAULT_QUALITY, ...extra };
}

/** The options of one HLS rendition output, spelled out once for the tests below. */
function hlsOutput(k: number, r: PlannedRendition, audio: boolean, gop: string, threads: string[] = []): string[] {
  return [
    '-map', `[v${k}]`, ...(audio ? ['-map', '0:a:0'] : []),
    '-c:v', 'libx264', '-profile:v', 'high', '-pix_fmt', 'yuv420p', '-preset', 'veryfast', '-crf', '23',
    '-maxrate', `${r.maxrateKbps}k`, '-bufsize', `${2 * r.maxrateKbps}k`,
    '-g', gop, '-keyint_min', gop, '-sc_threshold', '0', '-force_key_frames', 'expr:gte(t,n_forced*2)',
    ...threads,
    ...(audio ? ['-c:a', 'aac', '-ar', '48000', '-ac', '2', '-b:a', `${r.audioKbps}k`] : []),
    '-map_metadata', '-1', '-map_chapters', '-1',
    '-f', 'hls', '-hls_time', '6', '-hls_playlist_type', 'vod', '-hls_segment_type', 'fmp4', '-hls_flags', 'single_file',
    '-hls_segment_filename', `hls/${r.name}.mp4`, `hls/${r.name}.m3u8`,
  ];
}

const MP3 = ['-map', '0:a:0', '-vn', '-c:a', 'libmp3lame', '-q:a', '2', '-map_metadata', '-1', '-map_chapters', '-1', 'audio/audio.mp3'];
const M4A = ['-map', '0:a:0', '-vn', '-c:a', 'aac', '-b:a', '192k', '-ar', '48000', '-movflags', '+faststart', '-map_metadata', '-1', '-map_chapters', '-1', 'audio/audio.m4a'];

describe('HLS transcode planning', () => {
  it('fixes quality defaults, keyframe and segment lengths', () => {
    expect(DEFAULT_QUALITY).to.deep.equal({ preset: 'veryfast', crf: 23 });
    expect([KEYFRAME_INTERVAL_SECONDS, SEGMENT_SECONDS]).to.deep.equal([2, 6]);
  });

  it('encodes a 3-rung ladder, the MP3 and a subtitle in one ffmpeg process, decoding once', () => {
    const plan = planTranscode(input({ subtitles: [{ index: 2, codec: 'subrip', language: 'fra' }] }));
    expect(invocationArgs(plan.invocation)).to.deep.equal([
      '-hide_banner', '-nostdin', '-y',
      '-i', '/data/src/talk.mov',
      '-filter_complex',
      '[0:v]fps=30000/1001,split=3[s0][s1][s2];' +
        '[s0]scale=640:360,setsar=1,format=yuv420p[v0];' +
        '[s1]scale=1280:720,setsar=1,format=yuv420p[v1];' +
        '[s2]scale=1920:1080,setsar=1,format=yuv420p[v2]',
      ...hlsOutput(0, R360, true, '60'),
      ...hlsOutput(1, R720, true, '60'),
      ...hlsOutput(2, R1080, true, '60'),
      ...MP3,
      '-map', '0:2', '-c:s', 'webvtt', 'subtitles/0.vtt',
    ]);
  });

  it('lists the files it writes and the folders to create first', () => {
    const plan = planTranscode(input({ renditions: [R360, R720], subtitles: [{ index: 2, codec: 'subrip', language: 'fra' }] }));
    expect(plan.renditions).to.deep.equal([
      { rendition: R360, playlist: 'hls/360p.m3u8', file: 'hls/360p.mp4' },
      { rendition: R720, playlist: 'hls/720p.m3u8', file: 'hls/720p.mp4' },
    ]);
    expect([plan.mp3, plan.m4a]).to.deep.equal(['audio/audio.mp3', null]);
    expect(plan.subtitles).to.deep.equal([{ file: 'subtitles/0.vtt', language: 'fra', streamIndex: 2 }]);
    expect(plan.folders).to.deep.equal(['hls', 'audio', 'subtitles']);
  });

  it('uses no split for a single rendition, and no audio maps without audio', () => {
    const plan = planTranscode(input({ renditions: [R360], frameRate: 25, hasAudio: false }));
    expect(invocationArgs(plan.invocation)).to.deep.equal([
      '-hide_banner', '-nostdin', '-y',
      '-i', '/data/src/talk.mov',
      '-filter_complex', '[0:v]fps=25,scale=640:360,setsar=1,format=yuv420p[v0]',
      ...hlsOutput(0, R360, false, '50'),
    ]);
    expect([plan.mp3, plan.m4a, plan.folders]).to.deep.equal([null, null, ['hls']]);
  });

  it('gives an audio-only source an MP3 and an M4A, no filter graph', () => {
    const plan = planTranscode(input({ renditions: [], audioOnly: true, source: '/data/src/lecture.wav' }));
    expect(plan.invocation.filterComplex).to.equal(null);
    expect(invocationArgs(plan.invocation)).to.deep.equal(['-hide_banner', '-nostdin', '-y', '-i', '/data/src/lecture.wav', ...MP3, ...M4A]);
    expect([plan.renditions, plan.mp3, plan.m4a, plan.folders]).to.deep.equal([[], 'audio/audio.mp3', 'audio/audio.m4a', ['audio']]);
  });

  it('passes the thread count to the decoder and each encoder when set', () => {
    const plan = planTranscode(input({ renditions: [R360], frameRate: 25, threads: 2 }));
    expect(invocationArgs(plan.invocation)).to.deep.equal([
      '-hide_banner', '-nostdin', '-y',
      '-threads', '2', '-i', '/data/src/talk.mov',
      '-filter_complex', '[0:v]fps=25,scale=640:360,setsar=1,format=yuv420p[v0]',
      ...hlsOutput(0, R360, true, '50', ['-threads', '2']),
      ...MP3,
    ]);
    expect(invocationArgs(planTranscode(input({ threads: 0 })).invocation)).to.deep.equal(invocationArgs(planTranscode(input()).invocation));
  });

  it('uses the quality settings given', () => {
    const args = invocationArgs(planTranscode(input({ renditions: [R360], quality: { preset: 'slow', crf: 20.5 } })).invocation);
    expect(args.slice(args.indexOf('-preset'), args.indexOf('-preset') + 4)).to.deep.equal(['-preset', 'slow', '-crf', '20.5']);
  });

  it('converts text subtitles only, numbered without gaps', () => {
    expect(
      textSubtitleOutputs([
        { index: 2, codec: 'hdmv_pgs_subtitle', language: 'eng' },
        { index: 3, codec: 'mov_text', language: null },
        { index: 4, codec: 'dvd_subtitle', language: 'fra' },
        { index: 5, codec: 'ass', language: 'deu' },
        { index: 6, codec: 'webvtt', language: 'spa' },
        { index: 7, codec: 'ssa', language: null },
        { index: 8, codec: 'text', language: null },
        { index: 9, codec: 'subrip', language: 'ita' },
      ]),
    ).to.deep.equal([
      { file: 'subtitles/0.vtt', language: null, streamIndex: 3 },
      { file: 'subtitles/1.vtt', language: 'deu', streamIndex: 5 },
      { file: 'subtitles/2.vtt', language: 'spa', streamIndex: 6 },
      { file: 'subtitles/3.vtt', language: null, streamIndex: 7 },
      { file: 'subtitles/4.vtt', language: null, streamIndex: 8 },
      { file: 'subtitles/5.vtt', language: 'ita', streamIndex: 9 },
    ]);
    const plan = planTranscode(input({ renditions: [R360], subtitles: [{ index: 2, codec: 'hdmv_pgs_subtitle', language: 'eng' }] }));
    expect([plan.subtitles, plan.folders]).to.deep.equal([[], ['hls', 'audio']]);
  });

  it('refuses inputs that cannot make a sensible encode', () => {
    expect(() => planTranscode(input({ renditions: [] }))).to.throw('a video source needs at least one rendition');
    expect(() => planTranscode(input({ renditions: [], audioOnly: true, hasAudio: false }))).to.throw('an audio-only source must have audio');
    expect(() => planTranscode(input({ audioOnly: true }))).to.throw('an audio-only source has no video rendition');
    expect(() => planTranscode(input({ renditions: [R360, R360] }))).to.throw('two renditions have the same name');
  });
});

describe('HLS transcode, one process per rendition (benchmark baseline)', () => {
  it('encodes each rendition alone, then the audio and subtitles in a last process', () => {
    const invocations = planTranscodePerRendition(input({ renditions: [R360, R720], subtitles: [{ index: 3, codec: 'ass', language: null }] }));
    expect(invocations.map(invocationArgs)).to.deep.equal([
      ['-hide_banner', '-nostdin', '-y', '-i', '/data/src/talk.mov', '-filter_complex', '[0:v]fps=30000/1001,scale=640:360,setsar=1,format=yuv420p[v0]', ...hlsOutput(0, R360, true, '60')],
      ['-hide_banner', '-nostdin', '-y', '-i', '/data/src/talk.mov', '-filter_complex', '[0:v]fps=30000/1001,scale=1280:720,setsar=1,format=yuv420p[v0]', ...hlsOutput(0, R720, true, '60')],
      ['-hide_banner', '-nostdin', '-y', '-i', '/data/src/talk.mov', ...MP3, '-map', '0:3', '-c:s', 'webvtt', 'subtitles/0.vtt'],
    ]);
  });

  it('has no extra process when there is nothing but video', () => {
    const invocations = planTranscodePerRendition(input({ renditions: [R360], hasAudio: false, frameRate: 25 }));
    expect(invocations.map(invocationArgs)).to.deep.equal([
      ['-hide_banner', '-nostdin', '-y', '-i', '/data/src/talk.mov', '-filter_complex', '[0:v]fps=25,scale=640:360,setsar=1,format=yuv420p[v0]', ...hlsOutput(0, R360, false, '50')],
    ]);
  });

  it('is a single audio process for an audio-only source', () => {
    const invocations = planTranscodePerRendition(input({ renditions: [], audioOnly: true }));
    expect(invocations.map(invocationArgs)).to.deep.equal([['-hide_banner', '-nostdin', '-y', '-i', '/data/src/talk.mov', ...MP3, ...M4A]]);
  });
});

describe('frame rate and GOP arguments', () => {
  it('writes NTSC rates as exact rationals, others as decimals', () => {
    expect([30000 / 1001, 29.97, 23.976, 59.94, 47.952, 14.985, 25, 30, 60, 12.5, 29.5, 1].map(frameRateArg)).to.deep.equal([
      '30000/1001', '30000/1001', '24000/1001', '60000/1001', '48000/1001', '15000/1001', '25', '30', '60', '12.5', '29.5', '1',
    ]);
    expect(() => frameRateArg(0)).to.throw('invalid frame rate 0');
  });

  it('makes the GOP 2 s of frames, rounded up so x264 never adds a keyframe of its own', () => {
    expect([25, 29.97, 30, 23.976, 59.94, 60, 12.5, 25.2, 25.3, 1, 0.1].map(gopSize)).to.deep.equal([50, 60, 60, 48, 120, 120, 25, 51, 51, 2, 1]);
  });

  it('builds the filter graph from the renditions', () => {
    expect(videoFilterGraph([R720, R360], 50)).to.equal(
      '[0:v]fps=50,split=2[s0][s1];[s0]scale=1280:720,setsar=1,format=yuv420p[v0];[s1]scale=640:360,setsar=1,format=yuv420p[v1]',
    );
    expect(() => videoFilterGraph([], 25)).to.throw('no rendition to encode');
  });
});
