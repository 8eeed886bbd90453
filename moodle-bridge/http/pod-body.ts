import fs from 'node:fs/promises';
import type { Request } from 'express';
import { PayloadTooLargeError, UnsupportedMediaError } from '../../server/src/domain/errors.js';
import { FileOverLimit, receiveMultipartForm, type ReceivedFile } from '../../server/src/http/multipart-upload.js';

/**
 * Request bodies as DRF's default parsers take them: JSON, url-encoded forms and multipart forms
 * (the only way to send a file). In a form, a list field is each of its repeated values; any
 * other repeated field counts by its last value, as Django's `QueryDict` does.
 */
export interface PodBody {
  readonly fields: Record<string, unknown>;
  readonly file: ReceivedFile | null;
}

export interface PodBodyOptions {
  /** Where a multipart file is received before the domain takes it. */
  readonly directory: string;
  readonly maxFileBytes: number;
  /** The form field carrying the file (Pod's `video`, `src`), or null when the resource has none. */
  readonly fileField: string | null;
  readonly listFields?: readonly string[];
}

function formFields(values: Record<string, unknown>, listFields: readonly string[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    fields[name] = listFields.includes(name) || !Array.isArray(value) ? value : value[value.length - 1];
  }
  return fields;
}

async function readBody(req: Request, options: PodBodyOptions): Promise<PodBody> {
  const listFields = options.listFields ?? [];
  if (req.is('multipart/form-data')) {
    try {
      const form = await receiveMultipartForm(req, options.directory, options.maxFileBytes, { fileField: options.fileField });
      return { fields: formFields(form.lists, listFields), file: form.file };
    } catch (error) {
      if (!(error instanceof FileOverLimit)) throw error;
      throw new PayloadTooLargeError('file_too_large', `The file is larger than the ${options.maxFileBytes}-byte limit.`, { params: { max: options.maxFileBytes } });
    }
  }
  const body: unknown = req.body;
  if (body !== undefined) return { fields: req.is('application/x-www-form-urlencoded') ? formFields(body as Record<string, unknown>, listFields) : (body as Record<string, unknown>), file: null };
  const type = req.get('content-type');
  if (type && Number(req.get('content-length') ?? 1) > 0) throw new UnsupportedMediaError('unsupported_media_type', `Unsupported media type "${type}" in request.`);
  return { fields: {}, file: null };
}

/** Runs `work` with the body, then removes what is left of its file (moved into storage, or not), whatever happened. */
export async function withPodBody<T>(req: Request, options: PodBodyOptions, work: (body: PodBody) => Promise<T>): Promise<T> {
  const body = await readBody(req, options);
  try {
    return await work(body);
  } finally {
    if (body.file) await fs.rm(body.file.filePath, { force: true });
  }
}
