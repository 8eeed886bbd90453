import { expect } from 'chai';
import { AAC_LC_CODEC, avcCodecString, masterPlaylist, playlistBandwidth, type MasterVariant } from '../../../encoding/src/ffmpeg/master-playlist.js';

const V360: MasterVariant = { uri: '360p.m3u8', bandwidth: 453426, averageBandwidth: 452828, width: 640, height: 360, frameRate: 30000 / 1001, codecs: 'avc1.64001e,mp4a.40.2' };
const V720: MasterVariant = { uri: '720p.m3u8', bandwidth: 2745823, averageBandwidth: 2669612, width: 1280, height: 720, frameRate: 30000 / 1001, codecs: 'avc1.64001f,mp4a.40.2' };
const V1080: MasterVariant = { uri: '1080p.m3u8', bandwidth: 5272654, averageBandwidth: 4999267, width: 1920, height: 1080, frameRate: 25, codecs: 'avc1.640028' };

/** A media playlist as ffmpeg 5.1 writes it (single_file, fMP4), taken from a real 13 s encode. */
const MEDIA_PLAYLIST = `#EXTM3U
#EXT-X-VERSION:7
#EXT-X-TARGETDURATION:6
#EXT-X-MEDIA-SEQUENCE:0
#EXT-X-PLAYLIST-TYPE:VOD
#EXT-X-MAP:URI="360p.mp4",BYTERANGE="1352@0"
#EXTINF:6.006000,
#EXT-X-BYTERANGE:339719@1352
360p.mp4
#EXTINF:6.006000,
#EXT-X-BYTERANGE:340409@341071
360p.mp4
#EXTINF:1.001000,
#EXT-X-BYTERANGE:56452@681480
360p.mp4
#EXT-X-ENDLIST
`;

describe('HLS master playlist', () => {
  it('lists the variants by bandwidth ascending, with every attribute players use', () => {
    expect(masterPlaylist([V1080, V360, V720])).to.equal(
      '#EXTM3U\n' +
        '#EXT-X-VERSION:7\n' +
        '#EXT-X-INDEPENDENT-SEGMENTS\n' +
        '#EXT-X-STREAM-INF:BANDWIDTH=453426,AVERAGE-BANDWIDTH=452828,RESOLUTION=640x360,FRAME-RATE=29.970,CODECS="avc1.64001e,mp4a.40.2",CLOSED-CAPTIONS=NONE\n' +
        '360p.m3u8\n' +
        '#EXT-X-STREAM-INF:BANDWIDTH=2745823,AVERAGE-BANDWIDTH=2669612,RESOLUTION=1280x720,FRAME-RATE=29.970,CODECS="avc1.64001f,mp4a.40.2",CLOSED-CAPTIONS=NONE\n' +
        '720p.m3u8\n' +
        '#EXT-X-STREAM-INF:BANDWIDTH=5272654,AVERAGE-BANDWIDTH=4999267,RESOLUTION=1920x1080,FRAME-RATE=25.000,CODECS="avc1.640028",CLOSED-CAPTIONS=NONE\n' +
        '1080p.m3u8\n',
    );
  });

  it('keeps the given order between equal bandwidths and writes a portrait size as it is', () => {
    const a = { ...V360, uri: 'a.m3u8', width: 360, height: 640 };
    const b = { ...V360, uri: 'b.m3u8' };
    expect(masterPlaylist([a, b]).split('\n')).to.deep.equal([
      '#EXTM3U',
      '#EXT-X-VERSION:7',
      '#EXT-X-INDEPENDENT-SEGMENTS',
      '#EXT-X-STREAM-INF:BANDWIDTH=453426,AVERAGE-BANDWIDTH=452828,RESOLUTION=360x640,FRAME-RATE=29.970,CODECS="avc1.64001e,mp4a.40.2",CLOSED-CAPTIONS=NONE',
      'a.m3u8',
      '#EXT-X-STREAM-INF:BANDWIDTH=453426,AVERAGE-BANDWIDTH=452828,RESOLUTION=640x360,FRAME-RATE=29.970,CODECS="avc1.64001e,mp4a.40.2",CLOSED-CAPTIONS=NONE',
      'b.m3u8',
      '',
    ]);
  });

  it('refuses what would make a broken playlist', () => {
    expect(() => masterPlaylist([])).to.throw('at least one variant');
    expect(() => masterPlaylist([{ ...V360, uri: 'a\nb' }])).to.throw('invalid variant URI');
    expect(() => masterPlaylist([{ ...V360, uri: '#x' }])).to.throw('invalid variant URI');
    expect(() => masterPlaylist([{ ...V360, codecs: 'avc1"' }])).to.throw('invalid CODECS');
    expect(() => masterPlaylist([{ ...V360, bandwidth: 0 }])).to.throw('360p.m3u8: bandwidths and size must be positive integers');
    expect(() => masterPlaylist([{ ...V360, width: 640.5 }])).to.throw('bandwidths and size must be positive integers');
    expect(() => masterPlaylist([{ ...V360, frameRate: 0 }])).to.throw('invalid frame rate');
  });
});

describe('media playlist bandwidth', () => {
  it('measures a real single-file playlist: peak segment and average, rounded up, init section left out', () => {
    expect(playlistBandwidth(MEDIA_PLAYLIST)).to.deep.equal({ peak: 453426, average: 452828 });
  });

  it('takes the peak over segments and the average over the whole duration', () => {
    const text = [
      '#EXTM3U',
      '#EXTINF:6.0,',
      '#EXT-X-BYTERANGE:750000@900',
      'v.mp4',
      '#EXTINF:6.0,',
      '#EXT-X-BYTERANGE:600000',
      'v.mp4',
      '#EXTINF:2.0,',
      '#EXT-X-BYTERANGE:100000',
      'v.mp4',
      '#EXT-X-ENDLIST',
    ].join('\r\n');
    expect(playlistBandwidth(text)).to.deep.equal({ peak: 1_000_000, average: 828_572 });
  });

  it('refuses a playlist without byte ranges or durations', () => {
    expect(() => playlistBandwidth('#EXTM3U\n#EXTINF:6.0,\nseg0.m4s\n')).to.throw('media segment "seg0.m4s" lacks a positive #EXTINF duration or an #EXT-X-BYTERANGE');
    expect(() => playlistBandwidth('#EXTM3U\n#EXT-X-BYTERANGE:100@0\nv.mp4\n')).to.throw('lacks a positive #EXTINF duration');
    expect(() => playlistBandwidth('#EXTM3U\n#EXTINF:0,\n#EXT-X-BYTERANGE:100@0\nv.mp4\n')).to.throw('lacks a positive #EXTINF duration');
    expect(() => playlistBandwidth('#EXTM3U\n#EXT-X-ENDLIST\n')).to.throw('no byte-ranged media segment');
    expect(() => playlistBandwidth('')).to.throw('no byte-ranged media segment');
  });
});

describe('RFC 6381 codec strings', () => {
  const cases: [string, number, string][] = [
    ['High', 31, 'avc1.64001f'],
    ['High', 40, 'avc1.640028'],
    ['High', 42, 'avc1.64002a'],
    ['High', 9, 'avc1.640009'],
    ['Main', 30, 'avc1.4d001e'],
    ['Baseline', 30, 'avc1.42001e'],
    ['Constrained Baseline', 21, 'avc1.42e015'],
    ['constrained baseline', 13, 'avc1.42e00d'],
  ];
  for (const [profile, level, codec] of cases) {
    it(`(${profile}, ${level}) → ${codec}`, () => {
      expect(avcCodecString(profile, level)).to.equal(codec);
    });
  }

  it('refuses profiles browsers do not play and bad levels', () => {
    expect(() => avcCodecString('High 10', 31)).to.throw('unsupported H.264 profile "High 10"');
    expect(() => avcCodecString('High 4:4:4 Predictive', 31)).to.throw('unsupported H.264 profile');
    expect(() => avcCodecString('High', 3.1)).to.throw('invalid H.264 level 3.1');
    expect(() => avcCodecString('High', 0)).to.throw('invalid H.264 level 0');
    expect(() => avcCodecString('High', 256)).to.throw('invalid H.264 level 256');
  });

  it('names AAC-LC', () => {
    expect(AAC_LC_CODEC).to.equal('mp4a.40.2');
  });
});
