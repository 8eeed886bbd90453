import fs from 'node:fs/promises';
import type { Request } from 'express';
import type { ZodType } from 'zod';
import type { IncomingFile, IncomingSubtitles } from '../domain/enrichments/enrichment.js';
import { mebibytes } from '../domain/enrichments/item-rules.js';
import { PayloadTooLargeError, ValidationError } from '../domain/errors.js';
import { FileOverLimit, receiveMultipartForm, type ReceivedFile } from './multipart-upload.js';

/**
 * Bodies that are JSON, or multipart/form-data when a file comes with them (API operations and
 * web forms alike). A received file sits in `directory` until `discardFile`.
 */
export interface RequestBody {
  readonly fields: Record<string, unknown>;
  readonly file: ReceivedFile | null;
  readonly multipart: boolean;
}

export async function readRequestBody(req: Request, directory: string, maxFileBytes: number): Promise<RequestBody> {
  if (!req.is('multipart/form-data')) return { fields: (req.body as Record<string, unknown> | undefined) ?? {}, file: null, multipart: false };
  try {
    const form = await receiveMultipartForm(req, directory, maxFileBytes);
    return { fields: form.fields, file: form.file, multipart: true };
  } catch (error) {
    if (!(error instanceof FileOverLimit)) throw error;
    const max = mebibytes(maxFileBytes);
    throw new PayloadTooLargeError('file_too_large', `The file is larger than the ${max} limit.`, { params: { max }, fields: [{ path: 'file', message: `at most ${max}` }] });
  }
}

/** Parses fields with a schema; problems become one 400 with a path per field (`body.<field>`). */
export function parseFields<T>(schema: ZodType<T>, fields: unknown, prefix = 'body'): T {
  const result = schema.safeParse(fields);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({ path: [prefix, ...issue.path].filter((part) => part !== '').join('.'), message: issue.message }));
  throw new ValidationError('validation_failed', 'Some fields are not valid.', { fields: problems });
}

const HEAD_BYTES = 4096;

/** A received file as the domain takes it: where it is, its name, size and first bytes. */
export async function incomingFile(file: ReceivedFile): Promise<IncomingFile> {
  const handle = await fs.open(file.filePath, 'r');
  try {
    const head = Buffer.alloc(Math.min(HEAD_BYTES, file.size));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return { localPath: file.filePath, filename: file.filename, size: file.size, head: head.subarray(0, bytesRead) };
  } finally {
    await handle.close();
  }
}

/** A received subtitle file, whole (its size was capped while receiving it). */
export async function incomingSubtitles(file: ReceivedFile): Promise<IncomingSubtitles> {
  return { filename: file.filename, bytes: await fs.readFile(file.filePath) };
}

/** Removes a received file the domain did not move into storage. */
export async function discardFile(file: ReceivedFile | null): Promise<void> {
  if (file) await fs.rm(file.filePath, { force: true });
}

/** Runs `work` with the body, then removes what is left of its file, whatever happened. */
export async function withRequestBody<T>(req: Request, directory: string, maxFileBytes: number, work: (body: RequestBody) => Promise<T>): Promise<T> {
  const body = await readRequestBody(req, directory, maxFileBytes);
  try {
    return await work(body);
  } finally {
    await discardFile(body.file);
  }
}
