import { randomUUID } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { MediaConfig } from '../../config/config.js';
import type { MediaGrant, MediaGrants } from '../../domain/access/media-grant.js';
import type { MediaStorage } from '../../domain/media/media-storage.js';
import type { Logger } from '../../infra/logger.js';
import type { AccessEpochCache } from './access-epoch-cache.js';
import { mediaTypeOf } from './content-types.js';
import { isPublicGrant, mediaCacheControl } from './media-cache-control.js';
import { createBufferPool } from './file-pump.js';
import { isMissingFile, sendMediaFile } from './media-file-sender.js';
import { sendMediaProblem, type MediaProblemCode } from './media-problem.js';
import { isImmutableKey, parseMediaTarget, redactMediaPath, splitMediaUrl } from './media-url.js';
import { createOpenFileCache, type OpenFileCache } from './open-file-cache.js';
import { createVerifiedGrants } from './verified-grants.js';

/**
 * `GET|HEAD|OPTIONS /media/<grant>/<video id>/<key>`: a plain node:http handler (no Express on this path,
 * see media.routes.ts). Checks, in order: the grant's signature and expiry, the key's shape,
 * then the video's current access epoch (cached, never a query per request); then streams the
 * file from `videos/<grant's video>/<key>` or, in x-accel-redirect mode, hands it to nginx.
 * A grant only ever opens its own video's folder.
 */
export interface MediaHandlerDeps {
  readonly grants: Pick<MediaGrants, 'verify'>;
  readonly epochs: Pick<AccessEpochCache, 'epochOf'>;
  readonly storage: Pick<MediaStorage, 'localPath'>;
  readonly config: MediaConfig;
  readonly logger: Logger;
  /** Shared descriptors of immutable files; one of the handler's own by default. */
  readonly files?: OpenFileCache;
  readonly now?: () => number;
}

export type MediaHandler = (req: IncomingMessage, res: ServerResponse) => void;

const REQUEST_ID = /^[\w.-]{8,100}$/;
const GRANT_REFUSALS: Record<'malformed' | 'bad_signature' | 'expired', MediaProblemCode> = {
  malformed: 'media_grant_missing',
  bad_signature: 'media_grant_invalid',
  expired: 'media_grant_expired',
};

/** Headers of every media answer, errors included (a player on an LMS origin reads those too). */
function baseHeaders(requestId: string): OutgoingHttpHeaders {
  return {
    'x-request-id': requestId,
    'x-content-type-options': 'nosniff',
    'access-control-allow-origin': '*',
    'access-control-expose-headers': 'Content-Length, Content-Range, Accept-Ranges, ETag',
    'cross-origin-resource-policy': 'cross-origin',
  };
}

function answerPreflight(res: ServerResponse, headers: OutgoingHttpHeaders): void {
  headers['access-control-allow-methods'] = 'GET, HEAD';
  headers['access-control-allow-headers'] = 'Range, If-None-Match, If-Modified-Since, If-Range';
  headers['access-control-max-age'] = '86400';
  res.writeHead(204, headers).end();
}

export function createMediaHandler(deps: MediaHandlerDeps): MediaHandler {
  const { epochs, storage, config, now = Date.now } = deps;
  const grants = createVerifiedGrants(deps.grants, now);
  const log = deps.logger.child({ module: 'http' });
  const pool = createBufferPool();
  const files = deps.files ?? createOpenFileCache({ onCloseError: (error) => log.error({ err: error }, 'a media file descriptor did not close') });

  function logRequest(req: IncomingMessage, res: ServerResponse, requestId: string, started: bigint): void {
    if (!log.isLevelEnabled('info')) return;
    const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
    const path = redactMediaPath((req.url ?? '').split('?')[0]!);
    const aborted = res.writableFinished ? undefined : true;
    log.info({ requestId, method: req.method, path, status: res.statusCode, ms, aborted }, 'request');
  }

  /** A bug, not a refusal: logged, answered 500 (or the socket cut if the answer had started). */
  function fail(res: ServerResponse, requestId: string, headers: OutgoingHttpHeaders, error: unknown): void {
    log.error({ err: error, requestId }, 'unexpected error in the media handler');
    if (res.headersSent) res.destroy();
    else sendMediaProblem(res, 'internal_error', requestId, headers);
  }

  function deliver(req: IncomingMessage, res: ServerResponse, grant: MediaGrant, key: string, headers: OutgoingHttpHeaders, requestId: string): void {
    const type = mediaTypeOf(key);
    headers['content-type'] = type.contentType;
    if (type.attachment) headers['content-disposition'] = `attachment; filename="${key.slice(key.lastIndexOf('/') + 1)}"`;
    if (type.csp) headers['content-security-policy'] = type.csp;
    const remaining = (grant.expiresAt.getTime() - now()) / 1000;
    headers['cache-control'] = mediaCacheControl(remaining, isPublicGrant(remaining, config.grantTtlSeconds), isImmutableKey(key));
    const storageKey = `videos/${grant.videoId}/${key}`;
    if (config.delivery === 'x-accel-redirect') {
      // nginx serves the bytes (ranges, validators) from its internal location; this body is dropped.
      headers['x-accel-redirect'] = `${config.accelPrefix}${storageKey}`;
      headers['content-length'] = 0;
      res.writeHead(200, headers).end();
      return;
    }
    files.open(storage.localPath(storageKey), isImmutableKey(key), (error, lease) => {
      if (lease) return sendMediaFile(req, res, lease, headers, { pool, onReadError: (readError) => log.error({ err: readError, requestId, videoId: grant.videoId }, 'media file read failed mid-answer') });
      if (error && isMissingFile(error)) return sendMediaProblem(res, 'media_not_found', requestId, headers);
      log.error({ err: error, requestId, videoId: grant.videoId }, 'media file could not be opened');
      sendMediaProblem(res, 'internal_error', requestId, headers);
    });
  }

  function checkAndDeliver(req: IncomingMessage, res: ServerResponse, headers: OutgoingHttpHeaders, requestId: string): void {
    const parts = splitMediaUrl(req.url ?? '');
    if (!parts || parts.grant === '') return sendMediaProblem(res, 'media_grant_missing', requestId, headers);
    const check = grants.verify(parts.grant);
    if (!check.ok) return sendMediaProblem(res, GRANT_REFUSALS[check.reason], requestId, headers);
    const target = parseMediaTarget(parts.rest);
    if (target === null) return sendMediaProblem(res, 'media_not_found', requestId, headers);
    const { grant } = check;
    // A grant opens its own video only; say so rather than "not found" when it is used on another.
    if (target.videoId !== grant.videoId) return sendMediaProblem(res, 'media_grant_foreign', requestId, headers);
    const { key } = target;
    epochs
      .epochOf(grant.videoId)
      .then(
        (current) => {
          if (current === null) sendMediaProblem(res, 'media_not_found', requestId, headers);
          else if (grant.epoch < current) sendMediaProblem(res, 'media_grant_revoked', requestId, headers);
          else deliver(req, res, grant, key, headers, requestId);
        },
        (error: unknown) => {
          log.error({ err: error, requestId, videoId: grant.videoId }, 'access epoch lookup failed');
          sendMediaProblem(res, 'media_unavailable', requestId, headers);
        },
      )
      .catch((error: unknown) => fail(res, requestId, headers, error));
  }

  return (req, res) => {
    const started = process.hrtime.bigint();
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.once('close', () => logRequest(req, res, requestId, started));
    const headers = baseHeaders(requestId);
    // Express is not around this handler to catch what it throws: an exception here would
    // reach the http server's 'request' listener and stop the process.
    try {
      if (req.method === 'OPTIONS') return answerPreflight(res, headers);
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendMediaProblem(res, 'method_not_allowed', requestId, headers);
      checkAndDeliver(req, res, headers, requestId);
    } catch (error) {
      fail(res, requestId, headers, error);
    }
  };
}
