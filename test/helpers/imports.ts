import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { ImportRun } from '../../server/src/domain/imports/import-run.js';
import type { ImportRequest } from '../../server/src/domain/imports/prepared-import.js';
import type { TestApp } from './test-app.js';

/** CSV text as the bytes of an uploaded file (UTF-8). */
export const csvBytes = (lines: readonly string[]): Uint8Array => new TextEncoder().encode(`${lines.join('\n')}\n`);

export function usersRequest(lines: readonly string[], options: Partial<ImportRequest> = {}): ImportRequest {
  return { kind: 'users', filename: 'users.csv', bytes: csvBytes(lines), skipInvalid: false, ...options };
}

export function videosRequest(lines: readonly string[], options: Partial<ImportRequest> = {}): ImportRequest {
  return { kind: 'videos', filename: 'videos.csv', bytes: csvBytes(lines), skipInvalid: false, ...options };
}

/** The test app's import folder (IMPORT_DIR defaults to <var>/import), created. */
export async function importFolder(ctx: TestApp): Promise<string> {
  await mkdir(ctx.config.importDir, { recursive: true });
  return ctx.config.importDir;
}

/** Copies a media file into the import folder under `name` (sub-folders made as needed). */
export async function putInImportFolder(ctx: TestApp, source: string, name: string): Promise<string> {
  const target = path.join(await importFolder(ctx), name);
  await mkdir(path.dirname(target), { recursive: true });
  await copyFile(source, target);
  return target;
}

/** Polls a run started in the background until it is no longer running. */
export async function waitForRun(ctx: TestApp, actor: Parameters<TestApp['services']['importService']['get']>[0], id: string, timeoutMs = 60_000): Promise<ImportRun> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await ctx.services.importService.get(actor, id);
    if (run.status !== 'running') return run;
    if (Date.now() > deadline) throw new Error(`import ${id} still running after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
