import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FileStore } from '@tus/file-store';
import { EVENTS, Server, type Upload as TusUpload } from '@tus/server';
import type { Logger } from '../logger.js';

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
  /** Every request naming an existing upload id (HEAD, PATCH, DELETE). */
  onAccess(req: Req, uploadId: string): Promise<void>;
  /** All bytes are in `filePath`; return headers for the client. The file is gone afterwards either way. */
  onComplete(req: Req, uploadId: string, filePath: string): Promise<Record<string, string>>;
  onCancel(req: Req, uploadId: string): Promise<void>;
  /** Turns what a hook threw into an HTTP answer (rethrows what it does not know). */
  reject(req: Req, error: unknown): TusRejection;
}

export interface TusUploadServer {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Removes the files of uploads left incomplete past the expiration period. */
  cleanUpExpired(): Promise<number>;
}

export function createTusUploadServer<Req extends IncomingMessage>(options: {
  path: string;
  directory: string;
  expirationMs: number;
  hooks: TusHooks<Req>;
  logger: Logger;
}): TusUploadServer {
  const { directory, hooks, logger } = options;
  const datastore = new FileStore({ directory, expirationPeriodInMilliseconds: options.expirationMs });
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
  server.on(EVENTS.POST_TERMINATE, (req, _res, id) => {
    hooks.onCancel(nodeRequest(req as never), id).catch((error: unknown) => logger.error({ err: error, uploadId: id }, 'could not record a cancelled upload'));
  });

  return {
    handle: (req, res) => server.handle(req, res),
    cleanUpExpired: () => server.cleanUpExpiredUploads(),
  };
}
