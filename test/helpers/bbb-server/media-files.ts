/**
 * Static files as BBB's nginx serves /var/bigbluebutton/published: Content-Length,
 * Accept-Ranges, Last-Modified, ETag, HEAD, one byte range per request (206 + Content-Range;
 * unsatisfiable → 416 `bytes *\/size`; a malformed or multi-range header is ignored: 200 whole
 * file), plus the injected media failures (failMedia).
 */
import type http from 'node:http';
import { open, stat } from 'node:fs/promises';
import { sleep, type DoubleContext } from './double-context.js';

type Range = { start: number; end: number } | 'unsatisfiable' | undefined;

export function parseRange(header: string | undefined, size: number): Range {
  const match = /^bytes=(\d*)-(\d*)$/.exec((header ?? '').trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (match[2] !== '' && Number(match[2]) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}

/** How this one body is sent: cut after some bytes, throttled, or whole. */
export interface BodyPlan {
  readonly cutAfter?: number;
  readonly bytesPerSecond?: number;
  /** Called when the body is cut (deleteAfter deletes the recording then). */
  readonly onCut?: () => void;
}

function writeChunk(res: http.ServerResponse, chunk: Buffer): Promise<boolean> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve(false);
    res.write(chunk, (error) => resolve(!error));
  });
}

/** Ends the connection after what was written is flushed: the client sees a body shorter than Content-Length. */
async function cut(ctx: DoubleContext, res: http.ServerResponse, plan: BodyPlan): Promise<void> {
  plan.onCut?.();
  const socket = res.socket;
  socket?.end();
  await sleep(ctx, 200);
  socket?.destroy();
}

async function streamBody(ctx: DoubleContext, res: http.ServerResponse, file: string, range: { start: number; end: number }, plan: BodyPlan): Promise<void> {
  const handle = await open(file);
  try {
    const chunkSize = plan.bytesPerSecond ? Math.max(1, Math.floor(plan.bytesPerSecond / 10)) : 1024 * 1024;
    let position = range.start;
    let sent = 0;
    if (plan.cutAfter === 0) res.flushHeaders();
    while (position <= range.end && sent !== plan.cutAfter) {
      const length = Math.min(chunkSize, range.end - position + 1, (plan.cutAfter ?? Infinity) - sent);
      const { bytesRead, buffer } = await handle.read(Buffer.alloc(length), 0, length, position);
      if (bytesRead === 0 || !(await writeChunk(res, buffer.subarray(0, bytesRead)))) return;
      position += bytesRead;
      sent += bytesRead;
      if (plan.bytesPerSecond && position <= range.end) await sleep(ctx, 100);
    }
    if (sent === plan.cutAfter && position <= range.end) return await cut(ctx, res, plan);
    res.end();
  } finally {
    await handle.close();
  }
}

export interface SendOptions {
  /** Asked for only when a body is about to be sent (GET, 200/206). */
  readonly plan?: () => BodyPlan;
  /** Called as soon as the status is written. */
  readonly onStatus: (status: number) => void;
}

/** Serves one file. */
export async function sendFile(ctx: DoubleContext, req: http.IncomingMessage, res: http.ServerResponse, file: string, contentType: string, options: SendOptions): Promise<void> {
  const info = await stat(file);
  const range = parseRange(req.headers.range, info.size);
  const common = { 'accept-ranges': 'bytes', 'last-modified': info.mtime.toUTCString(), etag: `"${Math.floor(info.mtimeMs / 1000).toString(16)}-${info.size.toString(16)}"` };
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...common, 'content-range': `bytes */${info.size}`, 'content-type': 'text/html', 'content-length': '0' });
    res.end();
    return options.onStatus(416);
  }
  const part = range ?? { start: 0, end: info.size - 1 };
  const status = range ? 206 : 200;
  res.writeHead(status, {
    ...common,
    'content-type': contentType,
    'content-length': String(part.end - part.start + 1),
    ...(range ? { 'content-range': `bytes ${part.start}-${part.end}/${info.size}` } : {}),
  });
  options.onStatus(status);
  if (req.method === 'HEAD' || info.size === 0) return void res.end();
  await streamBody(ctx, res, file, part, options.plan?.() ?? {});
}
