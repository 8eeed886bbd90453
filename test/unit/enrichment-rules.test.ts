import { expect } from 'chai';
import { detectDocument, detectImage } from '../../server/src/domain/enrichments/file-kinds.js';
import { languageName, languageOfStream, normaliseLanguageTag } from '../../server/src/domain/enrichments/language.js';
import { checkSpan, findOverlap, formatTime, parseTime } from '../../server/src/domain/enrichments/time-range.js';
import { checkedWeblink } from '../../server/src/domain/enrichments/enrichment-payload.js';

const bytes = (...parts: (string | number[])[]) => Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? [...Buffer.from(part, 'latin1')] : part)));

describe('enrichment rules', () => {
  describe('times typed by people', () => {
    const read: [string, number][] = [
      ['0', 0],
      ['90', 90],
      ['90.5', 90.5],
      ['90,25', 90.25],
      ['1:30', 90],
      ['01:30.250', 90.25],
      ['75:00', 4500],
      ['1:02:03', 3723],
      ['01:02:03.5', 3723.5],
      ['  2:05,125 ', 125.125],
    ];
    for (const [text, seconds] of read) {
      it(`reads "${text}" as ${seconds} s`, () => {
        expect(parseTime(text)).to.equal(seconds);
      });
    }
    for (const text of ['', 'abc', '-5', '1:60', '1:60:00', '1:02:60', '1::2', '1:2:3:4', '12.3456', '0.0004', '1e3', '99999999', 'Infinity']) {
      it(`refuses "${text}"`, () => {
        expect(parseTime(text)).to.equal(null);
      });
    }
    it('writes times back in a form it reads', () => {
      expect([0, 5, 65, 90.25, 3723, 3723.5, 36000].map(formatTime)).to.deep.equal(['0:00', '0:05', '1:05', '1:30.250', '1:02:03', '1:02:03.500', '10:00:00']);
      for (const seconds of [0, 5, 65, 90.25, 3723.5]) expect(parseTime(formatTime(seconds))).to.equal(seconds);
    });
  });

  describe('spans and overlaps', () => {
    const items = [
      { id: 1, start: 10, end: 20 },
      { id: 2, start: 30, end: 40 },
    ];
    it('finds the item a span meets; touching ends do not overlap (half-open, as numrange)', () => {
      expect(findOverlap(items, { start: 15, end: 25 })?.id).to.equal(1);
      expect(findOverlap(items, { start: 0, end: 100 })?.id).to.equal(1);
      expect(findOverlap(items, { start: 35, end: 36 })?.id).to.equal(2);
      expect(findOverlap(items, { start: 20, end: 30 })).to.equal(null);
      expect(findOverlap(items, { start: 0, end: 10 })).to.equal(null);
    });
    it('ignores the item being edited', () => {
      expect(findOverlap(items, { start: 12, end: 25 }, 1)).to.equal(null);
      expect(findOverlap(items, { start: 12, end: 31 }, 1)?.id).to.equal(2);
    });
    it('checks start < end ≤ duration', () => {
      expect(checkSpan({ start: 0, end: 10 }, 10)).to.equal(null);
      expect(checkSpan({ start: 0, end: 10 }, null)).to.equal(null);
      expect(checkSpan({ start: 5, end: 5 }, 10)).to.deep.equal({ field: 'end', code: 'invalid_time_range' });
      expect(checkSpan({ start: 6, end: 5 }, null)).to.deep.equal({ field: 'end', code: 'invalid_time_range' });
      expect(checkSpan({ start: 0, end: 10.001 }, 10)).to.deep.equal({ field: 'end', code: 'time_beyond_duration' });
    });
  });

  describe('file types by their first bytes', () => {
    it('recognises images, whatever their name', () => {
      expect(detectImage(bytes([0xff, 0xd8, 0xff, 0xe0]))?.mime).to.equal('image/jpeg');
      expect(detectImage(bytes([0x89], 'PNG\r\n\x1a\n'))?.extension).to.equal('png');
      expect(detectImage(bytes('GIF89a'))?.mime).to.equal('image/gif');
      expect(detectImage(bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '))?.mime).to.equal('image/webp');
      expect(detectImage(bytes('RIFF', [1, 2, 3, 4], 'WAVEfmt '))).to.equal(null);
      expect(detectImage(bytes('<svg xmlns="http://www.w3.org/2000/svg">'))).to.equal(null);
      expect(detectImage(bytes('%PDF-1.7'))).to.equal(null);
    });
    it('recognises documents and checks that the content matches the name', () => {
      expect(detectDocument(bytes('%PDF-1.7\n'), 'cours.bin')).to.deep.equal({ mime: 'application/pdf', extension: 'pdf' });
      expect(detectDocument(bytes('PK\x03\x04'), 'td.odt')?.mime).to.equal('application/vnd.oasis.opendocument.text');
      expect(detectDocument(bytes('PK\x03\x04'), 'notes.DOCX')?.extension).to.equal('docx');
      expect(detectDocument(bytes('PK\x03\x04'), 'archive.jar')).to.deep.equal({ mime: 'application/zip', extension: 'zip' });
      expect(detectDocument(bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'old.doc')?.mime).to.equal('application/msword');
      expect(detectDocument(bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'old.exe')).to.equal(null);
      expect(detectDocument(Uint8Array.from(Buffer.from('Énoncé du TD\n')), 'td.txt')?.mime).to.equal('text/plain; charset=utf-8');
      expect(detectDocument(Uint8Array.from(Buffer.from('Énoncé')).subarray(0, 1), 'cut.txt')).to.equal(null);
      expect(detectDocument(Uint8Array.from([...Buffer.from('ab'), 0xc3]), 'cut-at-the-end.txt', 5000)?.extension).to.equal('txt');
      expect(detectDocument(bytes('MZ\x90\x00'), 'setup.txt')).to.equal(null);
      expect(detectDocument(bytes('#!/bin/sh\nrm -rf /\n'), 'script.sh')).to.equal(null);
      expect(detectDocument(bytes([0xff, 0xd8, 0xff, 0xe0]), 'photo.pdf')).to.equal(null);
    });
  });

  describe('languages and links', () => {
    it('normalises language tags and names languages in their own language', () => {
      expect(['FR', 'pt-br', 'pt_BR', 'zh-hant', 'es-419', 'french', 'f', 'fr-BR-x'].map(normaliseLanguageTag)).to.deep.equal(['fr', 'pt-BR', 'pt-BR', 'zh-Hant', 'es-419', null, null, null]);
      expect(['fre', 'fra', 'eng', 'ger', 'und', null, 'en', 'xyz1'].map(languageOfStream)).to.deep.equal(['fr', 'fr', 'en', 'de', null, null, 'en', null]);
      expect([languageName('fr'), languageName('en'), languageName('pt-BR'), languageName('en', 'fr')]).to.deep.equal(['Français', 'English', 'Português (Brasil)', 'Anglais']);
    });
    it('keeps http(s) links only', () => {
      expect(checkedWeblink(' https://moodle.univ.fr/course/view.php?id=3 ')).to.equal('https://moodle.univ.fr/course/view.php?id=3');
      expect(checkedWeblink('http://example.org')).to.equal('http://example.org/');
      for (const bad of ['javascript:alert(1)', 'data:text/html,x', 'ftp://x.org/f', '/relative', 'moodle.univ.fr', 'https://']) {
        expect(() => checkedWeblink(bad), bad).to.throw().with.property('code', 'enrichment_invalid_weblink');
      }
    });
  });
});
