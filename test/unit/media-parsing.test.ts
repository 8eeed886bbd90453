import { expect } from 'chai';
import { parseRange } from '../../server/src/http/media/byte-range.js';
import { etagOf, httpDate, ifRangeHolds, isNotModified } from '../../server/src/http/media/conditional-get.js';
import { mediaTypeOf } from '../../server/src/http/media/content-types.js';
import { isPublicGrant, mediaCacheControl } from '../../server/src/http/media/media-cache-control.js';
import { isImmutableKey, parseMediaKey, parseMediaTarget, redactMediaPath, splitMediaUrl } from '../../server/src/http/media/media-url.js';

describe('media delivery: pure rules', () => {
  describe('Range header', () => {
    const cases: [string | undefined, number, ReturnType<typeof parseRange>][] = [
      [undefined, 1000, { kind: 'none' }],
      ['bytes=0-99', 1000, { kind: 'range', start: 0, end: 99 }],
      ['bytes=500-', 1000, { kind: 'range', start: 500, end: 999 }],
      ['bytes=-100', 1000, { kind: 'range', start: 900, end: 999 }],
      ['bytes=-5000', 1000, { kind: 'range', start: 0, end: 999 }],
      ['bytes=900-5000', 1000, { kind: 'range', start: 900, end: 999 }],
      ['Bytes = 1-1', 1000, { kind: 'range', start: 1, end: 1 }],
      ['bytes=999-999', 1000, { kind: 'range', start: 999, end: 999 }],
      ['bytes=1000-', 1000, { kind: 'unsatisfiable' }],
      ['bytes=1000-2000', 1000, { kind: 'unsatisfiable' }],
      ['bytes=-0', 1000, { kind: 'unsatisfiable' }],
      ['bytes=0-', 0, { kind: 'unsatisfiable' }],
      ['bytes=-10', 0, { kind: 'unsatisfiable' }],
      ['bytes=0-1,5-6', 1000, { kind: 'multiple' }],
      ['bytes=0-1, 5-', 1000, { kind: 'multiple' }],
      ['bytes=0-1,x', 1000, { kind: 'none' }],
      ['bytes=5-3', 1000, { kind: 'none' }],
      ['bytes=-', 1000, { kind: 'none' }],
      ['bytes=', 1000, { kind: 'none' }],
      ['bytes=a-b', 1000, { kind: 'none' }],
      ['bytes=1.5-2', 1000, { kind: 'none' }],
      ['items=0-1', 1000, { kind: 'none' }],
      ['bytes 0-1', 1000, { kind: 'none' }],
      ['bytes=0-1,', 1000, { kind: 'range', start: 0, end: 1 }],
    ];
    for (const [header, size, expected] of cases) {
      it(`${JSON.stringify(header)} of ${size} bytes → ${JSON.stringify(expected)}`, () => {
        expect(parseRange(header, size)).to.deep.equal(expected);
      });
    }
  });

  describe('media URLs and keys', () => {
    it('splits the grant from the rest and drops the query string', () => {
      expect(splitMediaUrl('/media/g1.a/media-x/hls/master.m3u8?x=1')).to.deep.equal({ grant: 'g1.a', rest: 'media-x/hls/master.m3u8' });
      expect(splitMediaUrl('/media/g1.a')).to.deep.equal({ grant: 'g1.a', rest: '' });
      expect(splitMediaUrl('/media//x')).to.deep.equal({ grant: '', rest: 'x' });
      expect(splitMediaUrl('/api/v1/videos')).to.equal(null);
      expect(splitMediaUrl('/mediafoo/x')).to.equal(null);
    });

    it('accepts the keys Lectern makes', () => {
      for (const key of ['media-0d1c-4e/hls/master.m3u8', 'media-ab12/hls/360p.mp4', 'media-ab12/mp4/720p.mp4', 'media-ab12/thumbnails/0.jpg', 'tracks/fr-3.vtt', 'enrichments/slides_2.pdf', 'media-a/b/c/d/e.txt']) {
        expect(parseMediaKey(key), key).to.equal(key);
      }
    });

    it('refuses traversal, dotfiles, encodings, backslashes, empty segments and other folders', () => {
      const refused = [
        '', 'media-ab12', 'media-ab12/', 'media-ab12//x.mp4', '/media-ab12/x.mp4', 'media-ab12/../1/source/a.mp4', '../2/media-x/a.mp4',
        'media-ab12/%2e%2e/x', 'media-ab12/..%2fx', 'media-ab12%2fhls/x.m3u8', 'media-ab12/hls\\x.m3u8', 'media-ab12/.hidden', 'tracks/.htaccess',
        'media-ab12/a..b', 'media-ab12/hls/./x', 'source/talk.mp4', '.work-1-1/x.mp4', 'media-/x', 'media-a.b/x', 'tracks/a b.vtt', 'tracks/é.vtt',
        'media-a/b/c/d/e/f.txt', `tracks/${'a'.repeat(129)}`,
      ];
      for (const key of refused) expect(parseMediaKey(key), key).to.equal(null);
    });

    it('reads the video id before the key, refusing ids that are not plain positive numbers', () => {
      expect(parseMediaTarget('42/media-ab12/hls/master.m3u8')).to.deep.equal({ videoId: 42, key: 'media-ab12/hls/master.m3u8' });
      for (const rest of ['media-ab12/hls/master.m3u8', '0/tracks/a.vtt', '042/tracks/a.vtt', '-1/tracks/a.vtt', '12345678901/tracks/a.vtt', '42', '42/', '42/../1/tracks/a.vtt', '4%32/tracks/a.vtt']) {
        expect(parseMediaTarget(rest), rest).to.equal(null);
      }
    });

    it('knows which keys never change and hides grants from logs', () => {
      expect([isImmutableKey('media-ab/hls/x.m3u8'), isImmutableKey('tracks/fr.vtt'), isImmutableKey('enrichments/a.pdf')]).to.deep.equal([true, false, false]);
      expect(redactMediaPath('/media/g1.5.2.x.sig/media-a/hls/master.m3u8')).to.equal('/media/<redacted>/media-a/hls/master.m3u8');
      expect(redactMediaPath('/media/g1.5.2.x.sig')).to.equal('/media/<redacted>');
      expect(redactMediaPath('/api/v1/videos')).to.equal('/api/v1/videos');
      expect(redactMediaPath('/MEDIA/g1.5.2.x.sig/a')).to.equal('/media/<redacted>/a');
    });
  });

  describe('validators and conditional requests', () => {
    const mtimeMs = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
    const etag = etagOf(1_500_000, mtimeMs);

    it('makes nginx-style ETags and HTTP dates', () => {
      expect(etag).to.equal(`"${(Date.UTC(2026, 0, 2, 3, 4, 5) / 1000).toString(16)}-16e360"`);
      expect(httpDate(mtimeMs)).to.equal('Fri, 02 Jan 2026 03:04:05 GMT');
    });

    it('answers 304 on a matching If-None-Match, else on If-Modified-Since', () => {
      expect(isNotModified(etag, undefined, etag, mtimeMs)).to.equal(true);
      expect(isNotModified(`"x", W/${etag}`, undefined, etag, mtimeMs)).to.equal(true);
      expect(isNotModified('*', undefined, etag, mtimeMs)).to.equal(true);
      expect(isNotModified('"other"', httpDate(mtimeMs), etag, mtimeMs)).to.equal(false);
      expect(isNotModified(undefined, httpDate(mtimeMs), etag, mtimeMs)).to.equal(true);
      expect(isNotModified(undefined, httpDate(mtimeMs - 1000), etag, mtimeMs)).to.equal(false);
      expect(isNotModified(undefined, 'yesterday', etag, mtimeMs)).to.equal(false);
      expect(isNotModified(undefined, undefined, etag, mtimeMs)).to.equal(false);
    });

    it('honours a Range only when If-Range names the current file strongly', () => {
      expect(ifRangeHolds(undefined, etag, mtimeMs)).to.equal(true);
      expect(ifRangeHolds(etag, etag, mtimeMs)).to.equal(true);
      expect(ifRangeHolds(`W/${etag}`, etag, mtimeMs)).to.equal(false);
      expect(ifRangeHolds('"other"', etag, mtimeMs)).to.equal(false);
      expect(ifRangeHolds(httpDate(mtimeMs), etag, mtimeMs)).to.equal(true);
      expect(ifRangeHolds(httpDate(mtimeMs + 1000), etag, mtimeMs)).to.equal(false);
      expect(ifRangeHolds('garbage', etag, mtimeMs)).to.equal(false);
    });
  });

  describe('content types', () => {
    it('serves media, subtitles, images and documents as what they are', () => {
      const types = ['a.m3u8', 'a.mp4', 'a.m4s', 'a.m4a', 'a.mp3', 'a.vtt', 'a.JPG', 'a.png', 'a.webp', 'a.gif', 'a.pdf'].map((name) => mediaTypeOf(name).contentType);
      expect(types).to.deep.equal(['application/vnd.apple.mpegurl', 'video/mp4', 'video/iso.segment', 'audio/mp4', 'audio/mpeg', 'text/vtt; charset=utf-8', 'image/jpeg', 'image/png', 'image/webp', 'image/gif', 'application/pdf']);
    });

    it('sandboxes SVG and makes office documents and unknown files downloads', () => {
      expect(mediaTypeOf('a.svg')).to.deep.equal({ contentType: 'image/svg+xml', attachment: false, csp: "default-src 'none'; style-src 'unsafe-inline'; sandbox" });
      expect(mediaTypeOf('a.docx')).to.include({ contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', attachment: true });
      expect(mediaTypeOf('a.odp')).to.include({ attachment: true });
      expect(mediaTypeOf('a.html')).to.deep.equal({ contentType: 'application/octet-stream', attachment: true, csp: null });
      expect(mediaTypeOf('noextension')).to.include({ contentType: 'application/octet-stream', attachment: true });
    });
  });

  describe('Cache-Control', () => {
    it('tells public grants from others by their remaining lifetime', () => {
      expect(isPublicGrant(21_600 + 2700, 21_600)).to.equal(false);
      expect(isPublicGrant(21_600 + 2701, 21_600)).to.equal(true);
      expect(isPublicGrant(120, 60)).to.equal(false);
      expect(isPublicGrant(121, 60)).to.equal(true);
    });

    it('never lets a cache keep a response past its grant', () => {
      expect(mediaCacheControl(604_000.7, true, true)).to.equal('public, max-age=604000, immutable');
      expect(mediaCacheControl(20_000, false, true)).to.equal('private, max-age=3600, immutable');
      expect(mediaCacheControl(59.5, false, true)).to.equal('private, max-age=59, immutable');
      expect(mediaCacheControl(604_000, true, false)).to.equal('public, max-age=60');
      expect(mediaCacheControl(30, false, false)).to.equal('private, max-age=30');
      expect(mediaCacheControl(-3, false, true)).to.equal('private, max-age=0, immutable');
    });
  });
});
