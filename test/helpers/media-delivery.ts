import http from 'node:http';
import { listenOnLoopback, type RunningServer } from './running-server.js';
import path from 'node:path';
import { Writable } from 'node:stream';
import session from 'express-session';
import { pino } from 'pino';
import { buildApp } from '../../server/src/app.js';
import type { Config } from '../../server/src/config/config.js';
import type { EncodedMedia } from '../../server/src/domain/encoding/encoded-media.js';
import type { Video } from '../../server/src/domain/videos/video.js';
import { uploadFile, waitForVideo } from './encoding.js';
import { createUser } from './factories.js';
import { lectureClip } from './media.js';
import { TEST_SECRET, type TestApp } from './test-app.js';

/** A video really encoded by the test app's worker, and what the media routes need of it. */
export interface EncodedVideo {
  readonly video: Video;
  readonly manifest: EncodedMedia;
  /** `media-<job id>`: the encoding's folder, relative to `videos/<id>/`. */
  readonly folder: string;
  /** The absolute local path of a key under `videos/<id>/`. */
  fileOf(key: string): string;
}

export async function encodedVideo(ctx: TestApp): Promise<EncodedVideo> {
  const teacher = await createUser(ctx);
  const id = await uploadFile(ctx, teacher.auth, await lectureClip({ seconds: 8, width: 640, height: 360, subtitles: true }));
  const video = await waitForVideo(ctx, id, ['ready', 'failed'], 90_000);
  if (video.status !== 'ready' || !video.media) throw new Error(`encoding failed: ${JSON.stringify(video.encoding)}`);
  const folder = path.basename(video.media.folder);
  return { video, manifest: video.media.manifest, folder, fileOf: (key) => path.join(ctx.varDir, 'media', 'videos', String(id), key) };
}

/** The test app's services behind a second app whose logger writes into `lines` (and other config, e.g. media delivery). */
export function appWithLogger(ctx: TestApp, config: Config = ctx.config): { app: ReturnType<typeof buildApp>['app']; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const logger = pino({ level: 'info' }, sink);
  const { app } = buildApp({ config, logger, pool: ctx.database.pool, services: ctx.services, sessionStore: new session.MemoryStore(), sessionSecret: TEST_SECRET, version: '0.0.0-test' });
  return { app, lines };
}

/** A listening server for raw requests (supertest's URL parsing would normalise `..` and `%2e`). */
export function listen(handler: http.RequestListener): Promise<RunningServer> {
  return listenOnLoopback(http.createServer(handler));
}

export interface RawResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

/** One request with the path sent exactly as given. */
export function rawRequest(port: number, rawPath: string, method = 'GET', headers: http.OutgoingHttpHeaders = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: rawPath, method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
