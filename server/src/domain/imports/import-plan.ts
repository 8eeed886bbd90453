import { readCsv } from './csv-reader.js';
import { layoutOf, rowOf, type ColumnSet, type ImportRow } from './import-columns.js';
import { importProblem, sortProblems, type ImportProblem } from './import-problem.js';

/**
 * What an import will do, decided before anything is written: the rows to create, those
 * already there (counted "unchanged"), and every problem. Pure: the lookups the rows need
 * (existing users, keys, files) are made beforehand, in bulk, by the service.
 */
export interface PlannedRow<T> {
  readonly line: number;
  readonly item: T;
}

export interface ImportPlan<T> {
  /** Data rows in the file (the header and blank lines not counted). */
  readonly total: number;
  readonly creates: readonly PlannedRow<T>[];
  readonly unchanged: number;
  /** Rows with at least one problem. */
  readonly invalidRows: number;
  readonly problems: readonly ImportProblem[];
  /** The file itself is unreadable (encoding, quotes, header, no row): nothing can be imported, even skipping rows. */
  readonly fileProblem: boolean;
}

export type RowsReading =
  | { readonly ok: true; readonly rows: readonly ImportRow[]; readonly problems: readonly ImportProblem[]; readonly total: number }
  | { readonly ok: false; readonly problems: readonly ImportProblem[] };

/** The file's data rows by column name; rows with the wrong number of values are problems. */
export function readImportRows(bytes: Uint8Array, set: ColumnSet): RowsReading {
  const reading = readCsv(bytes);
  if (!reading.ok) return { ok: false, problems: [reading.problem] };
  const { header, rows: records } = reading.content;
  const layout = layoutOf(set, header);
  if (!layout.ok) return { ok: false, problems: layout.problems };
  if (records.length === 0) return { ok: false, problems: [importProblem(header?.line ?? 1, null, 'empty_file')] };
  const rows: ImportRow[] = [];
  const problems: ImportProblem[] = [];
  for (const record of records) {
    const row = rowOf(record, layout.columns);
    if ('cells' in row) rows.push(row);
    else problems.push(row);
  }
  return { ok: true, rows, problems, total: records.length };
}

/** The plan of a file that cannot be read at all. */
export function unreadablePlan<T>(problems: readonly ImportProblem[]): ImportPlan<T> {
  return { total: 0, creates: [], unchanged: 0, invalidRows: 0, problems: sortProblems(problems), fileProblem: true };
}

export interface RowRules<T> {
  /** The row's typed value, or null with its problems. */
  readonly parse: (row: ImportRow) => { readonly item: T | null; readonly problems: readonly ImportProblem[] };
  /** What makes two rows the same record (from the raw values, valid or not); null: no key. */
  readonly keyOf: (row: ImportRow) => string | null;
  /** The problem of a row repeating the row on `firstLine`. */
  readonly duplicate: (row: ImportRow, key: string, firstLine: number) => ImportProblem;
  /** Whether the record is already there (it is then left unchanged). */
  readonly exists: (item: T) => boolean;
}

export function planRows<T>(reading: Extract<RowsReading, { ok: true }>, rules: RowRules<T>): ImportPlan<T> {
  const problems: ImportProblem[] = [...reading.problems];
  const invalidLines = new Set(reading.problems.map((problem) => problem.line));
  const firstLineOf = new Map<string, number>();
  const creates: PlannedRow<T>[] = [];
  let unchanged = 0;
  for (const row of reading.rows) {
    const parsed = rules.parse(row);
    const rowProblems = [...parsed.problems];
    const key = rules.keyOf(row);
    const first = key === null ? undefined : firstLineOf.get(key);
    if (key !== null && first !== undefined) rowProblems.push(rules.duplicate(row, key, first));
    else if (key !== null) firstLineOf.set(key, row.line);
    if (rowProblems.length || parsed.item === null) {
      problems.push(...rowProblems);
      invalidLines.add(row.line);
    } else if (rules.exists(parsed.item)) {
      unchanged += 1;
    } else {
      creates.push({ line: row.line, item: parsed.item });
    }
  }
  return { total: reading.total, creates, unchanged, invalidRows: invalidLines.size, problems: sortProblems(problems), fileProblem: false };
}

/** Whether the plan may run: no problem, or only row problems the admin chose to skip. */
export function planBlocked(plan: ImportPlan<unknown>, skipInvalid: boolean): boolean {
  return plan.fileProblem || (plan.problems.length > 0 && !skipInvalid);
}
