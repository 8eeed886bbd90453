/**
 * What is wrong with an import file, where: each problem has the physical line (1-based, the
 * header and blank lines counted), the column when one is at fault (number, 1-based, and
 * name), a stable code and its parameters. The English message here serves logs and the
 * command line; the web pages translate `imports.problem.<code>` with the same parameters.
 */
export const IMPORT_PROBLEM_MESSAGES = {
  bad_encoding: 'The file is not valid UTF-8 (the first bad byte is on line {line}): save it as "CSV UTF-8" and try again.',
  unterminated_quote: 'A quoted value opened on this line is never closed.',
  empty_file: 'The file has no row to import.',
  unknown_column: 'Unknown column "{name}". Known columns: {known}.',
  duplicate_column: 'The column "{name}" is named twice in the header.',
  missing_column: 'The header has no "{name}" column, which is required.',
  wrong_column_count: 'This row has {found} columns; {expected} were expected.',
  required: 'A value is required here.',
  too_long: 'This value is too long (at most {max} characters).',
  control_characters: 'This value contains control characters.',
  invalid_username: '"{value}" is not a valid username (1 to 150 letters, digits and the characters @ . + - _).',
  invalid_email: '"{value}" is not a valid e-mail address.',
  invalid_role: '"{value}" is not a role: student, staff or admin.',
  duplicate_username: 'The username "{value}" is already on line {first}: this row is a duplicate.',
  duplicate_video: 'The same video (import key "{value}") is already on line {first}: this row is a duplicate.',
  unknown_user: 'No user "{value}" on this site: import the users first.',
  owner_cannot_own: '"{value}" is a student and cannot own videos: import this user with the role staff (a "role" column, or the default role "staff").',
  file_missing: 'No file "{value}" in the import folder.',
  file_outside: '"{value}" is outside the import folder: give a path inside it.',
  not_a_file: '"{value}" is not a regular file.',
  not_media: '"{value}" is not a video or audio file that can be read: {reason}',
  invalid_boolean: '"{value}" is not a yes/no value (true/false, 1/0, yes/no, oui/non, vrai/faux).',
  invalid_date: '"{value}" is not a date written YYYY-MM-DD.',
  unknown_type: 'Unknown video type "{value}" (give its number or its title).',
  unknown_group: 'Unknown access groups: {value}.',
  unknown_discipline: 'Unknown disciplines: {value}.',
  unknown_licence: 'Unknown licence "{value}" (by, by-nd, by-nc-nd, by-nc, by-nc-sa, by-sa).',
  invalid_language: '"{value}" is not a two-letter language code.',
  too_many_tags: 'At most {max} tags.',
  invalid_password_hash: 'This is not a password hash exported by Lectern.',
  password_conflict: 'Give either a password or a password_hash, not both.',
} as const;

export type ImportProblemCode = keyof typeof IMPORT_PROBLEM_MESSAGES;
export const IMPORT_PROBLEM_CODES = Object.keys(IMPORT_PROBLEM_MESSAGES) as ImportProblemCode[];

export type ProblemParams = Readonly<Record<string, string | number>>;

export interface ImportProblem {
  readonly line: number;
  /** 1-based column number, or null when the problem is the whole row or file. */
  readonly column: number | null;
  readonly columnName: string | null;
  readonly code: ImportProblemCode;
  readonly params: ProblemParams;
  readonly message: string;
}

/** Where a value sits: its column number and name. */
export interface CellPosition {
  readonly column: number;
  readonly name: string;
}

export function fillMessage(template: string, params: ProblemParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function importProblem(line: number, at: CellPosition | null, code: ImportProblemCode, params: ProblemParams = {}): ImportProblem {
  return { line, column: at?.column ?? null, columnName: at?.name ?? null, code, params, message: fillMessage(IMPORT_PROBLEM_MESSAGES[code], params) };
}

/** "line 4, column 2 (type): …" for the command line and logs. */
export function describeProblem(problem: ImportProblem): string {
  const where = problem.column === null ? `line ${problem.line}` : `line ${problem.line}, column ${problem.column} (${problem.columnName})`;
  return `${where}: ${problem.message} [${problem.code}]`;
}

/** Problems in file order: by line, then column (whole-row problems first). */
export function sortProblems(problems: readonly ImportProblem[]): ImportProblem[] {
  return [...problems].sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
}
