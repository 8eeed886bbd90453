import type { UserRole } from '../users/user.js';
import type { ImportKind } from './import-columns.js';
import type { ImportPlan } from './import-plan.js';
import type { ImportTally } from './import-tally.js';

/** What an administrator hands in: the file and the choices that go with it. */
export interface ImportRequest {
  readonly kind: ImportKind;
  /** The file's name, for the record (at most 255 characters are kept). */
  readonly filename: string;
  readonly bytes: Uint8Array;
  /** Import the good rows and report the others, instead of importing nothing. */
  readonly skipInvalid: boolean;
  /** Users: the role of rows without a role column (student unless said). */
  readonly defaultRole?: UserRole;
  /** Videos: the folder the file paths are relative to, instead of the configured IMPORT_DIR. */
  readonly filesDir?: string | null;
}

/** A checked file ready to import: its plan, and how to carry it out. */
export interface PreparedImport {
  readonly plan: ImportPlan<unknown>;
  /** Creates the planned rows, counting into `tally`; `progress` is awaited after each step. */
  execute(tally: ImportTally, progress: () => Promise<void>): Promise<void>;
}

/** Who the rows are imported for and by. */
export interface ImportScope {
  readonly siteId: number;
  /** The administrator (null: the command line). */
  readonly requestedBy: number | null;
  readonly runId: string | null;
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < items.length; index += size) result.push(items.slice(index, index + size));
  return result;
}
