import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import express from 'express';
import session from 'express-session';
import { pino } from 'pino';
import { buildApp } from '../../server/src/app.js';
import type { Config } from '../../server/src/config/config.js';
import { createMediaHandler } from '../../server/src/http/media/media-handler.js';
import { isMediaUrl } from '../../server/src/http/media/media-url.js';
import type { TestApp } from '../../test/helpers/test-app.js';
import { listenOnLoopback, type RunningServer } from '../../test/helpers/running-server.js';

/**
 * Lectern as main.ts runs it: `buildApp(…)` behind `http.createServer(app)` on loopback, with
 * the harness's services (PostgreSQL pool, grants, the access epoch cache) and a logger at
 * `info` writing one JSON line per request to a file, as production writes to stdout (sync
 * pino writes). `express-middleware` mounts the same media handler as the first middleware of
 * a bare Express app instead of ahead of Express (media.routes.ts), to show what Express's
 * dispatch would cost on this path.
 */
export type LecternShape = 'app' | 'express-middleware';

function withDelivery(config: Config, delivery: Config['media']['delivery']): Config {
  return { ...config, media: { ...config.media, delivery } };
}

export interface LecternServer extends RunningServer {
  /** Requests it logged so far (one line each). */
  requestsLogged(): Promise<number>;
}

export async function startLectern(ctx: TestApp, workspace: string, delivery: Config['media']['delivery'], shape: LecternShape = 'app'): Promise<LecternServer> {
  const logFile = path.join(workspace, `lectern-${delivery}-${shape}.log`);
  const logger = pino({ name: 'lectern', level: 'info' }, pino.destination({ dest: logFile, sync: true }));
  const config = withDelivery(ctx.config, delivery);
  const services = ctx.services;
  if (shape === 'express-middleware') {
    const handler = createMediaHandler({ grants: services.mediaGrants, epochs: services.accessEpochs, storage: services.storage, config: config.media, logger });
    const app = express();
    app.use((req, res, next) => (isMediaUrl(req.url) ? handler(req, res) : next()));
    return { ...(await listenOnLoopback(http.createServer(app))), requestsLogged: () => countLines(logFile) };
  }
  const { app } = buildApp({ config, logger, pool: ctx.database.pool, services, sessionStore: new session.MemoryStore(), sessionSecret: 'bench-session-secret-long-enough-0123', version: 'bench' });
  return { ...(await listenOnLoopback(http.createServer(app))), requestsLogged: () => countLines(logFile) };
}

async function countLines(file: string): Promise<number> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').filter((line) => line.includes('"msg":"request"')).length;
}
