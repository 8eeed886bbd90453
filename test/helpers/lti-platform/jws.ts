import { createSign, createVerify, type KeyObject } from 'node:crypto';

/**
 * A tiny compact JWS (RFC 7515) for RS256, enough for what an LTI 1.3 platform signs and checks:
 * base64url(header).base64url(payload).base64url(signature). Forging helpers (alg "none", any
 * header) are on purpose: the double must be able to send what a hostile platform would.
 */
export interface JwtHeader {
  alg: string;
  typ?: string;
  kid?: string;
  [name: string]: unknown;
}

export type JwtPayload = Record<string, unknown>;

export interface DecodedJwt {
  readonly header: JwtHeader;
  readonly payload: JwtPayload;
  readonly signingInput: string;
  readonly signature: Buffer;
}

/** Why a token was refused; `code` is stable for tests. */
export class JwtError extends Error {
  constructor(
    readonly code: 'malformed' | 'unsupported_alg' | 'unknown_kid' | 'bad_signature' | 'expired' | 'not_yet_valid' | 'claim',
    message: string,
  ) {
    super(message);
    this.name = 'JwtError';
  }
}

export const base64url = {
  encode: (data: Buffer | string): string => Buffer.from(data).toString('base64url'),
  decode: (text: string): Buffer => Buffer.from(text, 'base64url'),
};

const encodeJson = (value: unknown): string => base64url.encode(JSON.stringify(value));

/**
 * Signs with RS256 whatever the header says, so a test can announce a lie (`alg: 'HS256'`, a
 * foreign `kid`). `alg: 'none'` gives an empty signature, as an unsigned JWT has.
 */
export function signJwt(payload: JwtPayload, privateKey: KeyObject, header: JwtHeader): string {
  const signingInput = `${encodeJson(header)}.${encodeJson(payload)}`;
  if (header.alg === 'none') return `${signingInput}.`;
  const signature = createSign('RSA-SHA256').update(signingInput).sign(privateKey);
  return `${signingInput}.${base64url.encode(signature)}`;
}

function parseJsonSegment(segment: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(base64url.decode(segment).toString('utf8'));
  } catch (error) {
    throw new JwtError('malformed', `${what} is not base64url JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new JwtError('malformed', `${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

/** Splits and parses without checking anything but the shape. */
export function decodeJwt(token: string): DecodedJwt {
  const parts = token.split('.');
  if (parts.length !== 3) throw new JwtError('malformed', `a compact JWS has 3 parts, got ${parts.length}`);
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = parseJsonSegment(headerPart, 'header');
  if (typeof header.alg !== 'string') throw new JwtError('malformed', 'header has no alg');
  return {
    header: header as JwtHeader,
    payload: parseJsonSegment(payloadPart, 'payload'),
    signingInput: `${headerPart}.${payloadPart}`,
    signature: base64url.decode(signaturePart),
  };
}

/** Checks an RS256 signature only (no claim is looked at). */
export function verifyRs256(decoded: DecodedJwt, publicKey: KeyObject): void {
  if (decoded.header.alg !== 'RS256') throw new JwtError('unsupported_alg', `alg ${decoded.header.alg} is not RS256`);
  const ok = createVerify('RSA-SHA256').update(decoded.signingInput).verify(publicKey, decoded.signature);
  if (!ok) throw new JwtError('bad_signature', 'signature verification failed');
}

export interface TimeChecks {
  /** Seconds since the epoch. */
  readonly now: number;
  readonly leeway?: number;
  readonly requireExp?: boolean;
  readonly requireIat?: boolean;
}

/** exp / nbf / iat as firebase/php-jwt (Moodle's library) applies them, plus optional presence. */
export function checkTimes(payload: JwtPayload, checks: TimeChecks): void {
  const leeway = checks.leeway ?? 0;
  const { exp, iat, nbf } = payload;
  if (checks.requireExp && typeof exp !== 'number') throw new JwtError('claim', 'exp is missing or not a number');
  if (checks.requireIat && typeof iat !== 'number') throw new JwtError('claim', 'iat is missing or not a number');
  if (typeof nbf === 'number' && nbf > checks.now + leeway) throw new JwtError('not_yet_valid', `cannot handle token prior to nbf ${nbf}`);
  if (typeof iat === 'number' && iat > checks.now + leeway) throw new JwtError('not_yet_valid', `cannot handle token prior to iat ${iat}`);
  if (typeof exp === 'number' && checks.now - leeway >= exp) throw new JwtError('expired', 'expired token');
}
