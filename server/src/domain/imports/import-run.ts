import type { EncodingJobStatus, EncodingStep } from '../encoding/encoding-job.js';
import type { VideoStatus } from '../videos/video.js';
import type { ImportKind } from './import-columns.js';
import type { ImportProblem } from './import-problem.js';

/** One import of a CSV file, as recorded in `import_runs`: its progress, then its report. */
export const IMPORT_RUN_STATUSES = ['running', 'succeeded', 'failed', 'interrupted'] as const;
export type ImportRunStatus = (typeof IMPORT_RUN_STATUSES)[number];

export interface ImportCounts {
  /** Data rows in the file. */
  readonly total: number;
  /** Rows dealt with so far: created + unchanged + rejected. */
  readonly processed: number;
  readonly created: number;
  /** Rows whose user or video was already there (left as it is). */
  readonly unchanged: number;
  /** Rows with problems, skipped (or, when the import was blocked, the rows that blocked it). */
  readonly rejected: number;
}

export interface NewImportRun {
  readonly id: string;
  readonly siteId: number;
  readonly kind: ImportKind;
  readonly requestedBy: number | null;
  readonly filename: string;
  readonly skipInvalid: boolean;
}

export interface ImportRunSummary extends NewImportRun, ImportCounts {
  readonly status: ImportRunStatus;
  readonly problemCount: number;
  readonly errorMessage: string | null;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
}

export interface ImportRun extends ImportRunSummary {
  readonly problems: readonly ImportProblem[];
  /** Videos the run created, in order. */
  readonly videoIds: readonly number[];
}

/** A failed run without an error message was blocked by the file's problems: nothing was written. */
export const isBlockedRun = (run: Pick<ImportRunSummary, 'status' | 'errorMessage'>): boolean => run.status === 'failed' && run.errorMessage === null;

/** Port: the record of import runs. Changes apply to running runs only (an interrupted one stays so). */
export interface ImportRunRepository {
  insert(run: NewImportRun): Promise<ImportRun>;
  /** After planning: the counts known up front and the problems found. */
  planned(id: string, counts: ImportCounts, problems: readonly ImportProblem[]): Promise<void>;
  /** Progress while importing. */
  progress(id: string, counts: ImportCounts, videoIds: readonly number[]): Promise<void>;
  finish(id: string, outcome: { status: 'succeeded' | 'failed'; counts: ImportCounts; problems: readonly ImportProblem[]; videoIds: readonly number[] }): Promise<void>;
  /** An unexpected error stopped the run: the counts stay as last recorded. */
  fail(id: string, errorMessage: string): Promise<void>;
  findById(id: string): Promise<ImportRun | null>;
  listRecent(siteId: number, limit: number): Promise<ImportRunSummary[]>;
  /** The run's process is alive (progress also counts as a beat). */
  beat(id: string): Promise<void>;
  /** Marks interrupted the running runs without a beat for `seconds` (their process stopped). */
  interruptSilent(seconds: number): Promise<number>;
}

/** A created video's encoding, as the run page shows it. */
export interface ImportedVideoState {
  readonly id: number;
  readonly title: string;
  readonly slug: string;
  readonly status: VideoStatus;
  readonly encoding: {
    readonly status: EncodingJobStatus;
    readonly step: EncodingStep | null;
    readonly progress: number;
    readonly errorCode: string | null;
    readonly errorMessage: string | null;
  } | null;
}
