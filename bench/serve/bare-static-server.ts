import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { listenOnLoopback, type RunningServer } from '../../test/helpers/running-server.js';

/**
 * Baseline (b): the least a Node server can do to send these files — node:http, stat,
 * `fs.createReadStream` with 1 MiB reads (ARCHITECTURE.md §6), one `bytes=a-b` / `a-` range,
 * no access checks, no validators, no logs. Only for the benchmark: paths are trusted.
 */
const READ_SIZE = 1 << 20;
const RANGE = /^bytes=(\d+)-(\d*)$/;
const TYPES: Record<string, string> = { '.m3u8': 'application/vnd.apple.mpegurl', '.mp4': 'video/mp4' };

function handler(root: string): http.RequestListener {
  return (req, res) => {
    const file = path.join(root, (req.url ?? '/').split('?')[0]!);
    fs.stat(file, (error, stats) => {
      if (error || !stats.isFile()) {
        res.writeHead(404).end();
        return;
      }
      let start = 0;
      let end = stats.size - 1;
      const match = RANGE.exec(req.headers.range ?? '');
      if (match) {
        start = Number(match[1]);
        end = match[2] ? Math.min(Number(match[2]), stats.size - 1) : stats.size - 1;
      }
      res.writeHead(match ? 206 : 200, {
        'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'content-length': end - start + 1,
        'accept-ranges': 'bytes',
        ...(match ? { 'content-range': `bytes ${start}-${end}/${stats.size}` } : {}),
      });
      const reader = fs.createReadStream(file, { start, end, highWaterMark: READ_SIZE });
      res.on('close', () => reader.destroy());
      reader.pipe(res);
    });
  };
}

export function startBareStaticServer(root: string): Promise<RunningServer> {
  return listenOnLoopback(http.createServer(handler(root)));
}
