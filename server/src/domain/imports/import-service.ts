import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../errors.js';
import type { DomainLogger } from '../logger.js';
import { requireAdminRole, type User } from '../users/user.js';
import type { ImportDataRepository } from './import-data-repository.js';
import type { ImportFolder } from './import-folder.js';
import { planBlocked, type ImportPlan } from './import-plan.js';
import type { ImportProblem } from './import-problem.js';
import type { ImportCounts, ImportedVideoState, ImportRun, ImportRunRepository, ImportRunSummary } from './import-run.js';
import { blockedCounts, ImportTally } from './import-tally.js';
import type { ImportRequest, ImportScope, PreparedImport } from './prepared-import.js';
import type { UserImporter } from './user-importer.js';
import type { VideoImporter } from './video-importer.js';

/** Who runs imports: an administrator, or the command line acting for a site (id 0 is nobody's). */
export type ImportActor = Pick<User, 'id' | 'role' | 'siteId'>;

export interface ImportServiceDeps {
  readonly runs: ImportRunRepository;
  readonly data: ImportDataRepository;
  readonly userImporter: UserImporter;
  readonly videoImporter: VideoImporter;
  /** The import folder at a path (IMPORT_DIR, or the command line's --files-dir). */
  readonly folderAt: (root: string) => ImportFolder;
  readonly importDir: string;
  readonly logger: DomainLogger;
}

/** What checking a file found, without importing it. */
export interface ImportCheck {
  readonly total: number;
  /** Rows that would be created. */
  readonly creates: number;
  readonly unchanged: number;
  readonly invalidRows: number;
  readonly problems: readonly ImportProblem[];
  /** Whether importing it would import nothing (problems, and rows are not to be skipped). */
  readonly blocked: boolean;
}

export const RECENT_RUNS = 20;
const FILENAME_MAX = 255;

export function assertImportAdmin(actor: ImportActor): void {
  requireAdminRole(actor, 'Only administrators import and export users and videos.');
}

const checkOf = (plan: ImportPlan<unknown>, skipInvalid: boolean): ImportCheck => ({
  total: plan.total,
  creates: plan.creates.length,
  unchanged: plan.unchanged,
  invalidRows: plan.invalidRows,
  problems: plan.problems,
  blocked: planBlocked(plan, skipInvalid),
});

/**
 * Bulk imports of users and videos from CSV files (Esup-Pod's migration formats): each run is
 * recorded with its progress and report. A file is checked whole before anything is written;
 * with any problem nothing is imported, unless the administrator asked to skip the bad rows.
 * Re-running a file creates nothing twice. The web page starts runs in the background; the
 * command line waits for them.
 */
/** How often a running import says it is alive, and after how long without a beat it is taken for stopped. */
export const HEARTBEAT_MS = 20_000;
export const STALE_AFTER_SECONDS = 90;

export function createImportService(deps: ImportServiceDeps) {
  const { runs, data, userImporter, videoImporter, folderAt, importDir, logger } = deps;

  function prepare(scope: ImportScope, request: ImportRequest): Promise<PreparedImport> {
    if (request.kind === 'users') return userImporter.prepare(scope, request.bytes, request.defaultRole ?? 'student');
    return videoImporter.prepare(scope, request.bytes, folderAt(request.filesDir ?? importDir));
  }

  /** Runs `execute` with a heartbeat, so that other processes see the run is alive. */
  async function executeBeating(run: ImportRun, request: ImportRequest, onProgress?: (counts: ImportCounts) => void): Promise<ImportRun> {
    const heart = setInterval(() => {
      // A missed beat is harmless (the next one comes in HEARTBEAT_MS); three missed ones mark the run interrupted.
      runs.beat(run.id).catch((error: unknown) => logger.warn({ err: error, runId: run.id }, 'import heartbeat not recorded'));
    }, HEARTBEAT_MS);
    heart.unref();
    try {
      return await execute(run, request, onProgress);
    } finally {
      clearInterval(heart);
    }
  }

  /** Plans, then imports unless blocked; the run's record follows along. */
  async function execute(run: ImportRun, request: ImportRequest, onProgress?: (counts: ImportCounts) => void): Promise<ImportRun> {
    const scope = { siteId: run.siteId, requestedBy: run.requestedBy, runId: run.id };
    const prepared = await prepare(scope, request);
    const { plan } = prepared;
    if (planBlocked(plan, request.skipInvalid)) {
      await runs.finish(run.id, { status: 'failed', counts: blockedCounts(plan), problems: plan.problems, videoIds: [] });
      logger.info({ runId: run.id, problems: plan.problems.length }, 'import blocked by problems in the file');
      return (await runs.findById(run.id))!;
    }
    const tally = new ImportTally(plan);
    await runs.planned(run.id, tally.counts, plan.problems);
    onProgress?.(tally.counts);
    await prepared.execute(tally, async () => {
      await runs.progress(run.id, tally.counts, tally.videoIds);
      onProgress?.(tally.counts);
    });
    await runs.finish(run.id, { status: 'succeeded', counts: tally.counts, problems: tally.problems, videoIds: tally.videoIds });
    logger.info({ runId: run.id, kind: run.kind, ...tally.counts }, 'import finished');
    return (await runs.findById(run.id))!;
  }

  async function record(actor: ImportActor, request: ImportRequest): Promise<ImportRun> {
    assertImportAdmin(actor);
    const run = await runs.insert({
      id: randomUUID(),
      siteId: actor.siteId,
      kind: request.kind,
      requestedBy: actor.id > 0 ? actor.id : null,
      filename: [...request.filename].slice(0, FILENAME_MAX).join(''),
      skipInvalid: request.skipInvalid,
    });
    logger.info({ runId: run.id, kind: run.kind, userId: run.requestedBy, filename: run.filename }, 'import started');
    return run;
  }

  async function fail(runId: string, error: unknown): Promise<void> {
    logger.error({ err: error, runId }, 'import stopped by an unexpected error');
    await runs.fail(runId, error instanceof Error ? error.message : String(error));
  }

  /**
   * Runs whose process stopped (no beat for STALE_AFTER_SECONDS) are marked interrupted: at
   * start, and whenever runs are shown. Runs of other live processes keep beating.
   */
  async function interruptStale(): Promise<number> {
    const count = await runs.interruptSilent(STALE_AFTER_SECONDS);
    if (count) logger.warn({ count }, 'imports whose process stopped marked interrupted; run their files again to finish them');
    return count;
  }

  async function get(actor: ImportActor, id: string): Promise<ImportRun> {
    assertImportAdmin(actor);
    const run = await runs.findById(id);
    if (!run || run.siteId !== actor.siteId) throw new NotFoundError('import_not_found', 'No such import.');
    return run;
  }

  return {
    /** The configured import folder (video files are read there unless a command says otherwise). */
    importDir,

    /** Checks a file as an import would, writing nothing. */
    async check(actor: ImportActor, request: ImportRequest): Promise<ImportCheck> {
      assertImportAdmin(actor);
      const prepared = await prepare({ siteId: actor.siteId, requestedBy: null, runId: null }, request);
      return checkOf(prepared.plan, request.skipInvalid);
    },

    /** Imports and waits (the command line); `onProgress` hears the counts after each step. */
    async run(actor: ImportActor, request: ImportRequest, onProgress?: (counts: ImportCounts) => void): Promise<ImportRun> {
      const run = await record(actor, request);
      try {
        return await executeBeating(run, request, onProgress);
      } catch (error) {
        await fail(run.id, error);
        throw error;
      }
    },

    /** Records the run and imports in the background (the web page follows its progress). */
    async start(actor: ImportActor, request: ImportRequest): Promise<ImportRun> {
      const run = await record(actor, request);
      executeBeating(run, request)
        .catch((error: unknown) => fail(run.id, error))
        .catch((error: unknown) => logger.error({ err: error, runId: run.id }, 'could not record the failure of an import; it is marked interrupted at the next start'));
      return run;
    },

    get,

    /** The run and, for videos, the encoding of the videos it created. */
    async progress(actor: ImportActor, id: string): Promise<{ run: ImportRun; videos: ImportedVideoState[] }> {
      await interruptStale();
      const run = await get(actor, id);
      return { run, videos: run.videoIds.length ? await data.encodingOf(run.videoIds) : [] };
    },

    async listRecent(actor: ImportActor): Promise<ImportRunSummary[]> {
      assertImportAdmin(actor);
      await interruptStale();
      return runs.listRecent(actor.siteId, RECENT_RUNS);
    },

    interruptStale,
  };
}

export type ImportService = ReturnType<typeof createImportService>;
