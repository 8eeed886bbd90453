import { createHash, randomBytes, randomInt } from 'node:crypto';
import type {
  ApiCallRecord,
  ChecksumAlgorithm,
  DoubleMeeting,
  DoubleRecording,
  Failure,
  MediaFailure,
  MediaRequestRecord,
} from './types.js';

/** The double's whole state, shared by the API handlers, the playback routes and the test-facing object. */
export interface DoubleContext {
  /** Known once the server listens. */
  origin: string;
  readonly secret: string;
  readonly supported: readonly ChecksumAlgorithm[];
  readonly protectedRecordings: boolean;
  readonly tokenTtlMs: number;
  readonly cookieTtlMs: number;
  /** Scalelite signs its access cookies with its own secret_key_base, not the BBB secret. */
  readonly cookieKey: Buffer;
  readonly meetings: Map<string, DoubleMeeting>;
  readonly recordings: Map<string, DoubleRecording>;
  readonly calls: ApiCallRecord[];
  readonly mediaRequests: MediaRequestRecord[];
  readonly failures: { call: string; failure: Failure; remaining: number }[];
  readonly mediaFailures: Map<string, { failure: MediaFailure; remaining: number }>;
  /** Scalelite's one-time-use tokens (kept in Redis there): token → what it opens. */
  readonly tokens: Map<string, { recordID: string; format: string; expiresAt: number }>;
  readonly timers: Set<NodeJS.Timeout>;
  lastCreateTime: number;
}

export function sha1Hex(value: string): string {
  return createHash('sha1').update(value, 'utf8').digest('hex');
}

/** BBB's internal meeting id (also the record id): `<sha1(meetingID)>-<createTime>`. */
export function internalIdOf(meetingID: string, time: number): string {
  return `${sha1Hex(meetingID)}-${time}`;
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function randomString(length: number, alphabet = LOWER): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += alphabet[randomInt(alphabet.length)];
  return out;
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** A create time strictly later than the previous one (two creates in the same ms stay distinct). */
export function nextCreateTime(ctx: DoubleContext): number {
  ctx.lastCreateTime = Math.max(Date.now(), ctx.lastCreateTime + 1);
  return ctx.lastCreateTime;
}

/** A delay that never keeps the process alive and is cancelled by close(). */
export function sleep(ctx: DoubleContext, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      ctx.timers.delete(timer);
      resolve();
    }, ms);
    timer.unref();
    ctx.timers.add(timer);
  });
}

/** The first value of each parameter, checksum excluded. */
export function paramsRecord(params: URLSearchParams): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [name, value] of params) if (name !== 'checksum' && !(name in record)) record[name] = value;
  return record;
}
