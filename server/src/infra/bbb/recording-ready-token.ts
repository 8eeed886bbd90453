/**
 * BBB's recording-ready callback token (bbb-xapi-sso.md §1.7): a compact JWS, HS256 only,
 * signed with the server's shared secret, carrying `meeting_id` and `record_id`. Read with
 * node:crypto and nothing else: any other `alg` (none, HS512, RS256…), a segment that is not
 * strict base64url, a header or payload that is not a JSON object, or a missing claim is
 * refused before any signature is computed; signatures are compared in constant time.
 */
import { hmacText, sameSignature } from '../../domain/access/signed-token.js';
import type { RecordingReadyTokenReading, RecordingReadyTokens } from '../../domain/meetings/recording-ready.js';

/** Far above BBB's ~200 characters; longer is not a token of ours to read. */
const MAX_TOKEN_LENGTH = 4096;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const HS256_SIGNATURE = /^[A-Za-z0-9_-]{43}$/;

type Segment = { ok: true; value: Record<string, unknown> } | { ok: false; reason: 'bad_base64url' | 'bad_json' };

/** Strict base64url (no padding, no stray bits) of a JSON object. */
function decodeSegment(segment: string): Segment {
  if (!BASE64URL.test(segment) || segment.length % 4 === 1) return { ok: false, reason: 'bad_base64url' };
  const bytes = Buffer.from(segment, 'base64url');
  if (bytes.toString('base64url') !== segment) return { ok: false, reason: 'bad_base64url' };
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    // Not JSON: the token is refused with that reason, which is the whole answer here.
    return { ok: false, reason: 'bad_json' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'bad_json' };
  return { ok: true, value: value as Record<string, unknown> };
}

const claim = (payload: Record<string, unknown>, name: string): string | null => {
  const value = payload[name];
  return typeof value === 'string' && value.length > 0 && value.length <= 256 ? value : null;
};

/** The token's claims, before any signature check: what it says, or why it is not a BBB token. */
export function readRecordingReadyToken(token: string): RecordingReadyTokenReading {
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  const [headerPart = '', payloadPart = '', signature = ''] = parts;
  const header = decodeSegment(headerPart);
  if (!header.ok) return header;
  if (header.value.alg !== 'HS256') return { ok: false, reason: 'unsupported_alg' };
  if (!HS256_SIGNATURE.test(signature)) return { ok: false, reason: 'malformed' };
  const payload = decodeSegment(payloadPart);
  if (!payload.ok) return payload;
  const meetingId = claim(payload.value, 'meeting_id');
  const recordId = claim(payload.value, 'record_id');
  if (!meetingId || !recordId) return { ok: false, reason: 'missing_claims' };
  const exp = payload.value.exp;
  if (exp !== undefined && (typeof exp !== 'number' || exp * 1000 <= Date.now())) return { ok: false, reason: 'expired' };
  return { ok: true, claims: { meetingId, recordId } };
}

/** Whether the HS256 signature of a token `readRecordingReadyToken` accepted verifies with this secret. */
export function recordingReadyTokenVerifies(token: string, secret: string): boolean {
  const end = token.lastIndexOf('.');
  if (end < 0 || secret.length === 0) return false;
  return sameSignature(hmacText(Buffer.from(secret, 'utf8'), token.slice(0, end)), token.slice(end + 1));
}

export const recordingReadyTokens: RecordingReadyTokens = { read: readRecordingReadyToken, verifies: recordingReadyTokenVerifies };
