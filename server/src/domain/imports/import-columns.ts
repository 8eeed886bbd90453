import type { CsvRecord } from './csv-reader.js';
import { importProblem, type CellPosition, type ImportProblem } from './import-problem.js';

/**
 * The columns of Esup-Pod's migration formats. Without a header, a row has exactly the
 * positional columns; a `#` header names its columns in any order, the optional named ones
 * included, and may carry the export's informational columns, which imports ignore. Names
 * match whatever their case, spaces, `_` or `-` (`First Name`, `first_name`, `date evt`).
 */
export type ImportKind = 'users' | 'videos';
export const IMPORT_KINDS: readonly ImportKind[] = ['users', 'videos'];

export interface ColumnSet {
  readonly positional: readonly string[];
  readonly named: readonly string[];
  /** Columns a header must name. */
  readonly required: readonly string[];
  /** Written by exports for information; ignored on import. */
  readonly informational: readonly string[];
  readonly aliases: Readonly<Record<string, string>>;
}

export const USER_COLUMNS: ColumnSet = {
  positional: ['username', 'first name', 'last name', 'email'],
  named: ['role', 'affiliation'],
  required: ['username'],
  informational: ['id', 'created_at', 'last_login'],
  aliases: { login: 'username', 'e mail': 'email', mail: 'email' },
};

export const VIDEO_COLUMNS: ColumnSet = {
  positional: ['username', 'type', 'title', 'description', 'allow downloading', 'draft', 'file path'],
  named: ['tags', 'date_evt', 'main_lang', 'licence', 'restricted', 'password', 'password_hash', 'additional_owners', 'access_groups', 'disciplines', 'external_id'],
  required: ['username', 'title', 'file path'],
  informational: ['id', 'slug', 'page_url', 'source_url', 'hls_url', 'mp4_url', 'thumbnail_url', 'duration', 'status', 'created_at'],
  aliases: { owner: 'username', video: 'file path', file: 'file path', license: 'licence' },
};

export const columnsOf = (kind: ImportKind): ColumnSet => (kind === 'users' ? USER_COLUMNS : VIDEO_COLUMNS);

const normalise = (name: string) => name.trim().toLowerCase().replace(/[\s_-]+/g, ' ');

/** A value and where it sits. */
export interface Cell extends CellPosition {
  readonly value: string;
}

/** A row's values by canonical column name (absent columns are missing from the map). */
export interface ImportRow {
  readonly line: number;
  readonly cells: ReadonlyMap<string, Cell>;
}

/** Each column of the file: its canonical name, or null for an informational column. */
export type ColumnLayout = { readonly ok: true; readonly columns: readonly (string | null)[] } | { readonly ok: false; readonly problems: ImportProblem[] };

export function layoutOf(set: ColumnSet, header: CsvRecord | null): ColumnLayout {
  if (!header) return { ok: true, columns: set.positional };
  const canonical = new Map<string, string | null>();
  for (const name of [...set.positional, ...set.named]) canonical.set(normalise(name), name);
  for (const [alias, name] of Object.entries(set.aliases)) canonical.set(normalise(alias), name);
  for (const name of set.informational) canonical.set(normalise(name), null);
  const problems: ImportProblem[] = [];
  const seen = new Set<string>();
  const columns = header.fields.map((raw, index) => {
    const at = { column: index + 1, name: raw };
    const name = canonical.get(normalise(raw));
    if (name === undefined) {
      problems.push(importProblem(header.line, at, 'unknown_column', { name: raw, known: [...set.positional, ...set.named].join(', ') }));
      return null;
    }
    if (name !== null && seen.has(name)) problems.push(importProblem(header.line, at, 'duplicate_column', { name: raw }));
    if (name !== null) seen.add(name);
    return name;
  });
  for (const name of set.required) if (!seen.has(name)) problems.push(importProblem(header.line, null, 'missing_column', { name }));
  return problems.length ? { ok: false, problems } : { ok: true, columns };
}

/** The row's values by column name, or the problem of a row with the wrong number of values. */
export function rowOf(record: CsvRecord, columns: readonly (string | null)[]): ImportRow | ImportProblem {
  if (record.fields.length !== columns.length) {
    return importProblem(record.line, null, 'wrong_column_count', { found: record.fields.length, expected: columns.length });
  }
  const cells = new Map<string, Cell>();
  columns.forEach((name, index) => {
    if (name !== null) cells.set(name, { value: record.fields[index]!, column: index + 1, name });
  });
  return { line: record.line, cells };
}
