import { expect } from 'chai';
import {
  DEFAULT_LADDER,
  displaySize,
  outputFrameRate,
  parseLadder,
  planLadder,
  roundEven,
  type RenditionProfile,
  type SourceVideo,
} from '../../../encoding/src/ffmpeg/rendition-ladder.js';

const P360 = { name: '360p', height: 360, maxrateKbps: 1000, audioKbps: 96, mp4: true };
const P720 = { name: '720p', height: 720, maxrateKbps: 3000, audioKbps: 128, mp4: true };
const P1080 = { name: '1080p', height: 1080, maxrateKbps: 4500, audioKbps: 192, mp4: false };

function source(width: number, height: number, extra: Partial<SourceVideo> = {}): SourceVideo {
  return { width, height, rotation: 0, sampleAspectRatio: null, frameRate: 25, variableFrameRate: false, ...extra };
}

/** The planned sizes, as 'name WxH', to compare whole ladders at a glance. */
function sizes(video: SourceVideo, ladder: readonly RenditionProfile[] = DEFAULT_LADDER): string[] {
  return planLadder(video, ladder).map((r) => `${r.name} ${r.width}x${r.height}`);
}

describe('rendition ladder', () => {
  it('has Esup-Pod defaults', () => {
    expect(DEFAULT_LADDER).to.deep.equal([P360, P720, P1080]);
  });

  it('plans the whole ladder of a 1080p source, keeping each profile', () => {
    expect(planLadder(source(1920, 1080), DEFAULT_LADDER)).to.deep.equal([
      { ...P360, width: 640, height: 360 },
      { ...P720, width: 1280, height: 720 },
      { ...P1080, width: 1920, height: 1080 },
    ]);
  });

  it('never goes above 1080p for a 4K source', () => {
    expect(sizes(source(3840, 2160))).to.deep.equal(['360p 640x360', '720p 1280x720', '1080p 1920x1080']);
  });

  it('applies the rung to the short side of a portrait video', () => {
    expect(planLadder(source(1080, 1920), DEFAULT_LADDER)).to.deep.equal([
      { ...P360, width: 360, height: 640 },
      { ...P720, width: 720, height: 1280 },
      { ...P1080, width: 1080, height: 1920 },
    ]);
  });

  it('swaps width and height for 90° and 270° rotations, whatever their sign', () => {
    const portrait = ['360p 360x640', '720p 720x1280', '1080p 1080x1920'];
    expect(sizes(source(1920, 1080, { rotation: 90 }))).to.deep.equal(portrait);
    expect(sizes(source(1920, 1080, { rotation: 270 }))).to.deep.equal(portrait);
    expect(sizes(source(1920, 1080, { rotation: -90 }))).to.deep.equal(portrait);
    expect(sizes(source(1920, 1080, { rotation: 180 }))).to.deep.equal(['360p 640x360', '720p 1280x720', '1080p 1920x1080']);
    expect(sizes(source(1920, 1080, { rotation: 450 }))).to.deep.equal(portrait);
  });

  it('applies the sample aspect ratio to the width (anamorphic PAL 16:9, NTSC 4:3)', () => {
    expect(sizes(source(720, 576, { sampleAspectRatio: 64 / 45 }))).to.deep.equal(['360p 640x360']);
    expect(sizes(source(720, 480, { sampleAspectRatio: 8 / 9 }))).to.deep.equal(['360p 480x360']);
    expect(sizes(source(720, 576, { sampleAspectRatio: 64 / 45, rotation: 90 }))).to.deep.equal(['360p 360x640']);
  });

  it('ignores a missing or meaningless sample aspect ratio', () => {
    expect(sizes(source(640, 480, { sampleAspectRatio: 0 }))).to.deep.equal(['360p 480x360']);
    expect(sizes(source(640, 480, { sampleAspectRatio: Number.NaN }))).to.deep.equal(['360p 480x360']);
  });

  it('keeps a rung the source nearly fills (≥ 90 %) at the source size', () => {
    expect(sizes(source(1280, 718))).to.deep.equal(['360p 642x360', '720p 1280x718']);
    expect(sizes(source(1280, 648))).to.deep.equal(['360p 712x360', '720p 1280x648']);
    expect(sizes(source(1280, 646))).to.deep.equal(['360p 714x360']);
  });

  it('always produces the lowest rung, upscaling a tiny source to it', () => {
    expect(planLadder(source(320, 240), DEFAULT_LADDER)).to.deep.equal([{ ...P360, width: 480, height: 360 }]);
    expect(sizes(source(16, 16))).to.deep.equal(['360p 360x360']);
    expect(sizes(source(1, 1))).to.deep.equal(['360p 360x360']);
  });

  it('does not upscale the lowest rung when the source nearly fills it', () => {
    expect(sizes(source(640, 340))).to.deep.equal(['360p 640x340']);
  });

  it('rounds both sides to the nearest even number', () => {
    expect(sizes(source(2560, 1080))).to.deep.equal(['360p 854x360', '720p 1706x720', '1080p 2560x1080']);
    expect(sizes(source(1001, 1001))).to.deep.equal(['360p 360x360', '720p 720x720', '1080p 1002x1002']);
    expect(sizes(source(853, 480))).to.deep.equal(['360p 640x360']);
  });

  it('sorts the ladder by height and drops a rung the same size as the previous one', () => {
    const p370 = { name: '370p', height: 370, maxrateKbps: 1100, audioKbps: 96, mp4: false };
    expect(sizes(source(640, 360), [p370, P720, P360])).to.deep.equal(['360p 640x360']);
    expect(sizes(source(1920, 1080), [P1080, P360])).to.deep.equal(['360p 640x360', '1080p 1920x1080']);
  });

  it('refuses an impossible source size or an empty ladder', () => {
    expect(() => planLadder(source(0, 1080), DEFAULT_LADDER)).to.throw('invalid source video size 0x1080');
    expect(() => planLadder(source(1920, -2), DEFAULT_LADDER)).to.throw('invalid source video size 1920x-2');
    expect(() => planLadder(source(Number.NaN, 1080), DEFAULT_LADDER)).to.throw('invalid source video size');
    expect(() => planLadder(source(1920, 1080), [])).to.throw('the rendition ladder is empty');
  });

  it('exposes the display size and even rounding it relies on', () => {
    expect(displaySize(source(720, 576, { sampleAspectRatio: 64 / 45, rotation: 270 }))).to.deep.equal({ width: 576, height: 1024 });
    expect([0, 1, 2, 3, 5, 641.78, 853.33].map(roundEven)).to.deep.equal([2, 2, 2, 4, 6, 642, 854]);
  });
});

describe('output frame rate', () => {
  const cases: [string, Partial<SourceVideo>, number][] = [
    ['keeps 25', { frameRate: 25 }, 25],
    ['keeps NTSC 29.97 as 29.97', { frameRate: 30000 / 1001 }, 29.97],
    ['keeps 23.976', { frameRate: 24000 / 1001 }, 23.976],
    ['keeps 60', { frameRate: 60 }, 60],
    ['halves 120', { frameRate: 120 }, 60],
    ['halves 119.88 to 59.94', { frameRate: 120000 / 1001 }, 59.94],
    ['halves 240 twice', { frameRate: 240 }, 60],
    ['halves 100 to 50', { frameRate: 100 }, 50],
    ['halves 61 to 30.5', { frameRate: 61 }, 30.5],
    ['raises a constant rate below 1 fps to 1', { frameRate: 0.5 }, 1],
    ['rounds a variable rate average', { frameRate: 29.3, variableFrameRate: true }, 29],
    ['clamps a variable rate to 60', { frameRate: 90, variableFrameRate: true }, 60],
    ['clamps a variable rate to 1', { frameRate: 0.4, variableFrameRate: true }, 1],
    ['assumes 25 when unknown', { frameRate: null }, 25],
    ['assumes 25 when unknown and variable', { frameRate: null, variableFrameRate: true }, 25],
    ['assumes 25 for 0', { frameRate: 0 }, 25],
    ['assumes 25 for NaN', { frameRate: Number.NaN }, 25],
  ];
  for (const [what, extra, expected] of cases) {
    it(`${what}: ${expected}`, () => {
      expect(outputFrameRate(source(1920, 1080, extra))).to.equal(expected);
    });
  }
});

describe('ladder config text', () => {
  it('parses Esup-Pod style text into the default ladder', () => {
    expect(parseLadder('360p:1000:96:mp4,720p:3000:128:mp4,1080p:4500:192')).to.deep.equal([P360, P720, P1080]);
  });

  it('tolerates spaces and sorts by height', () => {
    expect(parseLadder(' 720p : 3000 : 128 : mp4 , 240p:400:64 ')).to.deep.equal([
      { name: '240p', height: 240, maxrateKbps: 400, audioKbps: 64, mp4: false },
      { ...P720 },
    ]);
  });

  const bad: [string, string][] = [
    ['', 'the rendition ladder is empty'],
    ['   ', 'the rendition ladder is empty'],
    ['360p:1000', 'invalid rendition ladder entry "360p:1000": expected name:maxrateKbps:audioKbps[:mp4]'],
    ['360p:1000:96:mp4:x', 'expected name:maxrateKbps:audioKbps[:mp4]'],
    ['hd:1000:96', 'invalid rendition ladder entry "hd:1000:96": the name must be a height followed by "p"'],
    ['360:1000:96', 'the name must be a height followed by "p"'],
    ['0p:1000:96', 'the height must be a positive integer'],
    ['9000p:1000:96', 'the height must be between 2 and 4320'],
    ['360p:abc:96', 'the video maxrate (kbit/s) must be a positive integer, got "abc"'],
    ['360p:1000:0', 'the audio bitrate (kbit/s) must be a positive integer, got "0"'],
    ['360p:1000:96.5', 'the audio bitrate (kbit/s) must be a positive integer'],
    ['360p:1000:96:webm', 'the 4th field may only be "mp4", got "webm"'],
    ['360p:1000:96,', 'empty entry between commas'],
    ['360p:1000:96,360p:800:64', '360p appears twice'],
  ];
  for (const [text, message] of bad) {
    it(`refuses ${JSON.stringify(text)}`, () => {
      expect(() => parseLadder(text)).to.throw(message);
    });
  }
});
