import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import type { Request } from 'express';
import { ValidationError } from '../domain/errors.js';
import { coalesceChunks, fsyncFile } from '../infra/storage/durable-files.js';

export interface ReceivedFile {
  readonly id: string;
  readonly filePath: string;
  readonly filename: string;
  readonly size: number;
  readonly fields: Record<string, string>;
}

const MAX_FIELDS = 100;
const MAX_FIELD_SIZE = 64 * 1024;
/** Other file parts than the expected one are read and dropped; a few are tolerated. */
const MAX_FILE_PARTS = 4;

/** Thrown with the partial file already removed, when the file passes the byte limit. */
export class FileOverLimit extends Error {
  constructor(readonly limit: number) {
    super(`The file is larger than ${limit} bytes.`);
  }
}

/** A multipart/form-data body: its text fields, and its file part when it had one. */
export interface ReceivedForm {
  /** Each field's last value. */
  readonly fields: Record<string, string>;
  /** Every value of each field, in order (a repeated field is a list, as Django's `getlist`). */
  readonly lists: Record<string, string[]>;
  readonly file: ReceivedFile | null;
}

export interface MultipartOptions {
  /** The form field whose file is received (default `file`; null: none is); files in other fields are skipped. */
  readonly fileField?: string | null;
}

/**
 * The one use of busboy: streams the single file part of a multipart/form-data request (its
 * `file` field unless told otherwise) to `directory` (never into memory), stopping at `limit`
 * bytes. Text fields are collected. On any failure the partial file is removed.
 */
export async function receiveMultipartFile(req: Request, directory: string, limit: number): Promise<ReceivedFile> {
  const form = await receiveMultipartForm(req, directory, limit);
  if (!form.file) throw new ValidationError('file_missing', 'Send the media in a form field named "file".');
  return form.file;
}

/**
 * The same, for forms whose file is optional. A browser sends a file input left empty as an
 * empty part without a file name: that counts as no file.
 */
export async function receiveMultipartForm(req: Request, directory: string, limit: number, options: MultipartOptions = {}): Promise<ReceivedForm> {
  const fileField = options.fileField === undefined ? 'file' : options.fileField;
  await fs.mkdir(directory, { recursive: true });
  const id = randomBytes(16).toString('hex');
  const filePath = path.join(directory, `multipart-${id}.part`);
  const fields: Record<string, string> = {};
  const lists: Record<string, string[]> = {};
  let file: { filename: string; named: boolean; size: number; truncated: boolean } | null = null;
  let writing: Promise<void> | null = null;
  let output: WriteStream | null = null;

  // Browsers send file names as raw UTF-8 bytes: busboy's default (latin1) would garble "é".
  const parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: MAX_FILE_PARTS, fields: MAX_FIELDS, fieldSize: MAX_FIELD_SIZE, fileSize: limit, parts: MAX_FIELDS + MAX_FILE_PARTS } });
  // Past a limit busboy drops what follows: that is refused, never a form silently cut short.
  let overflow: string | null = null;
  for (const event of ['fieldsLimit', 'filesLimit', 'partsLimit'] as const) parser.on(event, () => (overflow ??= event));
  parser.on('field', (name, value, info) => {
    if (info.valueTruncated) overflow ??= `field ${name}`;
    fields[name] = value;
    (lists[name] ??= []).push(value);
  });
  parser.on('file', (name, stream, info) => {
    if (name !== fileField || file) {
      stream.resume();
      return;
    }
    const received = { filename: info.filename || 'upload', named: Boolean(info.filename), size: 0, truncated: false };
    file = received;
    stream.on('data', (chunk: Buffer) => {
      received.size += chunk.length;
    });
    stream.on('limit', () => {
      received.truncated = true;
    });
    output = createWriteStream(filePath);
    writing = pipeline(stream, coalesceChunks(), output);
  });

  try {
    await pipeline(req, parser);
    if (writing) await writing;
    if (overflow) {
      throw new ValidationError('form_too_large', `The form is too large (${overflow}): at most ${MAX_FIELDS} fields of ${MAX_FIELD_SIZE / 1024} KiB and one file.`, {
        params: { fields: MAX_FIELDS },
      });
    }
    const got = file as { filename: string; named: boolean; size: number; truncated: boolean } | null;
    if (!got || (!got.named && got.size === 0)) {
      await fs.rm(filePath, { force: true });
      return { fields, lists, file: null };
    }
    if (got.truncated) throw new FileOverLimit(limit);
    await fsyncFile(filePath);
    return { fields, lists, file: { id, filePath, filename: got.filename, size: got.size, fields } };
  } catch (error) {
    // Let the file stream settle and close (it may still be opening its file) before removing
    // the file; the error that matters is the one being handled here.
    if (writing) await Promise.allSettled([writing]);
    const stream = output as WriteStream | null;
    if (stream && !stream.closed) await new Promise<void>((resolve) => stream.once('close', () => resolve()));
    await fs.rm(filePath, { force: true });
    if (error instanceof Error && /Unexpected end of form|Malformed part header|Multipart: Boundary not found/i.test(error.message)) {
      throw new ValidationError('malformed_multipart', 'The multipart/form-data body is malformed or incomplete.');
    }
    throw error;
  }
}
