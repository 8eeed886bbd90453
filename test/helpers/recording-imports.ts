import { stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../server/src/domain/errors.js';
import type { BbbRecording } from '../../server/src/domain/meetings/bbb.js';
import type { BbbServer } from '../../server/src/domain/meetings/bbb-server.js';
import type { RecordingImport, RecordingImportRequest, RecordingImportStatus } from '../../server/src/domain/meetings/recording-import.js';
import { statusOf } from '../../server/src/http/middlewares/error-handler.js';
import type { TestApp } from './test-app.js';

/** The recording as Lectern reads it from the server (what the pages hand to request()). */
export async function recordingOf(ctx: TestApp, server: BbbServer, recordId: string): Promise<BbbRecording> {
  const [recording] = await ctx.services.bbbApis.forServer(server).getRecordings({ recordIDs: [recordId], states: ['any'] });
  if (!recording) throw new Error(`the double has no recording ${recordId}`);
  return recording;
}

/** A manual import of the recording by `userId`. */
export async function requestImport(ctx: TestApp, server: BbbServer, recordId: string, userId: number, trigger: RecordingImportRequest['trigger'] = 'manual') {
  return ctx.services.recordingImportService.request({ server, recording: await recordingOf(ctx, server, recordId), requestedBy: trigger === 'manual' ? userId : null, trigger });
}

/** Polls until the import reaches one of `statuses` (done or failed by default). */
export async function waitForImport(ctx: TestApp, importId: number, statuses: readonly RecordingImportStatus[] = ['done', 'failed'], timeoutMs = 25_000): Promise<RecordingImport> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await ctx.services.recordingImportService.findById(importId);
    if (statuses.includes(found.status)) return found;
    if (Date.now() > deadline) throw new Error(`import ${importId} is still ${found.status} after ${timeoutMs} ms (waiting for ${statuses.join('/')})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Queued or running jobs of this import. */
export async function importJobCount(ctx: TestApp, importId: number): Promise<number> {
  const result = await ctx.database.pool.query("SELECT count(*)::int AS n FROM agenda_jobs WHERE name = 'bbb.import-recording' AND data @> $1::jsonb", [JSON.stringify({ importId })]);
  return (result.rows[0] as { n: number }).n;
}

/** Where the import's partial download lives. */
export function partFileOf(ctx: TestApp, importId: number): string {
  return path.join(ctx.varDir, 'uploads', 'bbb', `${importId}.part`);
}

export async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw error;
    },
  );
}

/** Videos of the site whose title is this (an import must leave none behind when it fails). */
export async function videosTitled(ctx: TestApp, title: string): Promise<number> {
  const rows = await ctx.database.db.selectFrom('videos').select('id').where('title', '=', title).execute();
  return rows.length;
}

/** The AppError a call ends with, as the HTTP layer would answer it (status, code, params). */
export async function refusalOf(call: Promise<unknown>): Promise<{ status: number; code: string; message: string; params: Record<string, string | number> }> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${error instanceof Error ? error.stack : String(error)}`);
  return { status: statusOf(error), code: error.code, message: error.message, params: error.details.params ?? {} };
}
