import { expect } from 'chai';
import { parseStoryboardVtt, resolveUrl, tileAt, vttTimestamp } from '../../player/src/player/storyboard-vtt.js';

const VTT = [
  'WEBVTT',
  '',
  '00:00:00.000 --> 00:00:04.000',
  'sprite.jpg#xywh=0,0,160,90',
  '',
  '1',
  '00:00:04.000 --> 00:00:08.000',
  'sprite.jpg#xywh=160,0,160,90',
  '',
  'NOTE a comment',
  '',
  '00:00:08.000 --> 00:00:12.500',
  '../other/sheet-2.jpg#xywh=0,90,160,90',
  '',
  '00:12.500 --> 00:20.000',
  'not a tile',
  '',
].join('\r\n');

describe('player storyboard VTT', () => {
  it('reads WebVTT timestamps', () => {
    expect(vttTimestamp('00:01:02.500')).to.equal(62.5);
    expect(vttTimestamp('01:02.250')).to.equal(62.25);
    expect(vttTimestamp('1:00:00.000')).to.equal(3600);
  });

  it('resolves image URLs against the VTT, staying root-relative on our origin', () => {
    expect(resolveUrl('sprite.jpg', '/media/g/media-12/storyboard/storyboard.vtt')).to.equal('/media/g/media-12/storyboard/sprite.jpg');
    expect(resolveUrl('../x.jpg?v=2', '/media/g/media-12/storyboard/storyboard.vtt')).to.equal('/media/g/media-12/x.jpg?v=2');
    expect(resolveUrl('/abs.jpg', '/media/g/s.vtt')).to.equal('/abs.jpg');
    expect(resolveUrl('https://cdn.example/s.jpg', '/media/g/s.vtt')).to.equal('https://cdn.example/s.jpg');
    expect(resolveUrl('s.jpg', 'https://cdn.example/a/s.vtt')).to.equal('https://cdn.example/a/s.jpg');
  });

  it('parses the tiles and skips cues that are not tiles', () => {
    expect(parseStoryboardVtt(VTT, '/media/g/media-12/storyboard/storyboard.vtt')).to.deep.equal([
      { start: 0, end: 4, image: '/media/g/media-12/storyboard/sprite.jpg', x: 0, y: 0, width: 160, height: 90 },
      { start: 4, end: 8, image: '/media/g/media-12/storyboard/sprite.jpg', x: 160, y: 0, width: 160, height: 90 },
      { start: 8, end: 12.5, image: '/media/g/media-12/other/sheet-2.jpg', x: 0, y: 90, width: 160, height: 90 },
    ]);
    expect(parseStoryboardVtt('', '/s.vtt')).to.deep.equal([]);
  });

  it('finds the tile at a time, keeping the last one past the end', () => {
    const tiles = parseStoryboardVtt(VTT, '/s/storyboard.vtt');
    expect(tileAt(tiles, 0)?.x).to.equal(0);
    expect(tileAt(tiles, 3.99)?.x).to.equal(0);
    expect(tileAt(tiles, 4)?.x).to.equal(160);
    expect(tileAt(tiles, 12.4)?.y).to.equal(90);
    expect(tileAt(tiles, 30)?.y).to.equal(90);
    expect(tileAt(tiles, -1)).to.equal(null);
    expect(tileAt([], 3)).to.equal(null);
    const gappy = [
      { start: 0, end: 2, image: '/a.jpg', x: 0, y: 0, width: 1, height: 1 },
      { start: 4, end: 6, image: '/a.jpg', x: 1, y: 0, width: 1, height: 1 },
    ];
    expect(tileAt(gappy, 3)).to.equal(null);
  });
});
