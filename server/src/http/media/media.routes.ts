import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Express } from 'express';
import type { MediaHandler } from './media-handler.js';
import { isMediaUrl } from './media-url.js';

/**
 * `/media/…` is answered before Express sees the request. Express's dispatch (it re-prototypes
 * `req` and `res`, parses the URL, walks the router) halved the requests per second of small
 * files even with the handler mounted as the first middleware (bench:serve, playlists: 4,200
 * against 9,200 without Express; 1–2 % on 1.5 MB segments). An Express app is a function that
 * hands every request to `app.handle(req, res, next)` — for `http.createServer(app)` in main.ts
 * and for supertest alike — so the media path is taken there, and everything else goes on to
 * Express unchanged: one code path for the server and the tests.
 */
interface ExpressEntry {
  handle(req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void): void;
}

export function serveMediaBeforeExpress(app: Express, handler: MediaHandler): void {
  const entry = app as unknown as ExpressEntry;
  if (typeof entry.handle !== 'function') throw new Error('this Express version has no app.handle: mount the media handler as a middleware instead');
  const expressHandle = entry.handle.bind(app);
  entry.handle = (req, res, next) => {
    if (isMediaUrl(req.url ?? '')) handler(req, res);
    else expressHandle(req, res, next);
  };
}
