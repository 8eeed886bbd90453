/**
 * The recording-ready callback (docs development/api.md, "Recording ready callback URL"): a POST
 * with form body `signed_parameters=<JWT>`, the JWT being HS256 `{typ: JWT, alg: HS256}` over
 * `{ meeting_id, record_id }` signed with the shared secret. Redirects are not followed (BBB
 * counts them as errors); the answer is returned as it came.
 */
import { signHmacJwt } from './jws-hmac.js';
import type { RecordingReadyOptions } from './types.js';

export interface RecordingReadyPayload {
  readonly meeting_id: string;
  readonly record_id: string;
}

export function recordingReadyJwt(payload: RecordingReadyPayload, secret: string, options: RecordingReadyOptions = {}): string {
  const jwt = signHmacJwt({ meeting_id: payload.meeting_id, record_id: payload.record_id }, options.secret ?? secret, options.alg ?? 'HS256');
  if (!options.tamper) return jwt;
  const [header, , signature] = jwt.split('.');
  const forged = Buffer.from(JSON.stringify({ meeting_id: payload.meeting_id, record_id: `${payload.record_id}-tampered` })).toString('base64url');
  return `${header}.${forged}.${signature}`;
}

export async function postRecordingReady(url: string, jwt: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ signed_parameters: jwt }).toString(),
    redirect: 'manual',
    signal: AbortSignal.timeout(30_000),
  });
  return { status: response.status, body: await response.text() };
}
