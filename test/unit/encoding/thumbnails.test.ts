import { expect } from 'chai';
import { invocationArgs } from '../../../encoding/src/ffmpeg/ffmpeg-invocation.js';
import { THUMBNAIL_COUNT, thumbnailInvocation, thumbnailTimes } from '../../../encoding/src/ffmpeg/thumbnails.js';
import { thumbnailRendition as thumbnailSource } from '../../../server/src/domain/encoding/encoded-media.js';

describe('thumbnails', () => {
  it('takes three', () => {
    expect(THUMBNAIL_COUNT).to.equal(3);
  });

  const times: [number, number[]][] = [
    [100, [25, 50, 75]],
    [13.034, [3.3, 6.5, 9.8]],
    [3600.5, [900.1, 1800.3, 2700.4]],
    [1, [0.3, 0.5, 0.8]],
    [0.4, [0.1, 0.2, 0.3]],
    [0.3, [0.1, 0.2, 0.2]],
    [0.15, [0, 0, 0]],
    [0, [0, 0, 0]],
  ];
  for (const [duration, expected] of times) {
    it(`at 25/50/75 % of ${duration} s, inside the video: ${expected.join(', ')}`, () => {
      expect(thumbnailTimes(duration)).to.deep.equal(expected);
    });
  }

  it('refuses a duration that is not a number', () => {
    expect(() => thumbnailTimes(Number.NaN)).to.throw('invalid duration');
  });

  it('takes them from the largest rendition whose short side is at most 720', () => {
    const ladder = [
      { name: '360p', width: 640, height: 360 },
      { name: '1080p', width: 1920, height: 1080 },
      { name: '720p', width: 1280, height: 720 },
    ];
    expect(thumbnailSource(ladder)).to.equal(ladder[2]);
    const portrait = [
      { name: '360p', width: 360, height: 640 },
      { name: '720p', width: 720, height: 1280 },
      { name: '1080p', width: 1080, height: 1920 },
    ];
    expect(thumbnailSource(portrait)).to.equal(portrait[1]);
    const small = [{ name: '360p', width: 642, height: 360 }, { name: '720p', width: 1280, height: 718 }];
    expect(thumbnailSource(small)).to.equal(small[1]);
  });

  it('falls back to the smallest rendition when all are larger than 720', () => {
    const big = [{ width: 2560, height: 1440 }, { width: 1920, height: 1080 }];
    expect(thumbnailSource(big)).to.equal(big[1]);
    expect(() => thumbnailSource([])).to.throw('no rendition to take thumbnails from');
  });

  it('seeks before -i and writes one JPEG frame', () => {
    expect(invocationArgs(thumbnailInvocation('hls/720p.mp4', 6.5, 'thumbnails/1.jpg'))).to.deep.equal([
      '-hide_banner', '-nostdin', '-y',
      '-seek_streams_individually', '0', '-ss', '6.5', '-i', 'hls/720p.mp4',
      '-map', '0:v:0', '-an', '-sn', '-frames:v', '1', '-q:v', '3', '-map_metadata', '-1', 'thumbnails/1.jpg',
    ]);
    expect(thumbnailInvocation('hls/720p.mp4', 0, 'thumbnails/0.jpg').inputs).to.deep.equal([
      { path: 'hls/720p.mp4', options: ['-seek_streams_individually', '0', '-ss', '0'] },
    ]);
    expect(() => thumbnailInvocation('hls/720p.mp4', -1, 'x.jpg')).to.throw('invalid thumbnail time -1');
  });
});
