import { expect } from 'chai';
import { TEXT_KEYS } from '../../player/src/player/text-keys.js';
import { createTexts } from '../../player/src/player/texts.js';
import { fileTypeLabel, isSafeLink, linkHost } from '../../player/src/player/enrichment-format.js';
import { formatTime } from '../../player/src/player/format-time.js';
import { playerEn } from '../../server/src/http/i18n/player.en.js';
import { playerFr } from '../../server/src/http/i18n/player.fr.js';

describe('player texts', () => {
  it('has every text the player uses in English and French', () => {
    for (const key of TEXT_KEYS) {
      expect(playerEn, key).to.have.property(`player.${key}`);
      expect(playerFr, key).to.have.property(`player.${key}`);
    }
  });

  it('fills placeholders and shows the key of a missing text', () => {
    const texts = createTexts({ qualityAutoPlaying: 'Auto ({quality})', speed: 'Speed {rate}× {other}' });
    expect(texts('qualityAutoPlaying', { quality: '720p' })).to.equal('Auto (720p)');
    expect(texts('speed', { rate: 1.5 })).to.equal('Speed 1.5× {other}');
    expect(texts('chapters')).to.equal('chapters');
    expect(createTexts({ toString: 'x' })('quality')).to.equal('quality');
  });

  it('writes times', () => {
    expect(formatTime(0)).to.equal('0:00');
    expect(formatTime(5.9)).to.equal('0:05');
    expect(formatTime(90)).to.equal('1:30');
    expect(formatTime(3723)).to.equal('1:02:03');
    expect(formatTime(Number.NaN)).to.equal('0:00');
    expect(formatTime(-3)).to.equal('0:00');
  });

  it('names document types and link hosts', () => {
    expect(fileTypeLabel('application/pdf', 'slides.pdf')).to.equal('PDF');
    expect(fileTypeLabel('application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'a.docx')).to.equal('Word');
    expect(fileTypeLabel('application/vnd.oasis.opendocument.spreadsheet', 'a.ods')).to.equal('Spreadsheet');
    expect(fileTypeLabel('application/vnd.ms-powerpoint', null)).to.equal('Slides');
    expect(fileTypeLabel('application/octet-stream', 'drawing.odg')).to.equal('ODG');
    expect(fileTypeLabel('image/png', null)).to.equal('PNG');
    expect(fileTypeLabel(null, null)).to.equal('');
    expect(linkHost('https://www.example.org/page?q=1')).to.equal('example.org');
    expect(linkHost('javascript:alert(1)')).to.equal('');
    expect(linkHost('/relative')).to.equal('');
    expect(isSafeLink('https://example.org')).to.equal(true);
    expect(isSafeLink('/docs/a.pdf')).to.equal(true);
    expect(isSafeLink('//evil.example')).to.equal(false);
    expect(isSafeLink('javascript:alert(1)')).to.equal(false);
    expect(isSafeLink('data:text/html,x')).to.equal(false);
  });
});
