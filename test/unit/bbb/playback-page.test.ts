import { expect } from 'chai';
import { isRecordingMediaUrl, parsePlaybackPage, urlExtension } from '../../../server/src/domain/meetings/playback-page.js';

const PAGE = 'https://bbb.example.edu/playback/video/0123abcd-1700000000000/';

/** BBB's index.html.erb as bbb-playback-video renders it (two formats, two captions, chat). */
const BBB_INDEX = `<!DOCTYPE html>
<html>
  <head>
    <meta charset="UTF-8">
    <title>Chimie &amp; physique</title>
    <link rel="stylesheet" href="css/normalize.css">
    <script src="video-js/video.min.js"></script>
    <script src="js/video.js"></script>
  </head>
  <body>
    <main>
      <div id="video-area">
        <video id="video" class="video-js vjs-fill vjs-default-skin vjs-big-play-centered" controls>
              <source src="video-0.m4v" type="video/mp4">
              <source src="video-1.webm" type="video/webm">
              <track kind="captions" label="Français" src="caption_fr.vtt" srclang="fr">
              <track kind="captions" label="English (United States)" src="caption_en_US.vtt" srclang="en_US">
        </video>
      </div>
    </main>
    <footer>Recorded with <a href="http://bigbluebutton.org">BigBlueButton</a>.</footer>
  </body>
</html>`;

describe('BBB playback page parsing', () => {
  it('finds the first video source and the caption files of BBB’s index.html, relative to the page', () => {
    const media = parsePlaybackPage(BBB_INDEX, PAGE);
    expect(media.videoUrl).to.equal(`${PAGE}video-0.m4v`);
    expect(media.fromPage).to.equal(true);
    expect(media.captions).to.deep.equal([
      { url: `${PAGE}caption_fr.vtt`, locale: 'fr', label: 'Français' },
      { url: `${PAGE}caption_en_US.vtt`, locale: 'en_US', label: 'English (United States)' },
    ]);
  });

  it('resolves absolute, root-relative and protocol-relative URLs, and decodes entities in attributes', () => {
    const html = `<video>
      <source src="/video/abc/video-0.mp4?a=1&amp;b=2" type="video/mp4">
      <track src="//cdn.example.org/captions/caption_pt-BR.vtt" label="Português">
      <track src="https://other.example.net/caption_de.vtt">
    </video>`;
    const media = parsePlaybackPage(html, 'https://scalelite.example.fr/playback/video/abc/');
    expect(media.videoUrl).to.equal('https://scalelite.example.fr/video/abc/video-0.mp4?a=1&b=2');
    expect(media.captions.map((c) => [c.url, c.locale, c.label])).to.deep.equal([
      ['https://cdn.example.org/captions/caption_pt-BR.vtt', 'pt-BR', 'Português'],
      ['https://other.example.net/caption_de.vtt', 'de', null],
    ]);
  });

  it('skips sources that are not video files we accept (audio, HLS, other schemes), with single quotes and upper case', () => {
    const html = `<VIDEO><SOURCE SRC='audio.ogg' TYPE='audio/ogg'><source src="live.m3u8"><source src="javascript:alert(1).mp4">
      <source type="video/webm" src='video-0.WEBM'></VIDEO>`;
    expect(parsePlaybackPage(html, PAGE).videoUrl).to.equal(`${PAGE}video-0.WEBM`);
  });

  it('falls back to video-0.m4v next to the page when no source is usable', () => {
    const media = parsePlaybackPage('<html><body><video controls></video></body></html>', PAGE);
    expect(media).to.deep.equal({ videoUrl: `${PAGE}video-0.m4v`, fromPage: false, captions: [] });
  });

  it('ignores tags in comments and scripts, tracks that are not caption_<locale>.vtt, and a second file for the same locale', () => {
    const html = `<!-- <source src="old.mp4"> --><script>var s = '<source src="fake.mp4">';</script>
      <video><track src="chapters.vtt" kind="chapters"><track src="caption_fr.vtt"><track src="sub/caption_FR.vtt"><track src="caption_.vtt"></video>`;
    const media = parsePlaybackPage(html, PAGE);
    expect(media.fromPage).to.equal(false);
    expect(media.captions.map((c) => c.url)).to.deep.equal([`${PAGE}caption_fr.vtt`]);
  });

  it('resolves inside <id>/ when the page was served at …/<id> without a final slash (and not redirected)', () => {
    const bare = 'https://bbb.example.edu/playback/video/0123abcd-1700000000000';
    const media = parsePlaybackPage(BBB_INDEX, bare);
    expect(media.videoUrl).to.equal(`${bare}/video-0.m4v`);
    expect(media.captions.map((c) => c.url)).to.deep.equal([`${bare}/caption_fr.vtt`, `${bare}/caption_en_US.vtt`]);
    expect(parsePlaybackPage('<video></video>', `${bare}?token=abc`)).to.deep.equal({ videoUrl: `${bare}/video-0.m4v`, fromPage: false, captions: [] });
    // Root-relative and absolute references are the page's own.
    expect(parsePlaybackPage('<source src="/video/x/video-0.mp4">', bare).videoUrl).to.equal('https://bbb.example.edu/video/x/video-0.mp4');
  });

  it('resolves next to the page it was redirected to (BBB’s 301 to <id>/, Scalelite’s 307 to /video/<id>/), and next to a named page', () => {
    // fetchSmall hands over the URL the page was finally served from.
    expect(parsePlaybackPage('<video></video>', 'https://scalelite.example.fr/video/abc/').videoUrl).to.equal('https://scalelite.example.fr/video/abc/video-0.m4v');
    expect(parsePlaybackPage(BBB_INDEX, `${PAGE}index.html`).captions[0]!.url).to.equal(`${PAGE}caption_fr.vtt`);
    expect(parsePlaybackPage('<video></video>', `${PAGE}index.html`).videoUrl).to.equal(`${PAGE}video-0.m4v`);
  });

  it('tells media URLs by their extension, ignoring the query', () => {
    expect(isRecordingMediaUrl('https://h/video/x/video-0.m4v?token=abc')).to.equal(true);
    expect(isRecordingMediaUrl('https://h/recording/x/video?token=abc')).to.equal(false);
    expect(isRecordingMediaUrl('https://h/playback/video/x/')).to.equal(false);
    expect(urlExtension('https://h/a.b/file.MKV')).to.equal('mkv');
    expect(urlExtension('https://h/a.b/file')).to.equal('');
  });
});
