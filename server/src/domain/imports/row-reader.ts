import type { Cell, ImportRow } from './import-columns.js';
import { importProblem, type ImportProblem, type ImportProblemCode, type ProblemParams } from './import-problem.js';

/**
 * Reads one row's values into typed ones, collecting a problem for each value that is wrong
 * (never stopping at the first): the row is valid when `problems` stays empty.
 */
const TRUE_WORDS = new Set(['true', '1', 'yes', 'oui', 'vrai']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'non', 'faux']);
const CONTROL = /\p{Cc}/u;
/** Control characters other than tab and line breaks. */
const CONTROL_IN_TEXT = /[^\P{Cc}\t\n\r]/u;

/** true/false, 1/0, yes/no, oui/non, vrai/faux in any case (Pod writes True/False); '' → null. */
export function parseBoolean(text: string): boolean | null | 'invalid' {
  const word = text.trim().toLowerCase();
  if (word === '') return null;
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return 'invalid';
}

/** A real calendar date written YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/** A comma-separated list inside one value: trimmed, empties dropped. */
export const splitList = (text: string): string[] =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** Counts code points, as PostgreSQL's length() does. */
export const codePoints = (text: string): number => [...text].length;

export class RowReader {
  readonly problems: ImportProblem[] = [];

  constructor(private readonly row: ImportRow) {}

  get line(): number {
    return this.row.line;
  }

  cell(name: string): Cell | undefined {
    return this.row.cells.get(name);
  }

  text(name: string): string {
    return this.row.cells.get(name)?.value ?? '';
  }

  report(name: string, code: ImportProblemCode, params: ProblemParams = {}): void {
    this.problems.push(importProblem(this.row.line, this.cell(name) ?? null, code, params));
  }

  /** The value, or '' after reporting it: required and empty, too long, or with control characters (line breaks too, unless multiline). */
  string(name: string, options: { required?: boolean; max: number; multiline?: boolean }): string {
    const value = this.text(name);
    if (value === '') {
      if (options.required) this.report(name, 'required');
      return '';
    }
    if (codePoints(value) > options.max) this.report(name, 'too_long', { max: options.max });
    else if ((options.multiline ? CONTROL_IN_TEXT : CONTROL).test(value)) this.report(name, 'control_characters');
    else return value;
    return '';
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = parseBoolean(this.text(name));
    if (value === 'invalid') {
      this.report(name, 'invalid_boolean', { value: this.text(name) });
      return fallback;
    }
    return value ?? fallback;
  }

  date(name: string): string | null {
    const value = this.text(name);
    if (value === '') return null;
    if (isIsoDate(value)) return value;
    this.report(name, 'invalid_date', { value });
    return null;
  }
}
