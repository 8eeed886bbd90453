import { expect } from 'chai';
import { audioModes, chooseEngine, defaultMp4Index } from '../../player/src/player/engine-choice.js';

describe('player engine choice', () => {
  const video = { kind: 'video' as const, hasHls: true, mp4Count: 2, audioCount: 2, hlsJsSupported: true, nativeHls: false };

  it('prefers hls.js, then the browser\'s HLS, then MP4 files', () => {
    expect(chooseEngine(video)).to.equal('hls.js');
    expect(chooseEngine({ ...video, nativeHls: true })).to.equal('hls.js');
    expect(chooseEngine({ ...video, hlsJsSupported: false, nativeHls: true })).to.equal('native');
    expect(chooseEngine({ ...video, hlsJsSupported: false })).to.equal('mp4');
    expect(chooseEngine({ ...video, hasHls: false })).to.equal('mp4');
    expect(chooseEngine({ ...video, hlsJsSupported: false, mp4Count: 0 })).to.equal('audio');
    expect(chooseEngine({ ...video, hlsJsSupported: false, mp4Count: 0, audioCount: 0 })).to.equal(null);
  });

  it('plays audio files for audio-only media', () => {
    expect(chooseEngine({ ...video, kind: 'audio', hasHls: false, mp4Count: 0 })).to.equal('audio');
    expect(chooseEngine({ ...video, kind: 'audio', audioCount: 0 })).to.equal('hls.js');
  });

  it('starts MP4 playback with the tallest file up to 720 lines, else the smallest', () => {
    expect(defaultMp4Index([{ height: 360 }, { height: 720 }, { height: 1080 }])).to.equal(1);
    expect(defaultMp4Index([{ height: 360 }, { height: 480 }])).to.equal(1);
    expect(defaultMp4Index([{ height: 2160 }, { height: 1080 }])).to.equal(1);
    expect(defaultMp4Index([])).to.equal(0);
  });

  it('shows audio over the poster when there is one, else as a bar', () => {
    expect(audioModes('audio', 'audio', '/p.jpg')).to.deep.equal({ audioPosterMode: true, audioOnlyMode: false });
    expect(audioModes('audio', 'audio', null)).to.deep.equal({ audioPosterMode: false, audioOnlyMode: true });
    expect(audioModes('video', 'hls.js', null)).to.deep.equal({ audioPosterMode: false, audioOnlyMode: false });
  });
});
