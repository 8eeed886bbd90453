import { expect } from 'chai';
import { invocationArgs } from '../../../encoding/src/ffmpeg/ffmpeg-invocation.js';
import { planStoryboard, STORYBOARD_MIN_DURATION, storyboardInvocation, storyboardVtt, vttTimestamp } from '../../../encoding/src/ffmpeg/storyboard.js';

describe('storyboard plan', () => {
  it('has none under 10 s (or without a duration)', () => {
    expect(STORYBOARD_MIN_DURATION).to.equal(10);
    expect(planStoryboard(9.99, 1920, 1080)).to.equal(null);
    expect(planStoryboard(0, 1920, 1080)).to.equal(null);
    expect(planStoryboard(Number.NaN, 1920, 1080)).to.equal(null);
  });

  it('takes a tile every 2 s, one per keyframe the video really has', () => {
    expect(planStoryboard(10, 1920, 1080)).to.deep.equal({ every: 2, count: 5, tileWidth: 160, tileHeight: 90, columns: 5, rows: 1 });
    expect(planStoryboard(13.034, 640, 360)).to.deep.equal({ every: 2, count: 7, tileWidth: 160, tileHeight: 90, columns: 7, rows: 1 });
    // 60 fps video ends at 11.98 s while AAC runs to 12.021 s: no keyframe at 12 s, so no tile.
    expect(planStoryboard(12.021, 640, 360)).to.deep.equal({ every: 2, count: 6, tileWidth: 160, tileHeight: 90, columns: 6, rows: 1 });
    expect(planStoryboard(21.08, 640, 360)).to.deep.equal({ every: 2, count: 11, tileWidth: 160, tileHeight: 90, columns: 10, rows: 2 });
  });

  it('keeps at most 100 tiles by taking the smallest multiple of 2 s that fits', () => {
    expect(planStoryboard(200.5, 1920, 1080)).to.deep.equal({ every: 2, count: 100, tileWidth: 160, tileHeight: 90, columns: 10, rows: 10 });
    expect(planStoryboard(201, 1920, 1080)).to.deep.equal({ every: 4, count: 51, tileWidth: 160, tileHeight: 90, columns: 10, rows: 6 });
    expect(planStoryboard(3600, 1920, 1080)).to.deep.equal({ every: 36, count: 100, tileWidth: 160, tileHeight: 90, columns: 10, rows: 10 });
    expect(planStoryboard(3 * 3600 + 0.7, 1920, 1080)).to.deep.equal({ every: 110, count: 99, tileWidth: 160, tileHeight: 90, columns: 10, rows: 10 });
  });

  it('gives the long side 160 px and the short side its even share', () => {
    const tile = (w: number, h: number) => {
      const plan = planStoryboard(60, w, h);
      return plan === null ? null : `${plan.tileWidth}x${plan.tileHeight}`;
    };
    expect([tile(1920, 1080), tile(360, 640), tile(640, 480), tile(2560, 1080), tile(720, 720), tile(642, 360)]).to.deep.equal([
      '160x90', '90x160', '160x120', '160x68', '160x160', '160x90',
    ]);
    expect(() => planStoryboard(60, 0, 360)).to.throw('invalid video size 0x360');
  });
});

describe('storyboard command', () => {
  it('decodes keyframes only, scales and tiles them into one JPEG', () => {
    const plan = { every: 2, count: 7, tileWidth: 160, tileHeight: 90, columns: 7, rows: 1 };
    expect(invocationArgs(storyboardInvocation('hls/360p.mp4', plan, 'storyboard/sprite.jpg'))).to.deep.equal([
      '-hide_banner', '-nostdin', '-y',
      '-skip_frame', 'nokey', '-i', 'hls/360p.mp4',
      '-map', '0:v:0', '-an', '-sn', '-vf', 'scale=160:90,tile=7x1:nb_frames=7', '-frames:v', '1', '-q:v', '3', '-map_metadata', '-1',
      'storyboard/sprite.jpg',
    ]);
  });

  it('keeps one keyframe in every/2 for longer videos', () => {
    const plan = { every: 36, count: 100, tileWidth: 90, tileHeight: 160, columns: 10, rows: 10 };
    expect(storyboardInvocation('hls/360p.mp4', plan, 'storyboard/sprite.jpg').outputs[0]?.options).to.deep.equal([
      '-map', '0:v:0', '-an', '-sn', '-vf', 'framestep=18,scale=90:160,tile=10x10:nb_frames=100', '-frames:v', '1', '-q:v', '3', '-map_metadata', '-1',
    ]);
  });

  it('refuses a step that is not a multiple of the keyframe interval', () => {
    const plan = { every: 3, count: 10, tileWidth: 160, tileHeight: 90, columns: 10, rows: 1 };
    expect(() => storyboardInvocation('hls/360p.mp4', plan, 'sprite.jpg')).to.throw('storyboard step 3 s is not a multiple of 2 s');
  });
});

describe('storyboard WebVTT', () => {
  it('has one cue per tile, the last ending at the duration', () => {
    const plan = { every: 2, count: 5, tileWidth: 160, tileHeight: 90, columns: 5, rows: 1 };
    expect(storyboardVtt(plan, 'sprite.jpg', 10)).to.equal(
      'WEBVTT\n\n' +
        '00:00:00.000 --> 00:00:02.000\nsprite.jpg#xywh=0,0,160,90\n\n' +
        '00:00:02.000 --> 00:00:04.000\nsprite.jpg#xywh=160,0,160,90\n\n' +
        '00:00:04.000 --> 00:00:06.000\nsprite.jpg#xywh=320,0,160,90\n\n' +
        '00:00:06.000 --> 00:00:08.000\nsprite.jpg#xywh=480,0,160,90\n\n' +
        '00:00:08.000 --> 00:00:10.000\nsprite.jpg#xywh=640,0,160,90\n',
    );
  });

  it('wraps tiles onto the next row and stretches the last cue to the end', () => {
    const plan = { every: 2, count: 11, tileWidth: 90, tileHeight: 160, columns: 10, rows: 2 };
    const cues = storyboardVtt(plan, 'https://media.example/s.jpg', 21.5).split('\n\n');
    expect(cues.length).to.equal(12);
    expect(cues.slice(-2)).to.deep.equal([
      '00:00:18.000 --> 00:00:20.000\nhttps://media.example/s.jpg#xywh=810,0,90,160',
      '00:00:20.000 --> 00:00:21.500\nhttps://media.example/s.jpg#xywh=0,160,90,160\n',
    ]);
  });

  it('refuses a duration that ends before the last tile', () => {
    const plan = { every: 2, count: 5, tileWidth: 160, tileHeight: 90, columns: 5, rows: 1 };
    expect(() => storyboardVtt(plan, 'sprite.jpg', 8)).to.throw('duration 8 s ends before the last tile (8 s)');
  });

  it('writes times as HH:MM:SS.mmm', () => {
    expect([0, 1.5, 59.9996, 61.25, 3723.4567, 36000].map(vttTimestamp)).to.deep.equal([
      '00:00:00.000', '00:00:01.500', '00:01:00.000', '00:01:01.250', '01:02:03.457', '10:00:00.000',
    ]);
  });
});
