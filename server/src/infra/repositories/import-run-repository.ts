import { sql, type Selectable } from 'kysely';
import type { ImportProblem } from '../../domain/imports/import-problem.js';
import type { ImportCounts, ImportRun, ImportRunRepository, ImportRunSummary } from '../../domain/imports/import-run.js';
import type { Db } from '../db.js';
import type { ImportRunsTable } from '../db-schema.js';

type RunRow = Omit<Selectable<ImportRunsTable>, 'problems' | 'video_ids' | 'heartbeat_at'> & { problem_count: number | string };

function toSummary(row: RunRow): ImportRunSummary {
  return {
    id: row.id,
    siteId: row.site_id,
    kind: row.kind,
    requestedBy: row.requested_by,
    filename: row.filename,
    skipInvalid: row.skip_invalid,
    status: row.status,
    total: row.total,
    processed: row.processed,
    created: row.created,
    unchanged: row.unchanged,
    rejected: row.rejected,
    problemCount: Number(row.problem_count),
    errorMessage: row.error_message,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

const countColumns = (counts: ImportCounts) => ({
  total: counts.total,
  processed: counts.processed,
  created: counts.created,
  unchanged: counts.unchanged,
  rejected: counts.rejected,
});

const SUMMARY_COLUMNS = [
  'id', 'site_id', 'kind', 'requested_by', 'filename', 'skip_invalid', 'status', 'total', 'processed', 'created', 'unchanged', 'rejected', 'error_message', 'started_at', 'finished_at',
] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** import_runs. Every change but `interruptSilent` applies to a run still running. */
export function createImportRunRepository(db: Db): ImportRunRepository {
  const summaries = () => db.selectFrom('import_runs').select(SUMMARY_COLUMNS).select(sql<number>`jsonb_array_length(problems)`.as('problem_count'));
  const running = (id: string) => db.updateTable('import_runs').where('id', '=', id).where('status', '=', 'running');

  return {
    async insert(run) {
      await db
        .insertInto('import_runs')
        .values({ id: run.id, site_id: run.siteId, kind: run.kind, requested_by: run.requestedBy, filename: run.filename, skip_invalid: run.skipInvalid })
        .execute();
      return (await this.findById(run.id))!;
    },

    async planned(id, counts, problems) {
      await running(id)
        .set({ ...countColumns(counts), problems: JSON.stringify(problems), heartbeat_at: sql`now()` })
        .execute();
    },

    async progress(id, counts, videoIds) {
      await running(id)
        .set({ ...countColumns(counts), video_ids: [...videoIds], heartbeat_at: sql`now()` })
        .execute();
    },

    async finish(id, outcome) {
      await running(id)
        .set({ ...countColumns(outcome.counts), status: outcome.status, problems: JSON.stringify(outcome.problems), video_ids: [...outcome.videoIds], finished_at: sql`now()` })
        .execute();
    },

    async fail(id, errorMessage) {
      await running(id)
        .set({ status: 'failed', error_message: errorMessage.slice(0, 2000), finished_at: sql`now()` })
        .execute();
    },

    async findById(id) {
      if (!UUID.test(id)) return null;
      const row = await db.selectFrom('import_runs').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return null;
      const problems = row.problems as ImportProblem[];
      const run: ImportRun = { ...toSummary({ ...row, problem_count: problems.length }), problems, videoIds: row.video_ids };
      return run;
    },

    async listRecent(siteId, limit) {
      const rows = await summaries().where('site_id', '=', siteId).orderBy('started_at', 'desc').orderBy('id').limit(limit).execute();
      return rows.map(toSummary);
    },

    async beat(id) {
      await running(id).set({ heartbeat_at: sql`now()` }).execute();
    },

    async interruptSilent(seconds) {
      const result = await db
        .updateTable('import_runs')
        .set({ status: 'interrupted', finished_at: sql`now()` })
        .where('status', '=', 'running')
        .where('heartbeat_at', '<', sql<Date>`now() - make_interval(secs => ${seconds})`)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}
