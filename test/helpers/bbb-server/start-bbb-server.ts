import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleApi } from './api-router.js';
import { randomString, type DoubleContext } from './double-context.js';
import { handlePlayback } from './playback-routes.js';
import { postRecordingReady, recordingReadyJwt } from './recording-ready.js';
import { buildRecording, recordEndedMeeting } from './recordings-factory.js';
import type { BbbServerDouble, BbbServerOptions, DoubleRecording, Failure, MediaFailure, RecordingReadyOptions, RecordingSpec } from './types.js';

const ALL_ALGORITHMS = ['sha1', 'sha256', 'sha384', 'sha512'] as const;

function contextFor(options: BbbServerOptions): DoubleContext {
  return {
    origin: '',
    secret: options.secret ?? randomString(32, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'),
    supported: [...(options.supportedAlgorithms ?? ALL_ALGORITHMS)],
    protectedRecordings: options.protectedRecordings ?? false,
    tokenTtlMs: options.tokenTtlMs ?? 60 * 60_000,
    cookieTtlMs: options.cookieTtlMs ?? 360 * 60_000,
    cookieKey: randomBytes(32),
    meetings: new Map(),
    recordings: new Map(),
    calls: [],
    mediaRequests: [],
    failures: [],
    mediaFailures: new Map(),
    tokens: new Map(),
    timers: new Set(),
    lastCreateTime: 0,
  };
}

async function route(ctx: DoubleContext, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', ctx.origin);
  const api = /^\/bigbluebutton\/api(?:\/([^/]*))?$/.exec(url.pathname);
  if (api) return handleApi(ctx, req, res, api[1] ?? '');
  return handlePlayback(ctx, req, res, url);
}

class BbbServer implements BbbServerDouble {
  /** Exceptions of the double itself (answered 500), for a test to look at. */
  readonly errors: Error[] = [];

  constructor(
    private readonly ctx: DoubleContext,
    private readonly server: http.Server,
  ) {}

  get origin() {
    return this.ctx.origin;
  }
  get apiUrl() {
    return `${this.ctx.origin}/bigbluebutton/api/`;
  }
  get secret() {
    return this.ctx.secret;
  }
  get calls() {
    return this.ctx.calls;
  }
  get mediaRequests() {
    return this.ctx.mediaRequests;
  }
  meeting(meetingID: string) {
    return this.ctx.meetings.get(meetingID);
  }
  addRecording(spec: RecordingSpec): Promise<DoubleRecording> {
    return buildRecording(this.ctx, spec);
  }
  recording(recordID: string) {
    return this.ctx.recordings.get(recordID);
  }
  deleteRecording(recordID: string): void {
    const recording = this.ctx.recordings.get(recordID);
    if (!recording) throw new Error(`deleteRecording: no recording ${recordID}`);
    recording.state = 'deleted';
  }
  endWithRecording(meetingID: string, spec?: Partial<RecordingSpec>): Promise<DoubleRecording> {
    return recordEndedMeeting(this.ctx, meetingID, spec);
  }
  sendRecordingReady(url: string, payload: { meeting_id: string; record_id: string }, options?: RecordingReadyOptions) {
    return postRecordingReady(url, recordingReadyJwt(payload, this.ctx.secret, options));
  }
  failNext(call: string, failure: Failure, times = 1): void {
    this.ctx.failures.push({ call, failure, remaining: times });
  }
  failMedia(recordID: string, failure: MediaFailure): void {
    const remaining = failure.kind === 'cut' ? (failure.times ?? 1) : failure.kind === 'deleteAfter' ? 1 : Infinity;
    this.ctx.mediaFailures.set(recordID, { failure, remaining });
  }
  close(): Promise<void> {
    for (const timer of this.ctx.timers) clearTimeout(timer);
    this.ctx.timers.clear();
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}

/**
 * Starts a BigBlueButton server double on 127.0.0.1 (a free port): the API under
 * `/bigbluebutton/api/`, the published playback files, and optionally Scalelite's protected
 * recordings. Close it with `close()`.
 */
export async function startBbbServer(options: BbbServerOptions = {}): Promise<BbbServerDouble & { readonly errors: Error[] }> {
  const ctx = contextFor(options);
  const bound: { double?: BbbServer } = {};
  const server = http.createServer((req, res) => {
    route(ctx, req, res).catch((error: Error) => {
      // Kept for the test (double.errors) and answered 500: the double stays up for the next request.
      bound.double?.errors.push(error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`BBB double error: ${error.message}`);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  ctx.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  bound.double = new BbbServer(ctx, server);
  return bound.double;
}
