import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { FileStore } from '@tus/file-store';
import { Server, type Upload as TusUpload } from '@tus/server';
import type { Logger } from '../logger.js';
import { coalesceChunks, fsyncFile } from '../storage/durable-files.js';

/**
 * The one wrapper around @tus/server and @tus/file-store: the tus 1.0 resumable protocol,
 * files under one folder (they survive a restart, so uploads resume after one). Lectern's
 * rules come in through `hooks`, which see the original Node request (with our req.user).
 */
export interface TusRejection {
  readonly status: number;
  readonly body: string;
}

export interface TusHooks<Req extends IncomingMessage> {
  /** Before anything is stored; throw to refuse. */
  onCreate(req: Req, upload: { id: string; size: number | undefined; metadata: Record<string, string | null> }): Promise<void>;
  /** Every request naming an existing upload id (HEAD, PATCH, DELETE), before it is served. */
  onAccess(req: Req, uploadId: string): Promise<void>;
  /** All bytes are in `filePath`; return headers for the client. The file is gone afterwards either way. */
  onComplete(req: Req, uploadId: string, filePath: string): Promise<Record<string, string>>;
  /** Turns what a hook threw into an HTTP answer. */
  reject(req: Req, error: unknown): TusRejection;
  /** Formats the protocol's own refusals (offset conflict, missing header…) like ours. */
  protocolError(req: Req, status: number, message: string): TusRejection;
}

export interface TusUploadServer {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Removes the files of uploads left incomplete past the expiration period. */
  cleanUpExpired(): Promise<number>;
}

/** Headers as srvx hands them to writeHead (flat array, pairs or object), with Content-Type replaced. */
function withContentType(headers: unknown, type: string): unknown {
  const isContentType = (name: unknown) => typeof name === 'string' && name.toLowerCase() === 'content-type';
  if (Array.isArray(headers)) {
    if (headers.every((entry) => Array.isArray(entry))) {
      return [...(headers as [string, string][]).filter(([name]) => !isContentType(name)), ['content-type', type]];
    }
    const flat: unknown[] = [];
    for (let i = 0; i < headers.length; i += 2) if (!isContentType(headers[i])) flat.push(headers[i], headers[i + 1]);
    return [...flat, 'content-type', type];
  }
  if (headers && typeof headers === 'object') {
    const entries = Object.entries(headers).filter(([name]) => !isContentType(name));
    return { ...Object.fromEntries(entries), 'content-type': type };
  }
  return headers;
}

/** FileStore writing in large blocks; the bytes of a finished upload are made durable by onUploadFinish. */
class CoalescingFileStore extends FileStore {
  override write(readable: Readable, fileId: string, offset: number): Promise<number> {
    return super.write(readable.pipe(coalesceChunks()), fileId, offset);
  }
}

export function createTusUploadServer<Req extends IncomingMessage>(options: {
  path: string;
  /** Origins allowed to call cross-origin (CORS); our own pages are same-origin. */
  allowedOrigins: string[];
  directory: string;
  expirationMs: number;
  hooks: TusHooks<Req>;
  logger: Logger;
}): TusUploadServer {
  const { directory, hooks, logger } = options;
  const datastore = new CoalescingFileStore({ directory, expirationPeriodInMilliseconds: options.expirationMs });
  const nodeRequest = (req: { runtime?: { node?: { req?: unknown } } }) => req.runtime?.node?.req as Req;
  const asTusError = (req: Req, error: unknown) => {
    const rejection = hooks.reject(req, error);
    return { status_code: rejection.status, body: rejection.body };
  };
  const removeSidecar = (id: string) => fs.rm(path.join(directory, `${id}.json`), { force: true });

  const server = new Server({
    path: options.path,
    datastore,
    relativeLocation: true,
    respectForwardedHeaders: false,
    exposedHeaders: ['Lectern-Video-Id', 'Lectern-Video-Url'],
    allowedOrigins: options.allowedOrigins,
    namingFunction: () => randomBytes(16).toString('hex'),
    async onUploadCreate(req, upload: TusUpload) {
      try {
        await hooks.onCreate(nodeRequest(req as never), { id: upload.id, size: upload.size, metadata: upload.metadata ?? {} });
      } catch (error) {
        throw asTusError(nodeRequest(req as never), error);
      }
      return {};
    },
    async onIncomingRequest(req, uploadId) {
      // A creation (POST) names the id it is about to create: onUploadCreate checks it.
      if (req.method === 'POST') return;
      try {
        await hooks.onAccess(nodeRequest(req as never), uploadId);
      } catch (error) {
        throw asTusError(nodeRequest(req as never), error);
      }
    },
    async onUploadFinish(req, upload: TusUpload) {
      const node = nodeRequest(req as never);
      const filePath = path.join(directory, upload.id);
      try {
        // Every byte is on disk before we say so (and before ffprobe and the move into storage).
        await fsyncFile(filePath);
        const headers = await hooks.onComplete(node, upload.id, filePath);
        await removeSidecar(upload.id);
        return { status_code: 204, headers };
      } catch (error) {
        await fs.rm(filePath, { force: true });
        await removeSidecar(upload.id);
        throw asTusError(node, error);
      }
    },
  });
  server.options.onResponseError = (req, error) => {
    if ('status_code' in error && error.body.startsWith('{')) return undefined; // already ours
    const status = 'status_code' in error ? error.status_code : 500;
    const message = 'status_code' in error ? error.body.trim() : error.message;
    if (status >= 500) logger.error({ err: error }, 'upload protocol error');
    const rejection = hooks.protocolError(nodeRequest(req as never), status, message);
    return { status_code: rejection.status, body: rejection.body };
  };

  return {
    async handle(req, res) {
      // srvx ends responses with res.end(callback). Middlewares that wrap res.end without
      // passing a callback on (express-session: expressjs/session#477) take it for body data
      // and throw, dropping the connection: hand the callback to the 'close' event instead.
      const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
      res.end = ((...args: unknown[]) => {
        const last = args[args.length - 1];
        if (typeof last !== 'function') return end(...args);
        res.once('close', last as () => void);
        return end(...args.slice(0, -1));
      }) as typeof res.end;
      // Every error body is problem JSON (see reject/protocolError); say so.
      const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
      res.writeHead = ((status: number, ...rest: unknown[]) => {
        if (status >= 400 && rest.length) rest[rest.length - 1] = withContentType(rest[rest.length - 1], 'application/problem+json');
        return writeHead(status, ...rest);
      }) as typeof res.writeHead;
      await server.handle(req, res);
    },
    cleanUpExpired: () => server.cleanUpExpiredUploads(),
  };
}
