import type { ImportPlan } from './import-plan.js';
import { sortProblems, type ImportProblem } from './import-problem.js';
import type { ImportCounts } from './import-run.js';

/**
 * The running count of an import: it starts from the plan (rows already there are unchanged,
 * rows with problems are rejected) and moves on as rows are created.
 */
export class ImportTally {
  private createdRows = 0;
  private unchangedRows: number;
  private rejectedRows: number;
  private readonly found: ImportProblem[];
  readonly videoIds: number[] = [];

  constructor(private readonly plan: ImportPlan<unknown>) {
    this.unchangedRows = plan.unchanged;
    this.rejectedRows = plan.invalidRows;
    this.found = [...plan.problems];
  }

  get counts(): ImportCounts {
    const processed = this.createdRows + this.unchangedRows + this.rejectedRows;
    return { total: this.plan.total, processed, created: this.createdRows, unchanged: this.unchangedRows, rejected: this.rejectedRows };
  }

  get problems(): ImportProblem[] {
    return sortProblems(this.found);
  }

  created(count = 1): void {
    this.createdRows += count;
  }

  createdVideo(videoId: number): void {
    this.createdRows += 1;
    this.videoIds.push(videoId);
  }

  /** Rows found already there while importing (created meanwhile by someone else). */
  unchanged(count = 1): void {
    this.unchangedRows += count;
  }

  /** A row that could not be imported after all (its file changed since the check). */
  rejected(problem: ImportProblem): void {
    this.rejectedRows += 1;
    this.found.push(problem);
  }
}

/** The counts of a blocked import: nothing processed, the rows with problems rejected. */
export function blockedCounts(plan: ImportPlan<unknown>): ImportCounts {
  return { total: plan.total, processed: 0, created: 0, unchanged: 0, rejected: plan.invalidRows };
}
