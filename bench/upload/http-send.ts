import { createReadStream } from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';

/** One HTTP exchange over node:http, the request body streamed from a file (never buffered). */
export interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  /** When the request body was fully handed to the socket (performance.now()). */
  readonly sentAt: number;
}

/** A byte range of a file, read with `readSize` reads. */
export interface FileRange {
  readonly path: string;
  readonly start: number;
  readonly length: number;
  readonly readSize: number;
}

const IDLE_TIMEOUT_MS = 120_000;

export function fileBody(range: FileRange): Readable {
  return createReadStream(range.path, { start: range.start, end: range.start + range.length - 1, highWaterMark: range.readSize });
}

export function send(url: URL, method: string, headers: http.OutgoingHttpHeaders, agent: http.Agent, body?: Readable): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let sentAt = performance.now();
    const req = http.request(url, { method, headers, agent }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8'), sentAt }));
      res.on('error', reject);
    });
    req.setTimeout(IDLE_TIMEOUT_MS, () => req.destroy(new Error(`${method} ${url.pathname}: no progress for ${IDLE_TIMEOUT_MS / 1000} s`)));
    req.on('error', reject);
    req.on('finish', () => {
      sentAt = performance.now();
    });
    if (!body) {
      req.end();
      return;
    }
    body.on('error', (error) => req.destroy(error));
    body.pipe(req);
  });
}

export function header(answer: Answer, name: string): string | undefined {
  const value = answer.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A keep-alive agent with one socket, as a browser's tus client uses per upload. */
export function oneSocketAgent(): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: 1 });
}
