/**
 * HTTP for recording imports: playback pages, caption files and the media file, with a cookie
 * jar and redirects followed by hand (Scalelite's token link sets a cookie, then redirects), a
 * timeout that counts from the last byte received, and a streamed download to a `.part` file
 * that resumes with `Range: bytes=<received>-` after a cut connection or a stall. Tokens and
 * cookies are never logged: only a URL's origin and path are.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, stat, truncate } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Logger } from '../logger.js';
import type { CookieJar } from './cookie-jar.js';

/**
 * Why a request failed: `refused` is 401/403/404/410 (a spent token, an expired cookie or a
 * deleted recording: ask BBB again); `network`, `timeout` and 5xx `http` are worth retrying.
 */
export type DownloadProblem = 'refused' | 'http' | 'network' | 'timeout' | 'redirects' | 'too_large' | 'incomplete';

export class DownloadError extends Error {
  constructor(
    readonly problem: DownloadProblem,
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'DownloadError';
  }

  get retryable(): boolean {
    return this.problem === 'network' || this.problem === 'timeout' || this.problem === 'refused' || this.problem === 'incomplete' || (this.problem === 'http' && (this.status ?? 0) >= 500);
  }
}

export interface HttpOptions {
  readonly jar: CookieJar;
  /** No byte (headers or body) for this long: the request is abandoned. */
  readonly timeoutMs: number;
}

const MAX_REDIRECTS = 5;
const REFUSED = new Set([401, 403, 404, 410]);

/** For logs and messages: never the query (it may hold a token). */
export function loggableUrl(url: string | URL): string {
  const parsed = typeof url === 'string' ? new URL(url) : url;
  return `${parsed.origin}${parsed.pathname}`;
}

/** A response being read, with its idle watchdog. */
interface Exchange {
  readonly response: Response;
  /** Where it was finally answered from (after redirects). */
  readonly url: URL;
  /** Call on every chunk: restarts the idle timer. */
  touch(): void;
  timedOut(): boolean;
  /** Stops the timer and drops an unread body. */
  close(): void;
}

async function request(url: string, method: 'GET' | 'HEAD', headers: Record<string, string>, options: HttpOptions): Promise<Exchange> {
  const controller = new AbortController();
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const touch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, options.timeoutMs);
  };
  const close = (response?: Response) => {
    clearTimeout(timer);
    response?.body?.cancel().catch(() => undefined); // nothing more is read from it
  };
  let current = new URL(url);
  touch();
  try {
    for (let redirects = 0; ; redirects += 1) {
      const cookie = options.jar.header(current);
      const response = await fetch(current, { method, redirect: 'manual', signal: controller.signal, headers: { ...headers, ...(cookie ? { cookie } : {}) } });
      options.jar.store(current, response.headers.getSetCookie());
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) {
        return { response, url: current, touch, timedOut: () => timedOut, close: () => close(response) };
      }
      close(response);
      if (redirects === MAX_REDIRECTS) throw new DownloadError('redirects', `more than ${MAX_REDIRECTS} redirects from ${loggableUrl(url)}`, response.status);
      current = new URL(location, current);
      touch();
    }
  } catch (error) {
    close();
    if (error instanceof DownloadError) throw error;
    throw networkError(error, timedOut, current, options.timeoutMs);
  }
}

function networkError(error: unknown, timedOut: boolean, url: URL, timeoutMs: number): DownloadError {
  if (timedOut) return new DownloadError('timeout', `no data from ${loggableUrl(url)} for ${timeoutMs} ms`);
  const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
  return new DownloadError('network', `connection to ${loggableUrl(url)} failed: ${cause}`);
}

function statusError(exchange: Exchange): DownloadError {
  const status = exchange.response.status;
  return new DownloadError(REFUSED.has(status) ? 'refused' : 'http', `${loggableUrl(exchange.url)} answered HTTP ${status}`, status);
}

function contentLength(response: Response): number | null {
  const value = response.headers.get('content-length');
  return value !== null && /^\d+$/.test(value) ? Number(value) : null;
}

/** A small file read whole (a playback page, a caption file); more than `maxBytes` is refused. */
export async function fetchSmall(url: string, options: HttpOptions & { readonly maxBytes: number }): Promise<{ readonly url: string; readonly bytes: Buffer }> {
  const exchange = await request(url, 'GET', {}, options);
  try {
    if (exchange.response.status !== 200) throw statusError(exchange);
    if ((contentLength(exchange.response) ?? 0) > options.maxBytes) throw new DownloadError('too_large', `${loggableUrl(exchange.url)} is larger than ${options.maxBytes} bytes`);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of Readable.fromWeb(exchange.response.body as WebReadableStream<Uint8Array>)) {
      exchange.touch();
      size += (chunk as Buffer).length;
      if (size > options.maxBytes) throw new DownloadError('too_large', `${loggableUrl(exchange.url)} is larger than ${options.maxBytes} bytes`);
      chunks.push(chunk as Buffer);
    }
    return { url: exchange.url.href, bytes: Buffer.concat(chunks) };
  } catch (error) {
    if (error instanceof DownloadError) throw error;
    throw networkError(error, exchange.timedOut(), exchange.url, options.timeoutMs);
  } finally {
    exchange.close();
  }
}

/**
 * The size a HEAD announces, and the URL it was finally answered from; size null when the
 * server does not answer HEAD usefully (the download's own headers then tell).
 */
export async function headSize(url: string, options: HttpOptions): Promise<{ readonly url: string; readonly size: number | null }> {
  const exchange = await request(url, 'HEAD', {}, options);
  exchange.close();
  if (REFUSED.has(exchange.response.status)) throw statusError(exchange);
  return { url: exchange.url.href, size: exchange.response.ok ? contentLength(exchange.response) : null };
}

export interface MediaSource {
  readonly url: string;
  readonly jar: CookieJar;
}

/** Asks BBB for a fresh source after a refusal (spent token, expired cookie); it throws when the recording is gone. */
export type RefreshSource = (refusal: DownloadError) => Promise<MediaSource>;

export interface ResumableDownload {
  readonly partPath: string;
  readonly source: MediaSource;
  /** The size announced before (HEAD, or a previous run); checked against every answer. */
  readonly expectedSize: number | null;
  readonly maxSize: number;
  readonly timeoutMs: number;
  /** Requests in all, the first included. */
  readonly attempts: number;
  /** Wait before the second request; doubled each time. */
  readonly backoffMs: number;
  readonly refresh: RefreshSource;
  /** Bytes on disk, about every MiB or second, and at the end. */
  readonly onProgress?: (bytesReceived: number) => Promise<void>;
  readonly logger?: Logger;
}

async function sizeOnDisk(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

/** `bytes <start>-<end>/<total>` → its numbers (total null for `*`). */
function contentRange(response: Response): { start: number; total: number | null } | null {
  const match = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(response.headers.get('content-range')?.trim() ?? '');
  return match ? { start: Number(match[1]), total: match[3] === '*' ? null : Number(match[3]) } : null;
}

type Answer = { readonly kind: 'body'; readonly from: number; readonly total: number | null } | { readonly kind: 'complete' } | { readonly kind: 'restart'; readonly reason: string };

/** What an answer to a (possibly ranged) GET means for the file on disk holding `have` bytes. */
function interpret(response: Response, have: number, expected: number | null): Answer {
  if (response.status === 200) return { kind: 'body', from: 0, total: contentLength(response) ?? expected };
  if (response.status === 206) {
    const range = contentRange(response);
    if (!range || range.start !== have) return { kind: 'restart', reason: `the server sent another range (${response.headers.get('content-range') ?? 'none'})` };
    return { kind: 'body', from: have, total: range.total ?? expected };
  }
  // 416: what we have is at least the whole file, or the file changed.
  const total = /^bytes \*\/(\d+)$/.exec(response.headers.get('content-range')?.trim() ?? '')?.[1];
  if (total !== undefined && Number(total) === have && have > 0) return { kind: 'complete' };
  return { kind: 'restart', reason: `the server refused the range from byte ${have} (file of ${total ?? 'unknown'} bytes)` };
}

function assertSize(total: number | null, d: ResumableDownload): void {
  if (total !== null && total > d.maxSize) throw new DownloadError('too_large', `the recording's file is ${total} bytes, more than the ${d.maxSize} allowed`);
}

/** Streams the body to the .part file (appending from `from`), reporting progress. */
async function receive(exchange: Exchange, d: ResumableDownload, from: number): Promise<void> {
  const output = createWriteStream(d.partPath, { flags: from > 0 ? 'a' : 'w' });
  let received = from;
  let reported = { bytes: from, at: Date.now() };
  // Errors while reading are the network's; while writing or reporting, the disk's or the database's.
  let reading = true;
  try {
    for await (const chunk of Readable.fromWeb(exchange.response.body as WebReadableStream<Uint8Array>)) {
      reading = false;
      exchange.touch();
      received += (chunk as Buffer).length;
      if (received > d.maxSize) throw new DownloadError('too_large', `the recording's file is more than the ${d.maxSize} bytes allowed`);
      if (!output.write(chunk)) await once(output, 'drain');
      if (d.onProgress && (received - reported.bytes >= 1024 * 1024 || Date.now() - reported.at >= 1000)) {
        reported = { bytes: received, at: Date.now() };
        await d.onProgress(received);
      }
      reading = true;
    }
  } catch (error) {
    if (error instanceof DownloadError || !reading) throw error;
    throw networkError(error, exchange.timedOut(), exchange.url, d.timeoutMs);
  } finally {
    output.end();
    await once(output, 'close');
  }
}

/** One request: resumes from what is on disk; returns the file's full size when known. */
async function attempt(d: ResumableDownload, source: MediaSource, expected: number | null): Promise<number | null> {
  const have = await sizeOnDisk(d.partPath);
  const exchange = await request(source.url, 'GET', have > 0 ? { range: `bytes=${have}-` } : {}, { ...d, jar: source.jar });
  try {
    const { status } = exchange.response;
    if (status !== 200 && status !== 206 && status !== 416) throw statusError(exchange);
    const answer = interpret(exchange.response, have, expected);
    if (answer.kind === 'complete') return have;
    if (answer.kind === 'restart') {
      await truncate(d.partPath, 0);
      throw new DownloadError('incomplete', `${answer.reason}: starting again from the beginning`);
    }
    assertSize(answer.total, d);
    if (expected !== null && answer.total !== null && answer.total !== expected) {
      d.logger?.warn({ url: loggableUrl(exchange.url), expected, announced: answer.total }, 'the recording file changed size: starting again');
      if (answer.from > 0) {
        await truncate(d.partPath, 0);
        throw new DownloadError('incomplete', `the file is now ${answer.total} bytes, not ${expected}: starting again`);
      }
    }
    await receive(exchange, d, answer.from);
    return answer.total;
  } finally {
    exchange.close();
  }
}

/**
 * Downloads `source` into `partPath`, resuming what is already there (a previous attempt's
 * bytes, or a previous run's after a restart). Network errors, stalls, 5xx and short bodies are
 * retried from the bytes on disk, with backoff, up to `attempts` requests; a refusal asks
 * `refresh` for a fresh URL first. Done when the file has the size the server announced.
 */
export async function downloadResumable(d: ResumableDownload): Promise<{ readonly size: number }> {
  await mkdir(path.dirname(d.partPath), { recursive: true });
  let source = d.source;
  let expected = d.expectedSize;
  assertSize(expected, d);
  for (let failures = 0; ; ) {
    const have = await sizeOnDisk(d.partPath);
    if (expected !== null && have === expected && have > 0) return { size: have };
    if (expected !== null && have > expected) await truncate(d.partPath, 0);
    let problem: DownloadError;
    try {
      const total = await attempt(d, source, expected);
      const size = await sizeOnDisk(d.partPath);
      expected = total ?? expected;
      if (expected === null || size === expected) {
        await d.onProgress?.(size);
        return { size };
      }
      problem = new DownloadError('incomplete', `the file has ${size} bytes instead of ${expected}`);
    } catch (error) {
      if (!(error instanceof DownloadError) || !error.retryable) throw error;
      problem = error;
    }
    failures += 1;
    if (failures >= d.attempts) throw problem;
    const delay = d.backoffMs * 2 ** (failures - 1);
    d.logger?.warn({ attempt: failures, of: d.attempts, problem: problem.problem, reason: problem.message, retryInMs: delay }, 'recording download interrupted: resuming');
    await new Promise((resolve) => setTimeout(resolve, delay));
    if (problem.problem === 'refused') source = await d.refresh(problem);
  }
}
