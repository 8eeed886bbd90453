import { isBlockedRun, type ImportedVideoState, type ImportRun } from '../../domain/imports/import-run.js';

/** GET /admin/imports/:id/progress.json: what the run page's script refreshes (the report itself is rendered by the page). */
export interface ImportProgressJson {
  readonly id: string;
  readonly kind: ImportRun['kind'];
  readonly status: ImportRun['status'];
  readonly blocked: boolean;
  readonly total: number;
  readonly processed: number;
  readonly created: number;
  readonly unchanged: number;
  readonly rejected: number;
  readonly problem_count: number;
  readonly error_message: string | null;
  readonly started_at: string;
  readonly finished_at: string | null;
  readonly videos: readonly {
    readonly id: number;
    readonly title: string;
    readonly status: ImportedVideoState['status'];
    readonly encoding: { readonly status: string; readonly step: string | null; readonly progress: number; readonly error_code: string | null } | null;
  }[];
}

export function presentImportProgress(run: ImportRun, videos: readonly ImportedVideoState[]): ImportProgressJson {
  return {
    id: run.id,
    kind: run.kind,
    status: run.status,
    blocked: isBlockedRun(run),
    total: run.total,
    processed: run.processed,
    created: run.created,
    unchanged: run.unchanged,
    rejected: run.rejected,
    problem_count: run.problemCount,
    error_message: run.errorMessage,
    started_at: run.startedAt.toISOString(),
    finished_at: run.finishedAt?.toISOString() ?? null,
    videos: videos.map((video) => ({
      id: video.id,
      title: video.title,
      status: video.status,
      encoding: video.encoding ? { status: video.encoding.status, step: video.encoding.step, progress: video.encoding.progress, error_code: video.encoding.errorCode } : null,
    })),
  };
}
