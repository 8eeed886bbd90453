/**
 * Lectern's BigBlueButton API client: the only code that talks to a BBB server
 * (shared/specs/bbb-xapi-sso.md §1). One client per configured server; several servers (per
 * site) means several clients. Every call is a GET with the signed query built once; answers
 * are parsed into domain types by bbb-xml.ts.
 */
import {
  BbbProtocolError,
  BbbUnavailableError,
  type BbbChecksumAlgorithm,
  type BbbApi,
  type BbbCreateParams,
  type BbbJoinParams,
  type BbbRecordingsQuery,
} from '../../domain/meetings/bbb.js';
import { signedQuery, type BbbParamValue } from './bbb-checksum.js';
import {
  parseCreateResponse,
  parseDeleteRecordingsResponse,
  parseEndResponse,
  parseIsMeetingRunningResponse,
  parseMeetingInfoResponse,
  parsePublishRecordingsResponse,
  parseRecordingsResponse,
} from './bbb-xml.js';

export interface BbbClientOptions {
  /** The API root, e.g. `https://bbb.example.edu/bigbluebutton/api/` (a missing final `/` is added). */
  readonly baseUrl: string;
  readonly secret: string;
  readonly algorithm: BbbChecksumAlgorithm;
  readonly timeoutMs: number;
  /** Extra attempts after a network error, a timeout or a 5xx. */
  readonly retries: number;
  /** First backoff delay, doubled on each retry (default 200 ms). */
  readonly retryDelayMs?: number;
  readonly fetch?: typeof globalThis.fetch;
}

type Params = [string, BbbParamValue][];

/** The domain's port, BbbApi, over HTTP. */
export type BbbClient = BbbApi;

export function createBbbClient(options: BbbClientOptions): BbbClient {
  const base = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
  const url = (call: string, params: Params) => `${base}${call}?${signedQuery(call, params, options.secret, options.algorithm)}`;
  // Every call used here is idempotent (create too, when its parameters match), so all retry.
  // Parameters are built inside the async function, so a refused argument rejects the promise.
  const call = async <T>(name: string, params: () => Params, parse: (body: string) => T): Promise<T> =>
    parse(await getWithRetries(options, url(name, params()), name));
  return {
    create: (p) => call('create', () => createParams(p), parseCreateResponse),
    joinUrl: (p) => url('join', joinParams(p)),
    isMeetingRunning: (meetingID) => call('isMeetingRunning', () => [['meetingID', meetingID]], parseIsMeetingRunningResponse),
    getMeetingInfo: (meetingID) => call('getMeetingInfo', () => [['meetingID', meetingID]], parseMeetingInfoResponse),
    end: (meetingID) => call('end', () => [['meetingID', meetingID]], parseEndResponse),
    getRecordings: (q) => call('getRecordings', () => recordingsParams(q), parseRecordingsResponse),
    publishRecordings: (ids, publish) =>
      call('publishRecordings', () => [['recordID', idList(ids)], ['publish', publish]], parsePublishRecordingsResponse),
    deleteRecordings: (ids) => call('deleteRecordings', () => [['recordID', idList(ids)]], parseDeleteRecordingsResponse),
  };
}

function createParams(p: BbbCreateParams): Params {
  return [
    ['name', p.name],
    ['meetingID', p.meetingID],
    ['record', p.record],
    ['autoStartRecording', p.autoStartRecording],
    ['allowStartStopRecording', p.allowStartStopRecording],
    ['duration', p.duration],
    ['welcome', p.welcome],
    ['maxParticipants', p.maxParticipants],
    ['logoutURL', p.logoutURL],
    ['meetingEndedURL', p.meetingEndedURL],
    ...metaParams(p.meta),
  ];
}

function joinParams(p: BbbJoinParams): Params {
  return [
    ['fullName', p.fullName],
    ['meetingID', p.meetingID],
    ['role', p.role],
    ['userID', p.userID],
    ['createTime', p.createTime],
    ['avatarURL', p.avatarURL],
    ['redirect', true],
  ];
}

function recordingsParams(q: BbbRecordingsQuery): Params {
  const hasIds = (q.meetingIDs?.length ?? 0) > 0 || (q.recordIDs?.length ?? 0) > 0;
  // Without a filter BBB returns every recording on the server (spec §1.3): only when asked for.
  if (q.all && hasIds) throw new Error('getRecordings: `all` cannot be combined with meetingIDs or recordIDs');
  if (!q.all && !hasIds && Object.keys(q.meta ?? {}).length === 0) throw new Error('getRecordings needs meetingIDs, recordIDs or meta: refusing to list every recording');
  return [
    ['meetingID', q.meetingIDs?.length ? idList(q.meetingIDs) : undefined],
    ['recordID', q.recordIDs?.length ? idList(q.recordIDs) : undefined],
    ['state', q.states?.length ? q.states.join(',') : undefined],
    ...metaParams(q.meta),
    ['offset', q.offset],
    ['limit', q.limit],
  ];
}

function metaParams(meta: Readonly<Record<string, string>> | undefined): Params {
  return Object.entries(meta ?? {}).map(([key, value]): [string, BbbParamValue] => [`meta_${key}`, value]);
}

function idList(ids: readonly string[]): string {
  if (ids.length === 0) throw new Error('BBB call needs at least one id');
  if (ids.some((id) => id.includes(','))) throw new Error('BBB ids cannot contain commas (they are sent as a comma list)');
  return ids.join(',');
}

/** Retryable: network errors, timeouts and 5xx. A FAILED envelope or a bad body is never retried. */
async function getWithRetries(options: BbbClientOptions, url: string, callName: string): Promise<string> {
  const doFetch = options.fetch ?? globalThis.fetch;
  let lastProblem = '';
  for (let attempt = 0; attempt <= options.retries; attempt += 1) {
    if (attempt > 0) await sleep((options.retryDelayMs ?? 200) * 2 ** (attempt - 1));
    let response: Response;
    try {
      response = await doFetch(url, { method: 'GET', signal: AbortSignal.timeout(options.timeoutMs), headers: { accept: 'application/xml' } });
    } catch (error) {
      // Network error or timeout: remembered, retried, then reported as BbbUnavailableError below.
      lastProblem = describeFetchError(error, options.timeoutMs);
      if (attempt === options.retries) throw new BbbUnavailableError(`BigBlueButton ${callName}: ${lastProblem}`, { cause: error });
      continue;
    }
    const body = await readBody(response, callName, options.timeoutMs);
    if (response.status >= 500) {
      lastProblem = `HTTP ${response.status}`;
      continue;
    }
    if (!response.ok && !body.trimStart().startsWith('<')) {
      throw new BbbProtocolError(`BigBlueButton ${callName}: unexpected HTTP ${response.status}`);
    }
    return body;
  }
  throw new BbbUnavailableError(`BigBlueButton ${callName}: ${lastProblem} after ${options.retries + 1} attempts`);
}

async function readBody(response: Response, callName: string, timeoutMs: number): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    throw new BbbUnavailableError(`BigBlueButton ${callName}: ${describeFetchError(error, timeoutMs)} while reading the answer`, { cause: error });
  }
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
  return `network error (${error instanceof Error ? error.message : String(error)})`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
