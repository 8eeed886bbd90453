import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { commandLineActor } from '../../domain/access/access-group-service.js';
import { ValidationError } from '../../domain/errors.js';
import type { ImportKind } from '../../domain/imports/import-columns.js';
import { describeProblem, type ImportProblem } from '../../domain/imports/import-problem.js';
import { isBlockedRun, type ImportCounts, type ImportRun } from '../../domain/imports/import-run.js';
import type { ImportCheck } from '../../domain/imports/import-service.js';
import type { ImportRequest } from '../../domain/imports/prepared-import.js';
import { USER_ROLES, type UserRole } from '../../domain/users/user.js';
import { withCliContext } from '../cli-context.js';
import type { Output } from '../output.js';

interface ImportOptions {
  check?: boolean;
  skipInvalid?: boolean;
  json?: boolean;
  role?: string;
  filesDir?: string;
}

const PROGRESS_EVERY_MS = 1000;

const problemJson = (p: ImportProblem) => ({ line: p.line, column: p.column, column_name: p.columnName, code: p.code, message: p.message, params: p.params });

function roleOf(text: string | undefined): UserRole {
  const role = (text ?? 'student').toLowerCase();
  if (!(USER_ROLES as readonly string[]).includes(role)) throw new ValidationError('invalid_role', `--role must be one of ${USER_ROLES.join(', ')}.`);
  return role as UserRole;
}

/** Progress lines on stderr (stdout carries the report), at most one a second and the last one. */
function progressPrinter(kind: ImportKind): (counts: ImportCounts) => void {
  let last = 0;
  return (counts) => {
    const now = Date.now();
    if (now - last < PROGRESS_EVERY_MS && counts.processed < counts.total) return;
    last = now;
    process.stderr.write(`${kind}: ${counts.processed}/${counts.total} rows (${counts.created} created, ${counts.unchanged} unchanged, ${counts.rejected} rejected)\n`);
  };
}

function blockedError(rows: number): ValidationError {
  return new ValidationError('import_blocked', `${rows} row(s) have problems: nothing was imported (fix them, or use --skip-invalid).`);
}

function printCheck(out: Output, filename: string, check: ImportCheck, json: boolean): void {
  if (json) {
    out.json({ check: true, total: check.total, creates: check.creates, unchanged: check.unchanged, invalid_rows: check.invalidRows, blocked: check.blocked, problems: check.problems.map(problemJson) });
    return;
  }
  out.line(`Checked ${filename}: ${check.total} rows; ${check.creates} to create, ${check.unchanged} unchanged, ${check.invalidRows} with problems.`);
  for (const problem of check.problems) out.line(describeProblem(problem));
}

function printRun(out: Output, run: ImportRun, json: boolean): void {
  if (json) {
    const { id, kind, status, total, processed, created, unchanged, rejected } = run;
    out.json({ id, kind, status, total, processed, created, unchanged, rejected, problems: run.problems.map(problemJson), video_ids: run.videoIds });
    return;
  }
  const verb = isBlockedRun(run) ? 'Nothing imported from' : 'Imported';
  out.line(`${verb} ${run.filename} (${run.kind}): ${run.total} rows, ${run.created} created, ${run.unchanged} unchanged, ${run.rejected} rejected.`);
  for (const problem of run.problems) out.line(describeProblem(problem));
}

/** Checks or imports the file; the exit code is not zero when its problems block the import. */
async function importFile(out: Output, file: string, request: Omit<ImportRequest, 'bytes' | 'filename'>, options: ImportOptions): Promise<void> {
  const actor = commandLineActor();
  const full: ImportRequest = { ...request, filename: path.basename(file), bytes: await readFile(file) };
  if (options.check) {
    const check = await withCliContext(({ services }) => services.importService.check(actor, full));
    printCheck(out, full.filename, check, options.json ?? false);
    if (check.blocked) throw blockedError(check.invalidRows || check.problems.length);
    return;
  }
  const run = await withCliContext(({ services }) => services.importService.run(actor, full, progressPrinter(request.kind)));
  printRun(out, run, options.json ?? false);
  if (isBlockedRun(run)) throw blockedError(run.rejected || run.problems.length);
}

async function exportTo(out: Output, what: 'users' | 'videos', output: string | undefined): Promise<void> {
  const actor = commandLineActor();
  const { csv, rows } = await withCliContext(({ services }) => (what === 'users' ? services.exportService.usersCsv(actor) : services.exportService.videosCsv(actor)));
  if (!output) {
    out.line(csv.replace(/\r\n$/, ''));
    return;
  }
  await writeFile(output, csv);
  out.line(`Exported ${rows} ${what} to ${output}.`);
}

/** Bulk imports and exports in Esup-Pod's CSV formats (docs/bulk-import-export.md). */
export function registerImportCommands(program: Command, out: Output): void {
  const common = (command: Command) =>
    command
      .option('--check', 'check the file only: report its problems, import nothing')
      .option('--skip-invalid', 'import the good rows and report the bad ones (by default, any problem imports nothing)')
      .option('--json', 'print the report as JSON');

  common(program.command('import:users').description('import users: username, first name, last name, email [, role, affiliation]').argument('<file>', 'CSV file (UTF-8)'))
    .option('--role <role>', 'role of rows without a role column: student, staff or admin', 'student')
    .action(async (file: string, options: ImportOptions) => {
      await importFile(out, file, { kind: 'users', skipInvalid: options.skipInvalid ?? false, defaultRole: roleOf(options.role) }, options);
    });

  common(program.command('import:videos').description('import videos: username, type, title, description, allow downloading, draft, file path [, named columns]').argument('<file>', 'CSV file (UTF-8)'))
    .option('--files-dir <dir>', 'folder the file paths are relative to (default: IMPORT_DIR)')
    .action(async (file: string, options: ImportOptions) => {
      const filesDir = options.filesDir ? path.resolve(options.filesDir) : null;
      await importFile(out, file, { kind: 'videos', skipInvalid: options.skipInvalid ?? false, filesDir }, options);
    });

  program
    .command('export:videos')
    .description("export every video of the site as CSV in the import format (with media URLs of public videos)")
    .option('--output <file>', 'write to this file instead of stdout')
    .action(async (options: { output?: string }) => exportTo(out, 'videos', options.output));

  program
    .command('export:users')
    .description('export every user of the site as CSV in the import format')
    .option('--output <file>', 'write to this file instead of stdout')
    .action(async (options: { output?: string }) => exportTo(out, 'users', options.output));
}
