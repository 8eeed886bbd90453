import { expect } from 'chai';
import { sanitizeDescription } from '../../server/src/domain/videos/description-sanitizer.js';

describe('description sanitizer', () => {
  const cases: [string, string][] = [
    ['<p>Hello <b>world</b></p>', '<p>Hello <b>world</b></p>'],
    ['<script>alert(1)</script>text', 'text'],
    ['<img src=x onerror=alert(1)>', ''],
    ['<p onclick="x()" style="color:red">p</p>', '<p>p</p>'],
    ['<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer nofollow">x</a>'],
    ['<a href="https://moodle.univ.fr" target="_blank" rel="opener">m</a>', '<a href="https://moodle.univ.fr" rel="noopener noreferrer nofollow">m</a>'],
    ['<iframe src="https://evil"></iframe><ul><li>a</li></ul>', '<ul><li>a</li></ul>'],
    ['5 < 6 & 7 > 3', '5 &lt; 6 &amp; 7 &gt; 3'],
  ];
  for (const [input, output] of cases) {
    it(`${input} → ${output}`, () => {
      expect(sanitizeDescription(input)).to.equal(output);
    });
  }
});
