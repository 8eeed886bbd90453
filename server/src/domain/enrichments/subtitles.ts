/**
 * Subtitle files: WebVTT is checked (what browsers would silently drop is refused with the
 * line at fault) and SubRip (.srt) is converted to WebVTT. Pure: text in, text out.
 */

export type SubtitleProblem = 'not_utf8' | 'header' | 'timing' | 'timing_order' | 'missing_blank_line' | 'no_cues';

export class SubtitleError extends Error {
  constructor(
    readonly problem: SubtitleProblem,
    /** 1-based line of the uploaded file (0 when the problem is the whole file). */
    readonly line: number,
    message: string,
  ) {
    super(line > 0 ? `Line ${line}: ${message}` : message);
  }
}

export interface SubtitleFile {
  /** Normalised WebVTT: UTF-8 without BOM, LF line ends, a final newline. */
  readonly vtt: string;
  readonly cueCount: number;
  readonly format: 'vtt' | 'srt';
}

const VTT_TIMESTAMP = /^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})$/;
const VTT_TIMING = /^(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t].*)?$/;
const SRT_TIMING = /^\s*(\d{1,3}):(\d{1,2}):(\d{1,2})[,.](\d{1,3})\s*-->\s*(\d{1,3}):(\d{1,2}):(\d{1,2})[,.](\d{1,3})(?:\s.*)?$/;
const EXPECTED_TIMING = 'expected a cue timing line such as "00:00:01.000 --> 00:00:04.000"';

/** Decodes strict UTF-8 (a BOM is dropped) and normalises line ends to LF. */
export function decodeSubtitleText(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // The decoder's own message says nothing useful to a person: ours does.
    throw new SubtitleError('not_utf8', 0, 'the file is not UTF-8 text: save it as UTF-8 and send it again');
  }
  return text.replace(/\r\n?/g, '\n');
}

function vttSeconds(stamp: string): number | null {
  const match = VTT_TIMESTAMP.exec(stamp);
  if (!match) return null;
  return Number(match[1] ?? 0) * 3600 + Number(match[2]) * 60 + Number(match[3]) + Number(match[4]) / 1000;
}

/** Lines grouped in blocks separated by blank lines, each line with its 1-based number. */
function blocks(lines: readonly string[], from: number): { first: number; lines: string[] }[] {
  const result: { first: number; lines: string[] }[] = [];
  let current: { first: number; lines: string[] } | null = null;
  for (let i = from; i < lines.length; i += 1) {
    const line = lines[i]!;
    if (line.trim() === '') {
      current = null;
      continue;
    }
    if (!current) {
      current = { first: i + 1, lines: [] };
      result.push(current);
    }
    current.lines.push(line);
  }
  return result;
}

/** Which line of a cue block is (or was meant to be) its timing line: the identifier is optional. */
function timingLineOf(lines: readonly string[]): number {
  if (lines[0]!.includes('-->') || lines.length === 1) return 0;
  if (lines[1]!.includes('-->')) return 1;
  // Neither has an arrow: a first line starting like a timestamp is a broken timing line.
  return /^\s*\d{1,2}:\d{2}/.test(lines[0]!) ? 0 : 1;
}

function checkVttCue(block: { first: number; lines: string[] }): void {
  const timingAt = timingLineOf(block.lines);
  const timing = block.lines[timingAt];
  const lineNumber = block.first + timingAt;
  if (timing === undefined || !timing.includes('-->')) throw new SubtitleError('timing', lineNumber, EXPECTED_TIMING);
  const match = VTT_TIMING.exec(timing);
  const start = match ? vttSeconds(match[1]!) : null;
  const end = match ? vttSeconds(match[2]!) : null;
  if (start === null || end === null) throw new SubtitleError('timing', lineNumber, `malformed cue timing "${timing.slice(0, 80)}": ${EXPECTED_TIMING}`);
  if (start > end) throw new SubtitleError('timing_order', lineNumber, 'the cue ends before it starts');
  const stray = block.lines.findIndex((line, index) => index > timingAt && line.includes('-->'));
  if (stray >= 0) throw new SubtitleError('missing_blank_line', block.first + stray, 'a blank line must separate cues');
}

/** Checks a WebVTT text (already decoded); returns its number of cues. */
export function checkWebVtt(text: string): number {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (!/^WEBVTT(?:[ \t].*)?$/.test(lines[0] ?? '')) throw new SubtitleError('header', 1, 'a WebVTT file starts with the line "WEBVTT"');
  let headerEnd = 1;
  while (headerEnd < lines.length && lines[headerEnd]!.trim() !== '') {
    if (lines[headerEnd]!.includes('-->')) throw new SubtitleError('missing_blank_line', headerEnd + 1, 'a blank line must separate the header from the first cue');
    headerEnd += 1;
  }
  let cues = 0;
  for (const block of blocks(lines, headerEnd)) {
    const first = block.lines[0]!;
    const isComment = /^(?:NOTE|STYLE|REGION)(?:[ \t]|$)/.test(first) && !first.includes('-->');
    if (isComment) {
      const stray = block.lines.findIndex((line) => line.includes('-->'));
      if (stray >= 0) throw new SubtitleError('missing_blank_line', block.first + stray, 'a blank line must separate a NOTE, STYLE or REGION block from the next cue');
      continue;
    }
    checkVttCue(block);
    cues += 1;
  }
  if (cues === 0) throw new SubtitleError('no_cues', 0, 'the file has no cue');
  return cues;
}

const KEPT_SRT_TAG = /^<\/?([biu])>$/i;

/** SubRip cue text → WebVTT cue text: b/i/u kept, font and ASS override tags dropped, the rest escaped. */
function srtTextToVtt(line: string): string {
  return line
    .replace(/\{\\[^}]*\}/g, '')
    .replace(/<\/?font\b[^>]*>/gi, '')
    .replace(/&(?!(?:[a-zA-Z][a-zA-Z0-9]{0,30}|#\d{1,7}|#x[0-9a-fA-F]{1,6});)/g, '&amp;')
    .replace(/<[^<>]*>|</g, (tag) => (KEPT_SRT_TAG.test(tag) ? tag.toLowerCase() : tag.replace(/</g, '&lt;').replace(/>/g, '&gt;')));
}

function srtStamp(h: string, m: string, s: string, ms: string): { text: string; seconds: number } | null {
  if (Number(m) >= 60 || Number(s) >= 60) return null;
  const millis = ms.padEnd(3, '0');
  return { text: `${h.padStart(2, '0')}:${m.padStart(2, '0')}:${s.padStart(2, '0')}.${millis}`, seconds: Number(h) * 3600 + Number(m) * 60 + Number(s) + Number(millis) / 1000 };
}

function convertSrtCue(block: { first: number; lines: string[] }): string {
  const hasIndex = /^\s*\d+\s*$/.test(block.lines[0]!) && block.lines.length > 1;
  const timingAt = hasIndex ? 1 : 0;
  const lineNumber = block.first + timingAt;
  const match = SRT_TIMING.exec(block.lines[timingAt]!);
  if (!match) throw new SubtitleError('timing', lineNumber, 'expected a SubRip timing line such as "00:00:01,000 --> 00:00:04,000"');
  const start = srtStamp(match[1]!, match[2]!, match[3]!, match[4]!);
  const end = srtStamp(match[5]!, match[6]!, match[7]!, match[8]!);
  if (!start || !end) throw new SubtitleError('timing', lineNumber, 'minutes and seconds must be below 60');
  if (start.seconds > end.seconds) throw new SubtitleError('timing_order', lineNumber, 'the cue ends before it starts');
  const text = block.lines.slice(timingAt + 1);
  const stray = text.findIndex((line) => line.includes('-->'));
  if (stray >= 0) throw new SubtitleError('missing_blank_line', lineNumber + 1 + stray, 'a blank line must separate cues');
  const id = hasIndex ? [block.lines[0]!.trim()] : [];
  return [...id, `${start.text} --> ${end.text}`, ...text.map(srtTextToVtt)].join('\n');
}

/** Converts SubRip text (decoded) to WebVTT; errors name lines of the SubRip file. */
export function srtToWebVtt(text: string): { vtt: string; cueCount: number } {
  const cues = blocks(text.replace(/\r\n?/g, '\n').split('\n'), 0).map(convertSrtCue);
  if (cues.length === 0) throw new SubtitleError('no_cues', 0, 'the file has no cue');
  return { vtt: `WEBVTT\n\n${cues.join('\n\n')}\n`, cueCount: cues.length };
}

function looksLikeSrt(text: string, filename: string): boolean {
  if (/\.srt$/i.test(filename)) return true;
  const firstLines = text.trimStart().split('\n', 2);
  return /^\d+\s*$/.test(firstLines[0] ?? '') && SRT_TIMING.test(firstLines[1] ?? '');
}

/** A subtitle file as uploaded (WebVTT, or SubRip by name or content) → checked WebVTT. */
export function readSubtitleFile(bytes: Uint8Array, filename: string): SubtitleFile {
  const text = decodeSubtitleText(bytes);
  if (!text.startsWith('WEBVTT') && looksLikeSrt(text, filename)) return { ...srtToWebVtt(text), format: 'srt' };
  const cueCount = checkWebVtt(text);
  return { vtt: text.endsWith('\n') ? text : `${text}\n`, cueCount, format: 'vtt' };
}
