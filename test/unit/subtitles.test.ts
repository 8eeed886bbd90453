import { expect } from 'chai';
import { checkWebVtt, readSubtitleFile, SubtitleError, srtToWebVtt, type SubtitleProblem } from '../../server/src/domain/enrichments/subtitles.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

function refusal(text: string | Uint8Array, filename = 'subs.vtt'): { problem: SubtitleProblem; line: number } {
  try {
    readSubtitleFile(typeof text === 'string' ? utf8(text) : text, filename);
  } catch (error) {
    if (error instanceof SubtitleError) return { problem: error.problem, line: error.line };
    throw error;
  }
  throw new Error('accepted');
}

describe('subtitles: WebVTT checks', () => {
  it('accepts a WebVTT file with a header, notes, styles, identifiers and hour-less timings; normalises it', () => {
    const input = '\uFEFFWEBVTT - Cours 1\r\nKind: captions\r\n\r\nSTYLE\r\n::cue { color: yellow }\r\n\r\nNOTE relu par A.\r\n\r\nintro\r\n00:00.500 --> 00:02.000 align:start\r\n<v Prof>Bonjour</v>\r\n\r\n01:00:02.500 --> 01:00:04.000\r\nà tous';
    const file = readSubtitleFile(utf8(input), 'cours.vtt');
    expect(file).to.deep.equal({
      vtt: 'WEBVTT - Cours 1\nKind: captions\n\nSTYLE\n::cue { color: yellow }\n\nNOTE relu par A.\n\nintro\n00:00.500 --> 00:02.000 align:start\n<v Prof>Bonjour</v>\n\n01:00:02.500 --> 01:00:04.000\nà tous\n',
      cueCount: 2,
      format: 'vtt',
    });
  });

  it('accepts a cue that ends when it starts, and identifiers that look like times', () => {
    expect(checkWebVtt('WEBVTT\n\n00:00:01.000 --> 00:00:01.000\nflash\n')).to.equal(1);
    expect(checkWebVtt('WEBVTT\n\n1:00 Introduction\n00:01:00.000 --> 00:01:02.000\nBonjour\n')).to.equal(1);
  });

  const refused: [string, string, SubtitleProblem, number][] = [
    ['no header', '00:00:01.000 --> 00:00:02.000\nx\n', 'header', 1],
    ['a header glued to text', 'WEBVTTX\n\n00:00:01.000 --> 00:00:02.000\nx\n', 'header', 1],
    ['a cue glued to the header', 'WEBVTT\n00:00:01.000 --> 00:00:02.000\nx\n', 'missing_blank_line', 2],
    ['commas in timings (SubRip style)', 'WEBVTT\n\n00:00:01,000 --> 00:00:02,000\nx\n', 'timing', 3],
    ['60 seconds', 'WEBVTT\n\n00:00:01.000 --> 00:00:60.000\nx\n', 'timing', 3],
    ['two-digit milliseconds', 'WEBVTT\n\n1\n00:00:01.00 --> 00:00:02.000\nx\n', 'timing', 4],
    ['no spaces around the arrow', 'WEBVTT\n\n00:00:01.000-->00:00:02.000\nx\n', 'timing', 3],
    ['an end before the start', 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\na\n\n00:00:05.000 --> 00:00:04.000\nb\n', 'timing_order', 6],
    ['text without a timing', 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\na\n\njust some text\n', 'timing', 6],
    ['an identifier then text', 'WEBVTT\n\nid\nnot a timing\nx\n', 'timing', 4],
    ['a broken arrow', 'WEBVTT\n\n00:00:01.000 -> 00:00:02.000\nx\n', 'timing', 3],
    ['two cues without a blank line', 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\na\n00:00:03.000 --> 00:00:04.000\nb\n', 'missing_blank_line', 5],
    ['no cue at all', 'WEBVTT\n\nNOTE nothing yet\n', 'no_cues', 0],
  ];
  for (const [what, text, problem, line] of refused) {
    it(`refuses ${what} (${problem}, line ${line})`, () => {
      expect(refusal(text)).to.deep.equal({ problem, line });
    });
  }

  it('refuses text that is not UTF-8 (Latin-1)', () => {
    expect(refusal(Uint8Array.from([...utf8('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nd'), 0xe9, 0x6a, 0xe0, 0x0a]))).to.deep.equal({ problem: 'not_utf8', line: 0 });
  });

  it('says where the problem is in its message', () => {
    expect(() => readSubtitleFile(utf8('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\na\n\n00:00:05.000 --> 00:00:04.000\nb\n'), 'x.vtt')).to.throw(SubtitleError, 'Line 6: the cue ends before it starts');
  });
});

describe('subtitles: SubRip conversion', () => {
  it('converts timings, keeps b/i/u, drops font and ASS tags, escapes the rest', () => {
    const srt = '1\r\n00:00:00,500 --> 00:00:02,000\r\n<i>Bonjour</i> à <font color="#ff0000">tous</font>\r\n\r\n2\r\n0:01:02,5 --> 0:01:04,250 X1:40 X2:600\r\n{\\an8}5 < 6 & <B>R&amp;D</B>\r\nsecond line\r\n\r\n\r\n';
    expect(srtToWebVtt(srt)).to.deep.equal({
      vtt: 'WEBVTT\n\n1\n00:00:00.500 --> 00:00:02.000\n<i>Bonjour</i> à tous\n\n2\n00:01:02.500 --> 00:01:04.250\n5 &lt; 6 &amp; <b>R&amp;D</b>\nsecond line\n',
      cueCount: 2,
    });
  });

  it('converts cues without numbers and the output passes the WebVTT check', () => {
    const { vtt } = srtToWebVtt('00:00:01,000 --> 00:00:02,000\nUn\n\n00:00:03,000 --> 00:00:04,000\nDeux\n');
    expect(vtt).to.equal('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nUn\n\n00:00:03.000 --> 00:00:04.000\nDeux\n');
    expect(checkWebVtt(vtt)).to.equal(2);
  });

  it('recognises SubRip by its name or by its content', () => {
    const srt = '1\n00:00:01,000 --> 00:00:02,000\nSalut\n';
    expect(readSubtitleFile(utf8(srt), 'cours.srt').format).to.equal('srt');
    expect(readSubtitleFile(utf8(srt), 'cours.txt').format).to.equal('srt');
    expect(readSubtitleFile(utf8(`\uFEFF${srt}`), 'upload').vtt).to.equal('WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nSalut\n');
  });

  const refused: [string, string, SubtitleProblem, number][] = [
    ['a broken timing', '1\n00:00:01,000 -> 00:00:02,000\nx\n', 'timing', 2],
    ['an end before the start', '1\n00:00:01,000 --> 00:00:02,000\na\n\n2\n00:00:09,000 --> 00:00:03,000\nb\n', 'timing_order', 6],
    ['61 minutes', '1\n00:61:01,000 --> 00:62:02,000\na\n', 'timing', 2],
    ['a missing blank line', '1\n00:00:01,000 --> 00:00:02,000\na\n2\n00:00:03,000 --> 00:00:04,000\nb\n', 'missing_blank_line', 5],
    ['nothing', '\n\n', 'no_cues', 0],
  ];
  for (const [what, text, problem, line] of refused) {
    it(`refuses ${what} (${problem}, line ${line} of the .srt)`, () => {
      expect(refusal(text, 'x.srt')).to.deep.equal({ problem, line });
    });
  }
});
