import { expect } from 'chai';
import { qualityLabel, qualityOptions } from '../../player/src/player/quality-options.js';

describe('player quality options', () => {
  it('labels levels by height, by bitrate when heights repeat, by bitrate for audio', () => {
    expect(qualityLabel({ height: 720, bitrate: 2_500_000 }, false)).to.equal('720p');
    expect(qualityLabel({ height: 720, bitrate: 2_500_000 }, true)).to.equal('720p (2500 kb/s)');
    expect(qualityLabel({ height: 0, bitrate: 128_000 }, false)).to.equal('128 kb/s');
  });

  it('lists levels best first, keeping their engine index', () => {
    const levels = [
      { height: 360, bitrate: 800_000 },
      { height: 1080, bitrate: 5_000_000 },
      { height: 720, bitrate: 2_500_000 },
      { height: 720, bitrate: 1_800_000 },
    ];
    expect(qualityOptions(levels)).to.deep.equal([
      { index: 1, label: '1080p', height: 1080 },
      { index: 2, label: '720p (2500 kb/s)', height: 720 },
      { index: 3, label: '720p (1800 kb/s)', height: 720 },
      { index: 0, label: '360p', height: 360 },
    ]);
    expect(qualityOptions([])).to.deep.equal([]);
  });
});
