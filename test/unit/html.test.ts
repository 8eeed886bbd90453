import { expect } from 'chai';
import { html, raw } from '../../server/src/http/views/html.js';

describe('html templates', () => {
  it('escapes interpolated values', () => {
    expect(html`<p title="${'"><script>'}">${"<b>&'`"}</p>`.value).to.equal('<p title="&quot;&gt;&lt;script&gt;">&lt;b&gt;&amp;&#39;&#96;</p>');
  });

  it('nests templates and arrays without escaping them twice', () => {
    const items = ['a<', 'b'].map((item) => html`<li>${item}</li>`);
    expect(html`<ul>${items}</ul>`.value).to.equal('<ul><li>a&lt;</li><li>b</li></ul>');
  });

  it('drops null, undefined and false; keeps 0', () => {
    expect(html`${null}${undefined}${false}${0}`.value).to.equal('0');
  });

  it('passes raw markup through', () => {
    expect(html`<div>${raw('<em>ok</em>')}</div>`.value).to.equal('<div><em>ok</em></div>');
  });
});
