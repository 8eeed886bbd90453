import { decodeCsvBytes } from './csv-text.js';
import { importProblem, type ImportProblem } from './import-problem.js';

/**
 * CSV as Esup-Pod's migration scripts and spreadsheets write it: RFC 4180 quoting (a quoted
 * value may hold the delimiter, quotes doubled, line breaks), CRLF or LF line ends, a delimiter
 * among `,` `;` `|` and tab found from the first lines, an optional header line starting with
 * `#`, blank lines ignored. Values are trimmed. Pure: bytes in, records with their lines out.
 */
export const CSV_DELIMITERS = [',', ';', '\t', '|'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

export interface CsvRecord {
  /** The physical line the record starts on (1-based). */
  readonly line: number;
  readonly fields: readonly string[];
}

export interface CsvContent {
  readonly delimiter: CsvDelimiter;
  /** The `#` line's column names (the `#` removed), when the file has one. */
  readonly header: CsvRecord | null;
  readonly rows: readonly CsvRecord[];
}

export type CsvReading = { readonly ok: true; readonly content: CsvContent } | { readonly ok: false; readonly problem: ImportProblem };

const SAMPLE_LINES = 10;

/** How many times each delimiter appears outside quotes on each of the first non-blank lines. */
function delimiterCounts(text: string): Map<CsvDelimiter, number[]> {
  const counts = new Map<CsvDelimiter, number[]>(CSV_DELIMITERS.map((d) => [d, []]));
  let line = new Map<string, number>();
  let quoted = false;
  let content = false;
  const endLine = () => {
    if (content) for (const delimiter of CSV_DELIMITERS) counts.get(delimiter)!.push(line.get(delimiter) ?? 0);
    line = new Map();
    content = false;
  };
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    if (quoted) continue;
    if (char === '\n' || char === '\r') {
      endLine();
      if (counts.get(',')!.length >= SAMPLE_LINES) return counts;
      continue;
    }
    if ((CSV_DELIMITERS as readonly string[]).includes(char)) line.set(char, (line.get(char) ?? 0) + 1);
    if (char.trim() !== '') content = true;
  }
  endLine();
  return counts;
}

/**
 * The delimiter that splits every sampled line into the same number of values (the most
 * values wins; ties go to the order `,` `;` tab `|`); else the most frequent one; `,` when the
 * file has a single column.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts = delimiterCounts(text);
  let best: { delimiter: CsvDelimiter; score: number; consistent: boolean } = { delimiter: ',', score: 0, consistent: false };
  for (const delimiter of CSV_DELIMITERS) {
    const perLine = counts.get(delimiter)!;
    const total = perLine.reduce((sum, n) => sum + n, 0);
    const consistent = total > 0 && perLine.every((n) => n === perLine[0]);
    const score = consistent ? perLine[0]! : total;
    const better = consistent !== best.consistent ? consistent : score > best.score;
    if (total > 0 && better) best = { delimiter, score, consistent };
  }
  return best.delimiter;
}

type RecordParsing = { readonly ok: true; readonly records: CsvRecord[] } | { readonly ok: false; readonly line: number };

/** Splits text into records (RFC 4180). Fails with the line of a quote that is never closed. */
export function parseCsvRecords(text: string, delimiter: CsvDelimiter): RecordParsing {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoteLine = 0;
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') {
        quoted = false;
      } else if (char === '\r' && text[index + 1] === '\n') {
        continue;
      } else {
        if (char === '\n' || char === '\r') line += 1;
        field += char === '\r' ? '\n' : char;
      }
    } else if (char === '"' && field.trim() === '') {
      quoted = true;
      quoteLine = line;
      field = '';
    } else if (char === delimiter) {
      fields.push(field.trim());
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index += 1;
      fields.push(field.trim());
      records.push({ line: recordLine, fields });
      fields = [];
      field = '';
      line += 1;
      recordLine = line;
    } else {
      field += char;
    }
  }
  if (quoted) return { ok: false, line: quoteLine };
  if (field !== '' || fields.length > 0) records.push({ line: recordLine, fields: [...fields, field.trim()] });
  return { ok: true, records };
}

const isBlank = (record: CsvRecord) => record.fields.every((field) => field === '');

/** Bytes → decoded, split, blank lines dropped, the `#` header line set apart. */
export function readCsv(bytes: Uint8Array): CsvReading {
  const decoded = decodeCsvBytes(bytes);
  if (!decoded.ok) return { ok: false, problem: importProblem(decoded.line, null, 'bad_encoding', { line: decoded.line }) };
  const delimiter = detectDelimiter(decoded.text);
  const parsed = parseCsvRecords(decoded.text, delimiter);
  if (!parsed.ok) return { ok: false, problem: importProblem(parsed.line, null, 'unterminated_quote') };
  const records = parsed.records.filter((record) => !isBlank(record));
  const first = records[0];
  if (first && first.fields[0]!.startsWith('#')) {
    const header = { line: first.line, fields: [first.fields[0]!.slice(1).trim(), ...first.fields.slice(1)] };
    return { ok: true, content: { delimiter, header, rows: records.slice(1) } };
  }
  return { ok: true, content: { delimiter, header: null, rows: records } };
}
