import { expect } from 'chai';
import { EMBED_SANDBOX, sanitizeDescription, sanitizeHtmlAs } from '../../server/src/domain/html/html-sanitizer.js';

const REL = 'rel="noopener noreferrer nofollow"';
const FRAME_TAIL = `sandbox="${EMBED_SANDBOX}" referrerpolicy="strict-origin-when-cross-origin" loading="lazy"></iframe>`;

describe('HTML sanitizer', () => {
  describe('description policy', () => {
    const cases: [string, string][] = [
      ['<p>Hello <b>world</b></p>', '<p>Hello <b>world</b></p>'],
      ['<script>alert(1)</script>text', 'text'],
      ['<img src=x onerror=alert(1)>', ''],
      ['<p onclick="x()" style="color:red">p</p>', '<p>p</p>'],
      ['<a href="javascript:alert(1)">x</a>', `<a ${REL}>x</a>`],
      ['<a href="https://moodle.univ.fr" target="_blank" rel="opener">m</a>', `<a href="https://moodle.univ.fr" ${REL}>m</a>`],
      ['<iframe src="https://evil"></iframe><ul><li>a</li></ul>', '<ul><li>a</li></ul>'],
      ['5 < 6 & 7 > 3', '5 &lt; 6 &amp; 7 &gt; 3'],
    ];
    for (const [input, output] of cases) {
      it(`${input} → ${output}`, () => {
        expect(sanitizeDescription(input)).to.equal(output);
      });
    }
  });

  describe('richtext policy', () => {
    const cases: [string, string][] = [
      ['<h2>Plan</h2><table><tr><th scope="col">a</th></tr></table>', '<h2>Plan</h2><table><tr><th scope="col">a</th></tr></table>'],
      ['<img src="https://cdn.univ.fr/a.png" alt="Schéma" onerror="alert(1)">', '<img src="https://cdn.univ.fr/a.png" alt="Schéma" />'],
      ['<img src="http://cdn.univ.fr/a.png"><img src="data:image/png;base64,AAAA"><img src="/local.png">x', 'x'],
      ['<p style="width: expression(alert(1))">p</p><script>alert(1)</script>', '<p>p</p>'],
      ['<a href="javascript:alert(1)">x</a><a href="JaVaScRiPt:alert(1)">y</a>', `<a ${REL}>x</a><a ${REL}>y</a>`],
      ['<svg onload="alert(1)"><circle/></svg><form action="https://x"><input></form>ok', 'ok'],
    ];
    for (const [input, output] of cases) {
      it(`${input} → ${output}`, () => {
        expect(sanitizeHtmlAs('richtext', input)).to.equal(output);
      });
    }
  });

  describe('overlay policy', () => {
    it('keeps inline formatting and links, drops blocks, images and scripts', () => {
      expect(sanitizeHtmlAs('overlay', '<h1>Titre</h1><p><b>Gras</b> <a href="https://u.fr" onclick="x()">lien</a></p><img src=x onerror=alert(1)><script>alert(1)</script>')).to.equal(
        `Titre<p><b>Gras</b> <a href="https://u.fr" ${REL}>lien</a></p>`,
      );
      expect(sanitizeHtmlAs('overlay', '<span style="background:url(javascript:alert(1))">s</span>')).to.equal('<span>s</span>');
    });
  });

  describe('embed policy', () => {
    it('keeps one https iframe with safe attributes, sandboxed, and nothing around it', () => {
      const input =
        '<div>Look: <iframe src="https://www.youtube.com/embed/x" width="560" height="315" title="Cours" allow="autoplay; encrypted-media" allowfullscreen onload="alert(1)" style="x" srcdoc="<script>alert(1)</script>"></iframe></div><iframe src="https://second.example/"></iframe><script>alert(1)</script>';
      expect(sanitizeHtmlAs('embed', input)).to.equal(
        `<iframe src="https://www.youtube.com/embed/x" width="560" height="315" title="Cours" allow="autoplay; encrypted-media" allowfullscreen ${FRAME_TAIL}`,
      );
    });

    it('replaces a sandbox given by the author with ours, and drops odd sizes', () => {
      expect(sanitizeHtmlAs('embed', '<iframe src="https://a.fr/p" sandbox="allow-top-navigation" width="100px;x"></iframe>')).to.equal(`<iframe src="https://a.fr/p" ${FRAME_TAIL}`);
    });

    const refused = [
      '<iframe src="http://insecure.example/"></iframe>',
      '<iframe src="javascript:alert(1)"></iframe>',
      '<iframe src="data:text/html,<script>alert(1)</script>"></iframe>',
      '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
      '<iframe src="//protocol-relative.example/"></iframe>',
      '<iframe src="/same-origin/page"></iframe>',
      '<script>alert(1)</script>',
      '<object data="https://x.fr/a.swf"></object>',
      'just text',
    ];
    for (const input of refused) {
      it(`refuses ${input}`, () => {
        expect(sanitizeHtmlAs('embed', input)).to.equal('');
      });
    }
  });
});
