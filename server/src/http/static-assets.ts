import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler } from 'express';

/**
 * /assets: the browser bundle (player/dist). Browsers that accept gzip get the copy the build
 * compressed once (`<file>.gz`), with the original's type, so the player's JS and CSS cross
 * the network at a third of their size without per-request compression.
 */
export function staticAssets(folder: string): RequestHandler[] {
  const compressed = new Set(existsSync(folder) ? readdirSync(folder).filter((name) => name.endsWith('.gz')).map((name) => `/${name.slice(0, -3)}`) : []);
  const chooseGzip: RequestHandler = (req, res, next) => {
    res.vary('Accept-Encoding');
    if ((req.method === 'GET' || req.method === 'HEAD') && compressed.has(req.path) && /\bgzip\b/.test(req.get('accept-encoding') ?? '')) {
      res.locals.gzipOf = req.path;
      req.url = `${req.path}.gz`;
    }
    next();
  };
  const files = express.static(folder, {
    maxAge: '1h',
    index: false,
    setHeaders: (res, file) => {
      if (!file.endsWith('.gz') || !res.locals.gzipOf) return;
      res.setHeader('Content-Encoding', 'gzip');
      res.type(path.extname(file.slice(0, -3)));
    },
  });
  return [chooseGzip, files];
}
