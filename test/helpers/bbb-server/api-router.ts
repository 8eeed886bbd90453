/**
 * /bigbluebutton/api/<call>: bbb-web's UrlMappings (methods per call; an unknown call is a
 * Grails 404 page), then the checksum (checksumError before any other validation), then the call.
 * Injected failures (failNext) apply after the request is recorded, before the call runs.
 */
import type http from 'node:http';
import { checksumIsValid } from './checksum-validator.js';
import { sleep, type DoubleContext } from './double-context.js';
import { create, end, getMeetingInfo, isMeetingRunning, join } from './meeting-calls.js';
import { deleteRecordings, getRecordings, publishRecordings, updateRecordings } from './recording-calls.js';
import type { Failure } from './types.js';
import { failed, notFoundPage, success, text, xmlAnswer, type ApiAnswer } from './xml.js';

type Handler = (ctx: DoubleContext, params: URLSearchParams) => ApiAnswer;

const GET_POST = ['GET', 'POST'];
/** bigbluebutton-web/grails-app/controllers/org/bigbluebutton/web/UrlMappings.groovy */
const CALLS: Readonly<Record<string, { readonly methods: readonly string[]; readonly handle: Handler }>> = {
  create: { methods: GET_POST, handle: create },
  join: { methods: ['GET'], handle: join },
  isMeetingRunning: { methods: GET_POST, handle: isMeetingRunning },
  getMeetingInfo: { methods: GET_POST, handle: getMeetingInfo },
  end: { methods: GET_POST, handle: end },
  getRecordings: { methods: GET_POST, handle: getRecordings },
  updateRecordings: { methods: GET_POST, handle: updateRecordings },
  publishRecordings: { methods: ['GET'], handle: publishRecordings },
  deleteRecordings: { methods: ['GET'], handle: deleteRecordings },
};

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Query parameters plus, for a form POST, the body's (the checksum still covers the query only). */
async function requestParams(req: http.IncomingMessage, rawQuery: string): Promise<URLSearchParams> {
  const params = new URLSearchParams(rawQuery);
  if (req.method !== 'POST') return params;
  const body = await readBody(req);
  if ((req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    for (const [name, value] of new URLSearchParams(body)) params.append(name, value);
  }
  return params;
}

function takeFailure(ctx: DoubleContext, call: string): Failure | undefined {
  const index = ctx.failures.findIndex((f) => f.call === '*' || f.call === call);
  const entry = ctx.failures[index];
  if (!entry) return undefined;
  entry.remaining -= 1;
  if (entry.remaining <= 0) ctx.failures.splice(index, 1);
  return entry.failure;
}

/** Answers the failure; undefined when the call should still run afterwards (slow). */
async function failureAnswer(ctx: DoubleContext, failure: Failure, req: http.IncomingMessage): Promise<ApiAnswer | 'gone' | undefined> {
  switch (failure.kind) {
    case 'http':
      return text(failure.status, `<html><head><title>${failure.status}</title></head><body><center><h1>${failure.status}</h1></center><hr><center>nginx</center></body></html>`, 'text/html');
    case 'malformed':
      return xmlAnswer('<response><returncode>SUCCESS</returncode><running>tr');
    case 'failed':
      return failed(failure.messageKey, failure.message ?? `Injected ${failure.messageKey}`);
    case 'reset':
      req.socket.resetAndDestroy();
      return 'gone';
    case 'slow':
      await sleep(ctx, failure.delayMs);
      return undefined;
  }
}

function write(res: http.ServerResponse, answer: ApiAnswer): void {
  if (res.destroyed) return;
  res.writeHead(answer.status, { ...answer.headers, 'content-length': String(Buffer.byteLength(answer.body)) });
  res.end(answer.body);
}

const INDEX = success('<version>2.0</version><apiVersion>2.0</apiVersion><bbbVersion/>');

export async function handleApi(ctx: DoubleContext, req: http.IncomingMessage, res: http.ServerResponse, call: string): Promise<void> {
  const target = req.url ?? '';
  const rawQuery = target.includes('?') ? target.slice(target.indexOf('?') + 1) : '';
  const method = req.method ?? 'GET';
  const params = await requestParams(req, rawQuery);
  const checksumOk = checksumIsValid(call, rawQuery, params.get('checksum'), ctx.secret, ctx.supported);
  ctx.calls.push({ call, method, query: new URLSearchParams(rawQuery), rawQuery, checksumOk });
  const failure = takeFailure(ctx, call);
  if (failure) {
    const answer = await failureAnswer(ctx, failure, req);
    if (answer === 'gone') return;
    if (answer) return write(res, answer);
  }
  write(res, answerCall(ctx, call, method, params, checksumOk));
}

function answerCall(ctx: DoubleContext, call: string, method: string, params: URLSearchParams, checksumOk: boolean): ApiAnswer {
  if (call === '') return INDEX;
  const known = CALLS[call];
  if (!known) return notFoundPage();
  if (!known.methods.includes(method)) return text(405, 'Method Not Allowed');
  if (!checksumOk) return failed('checksumError', 'Checksums do not match');
  return known.handle(ctx, params);
}
