/** Compact JWS with HMAC (HS256/HS512) or `alg: none`, over node:crypto only. */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type HmacAlg = 'HS256' | 'HS512' | 'none';

const HASH = { HS256: 'sha256', HS512: 'sha512' } as const;

function b64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

function signature(alg: Exclude<HmacAlg, 'none'>, signingInput: string, secret: string | Buffer): string {
  return createHmac(HASH[alg], secret).update(signingInput).digest('base64url');
}

/** Header `{"typ":"JWT","alg":…}` as the BBB docs show it; `none` gives an empty signature. */
export function signHmacJwt(payload: Record<string, unknown>, secret: string | Buffer, alg: HmacAlg = 'HS256'): string {
  const signingInput = `${b64url(JSON.stringify({ typ: 'JWT', alg }))}.${b64url(JSON.stringify(payload))}`;
  return `${signingInput}.${alg === 'none' ? '' : signature(alg, signingInput, secret)}`;
}

/**
 * Verifies an HS256 JWT and returns its payload, or undefined (bad shape, another alg, bad
 * signature, expired when it has `exp`).
 */
export function verifyHs256Jwt(jwt: string, secret: string | Buffer, nowSeconds = Date.now() / 1000): Record<string, unknown> | undefined {
  const parts = jwt.split('.');
  if (parts.length !== 3) return undefined;
  const [header, payload, sig] = parts as [string, string, string];
  let parsedHeader: unknown;
  let parsedPayload: unknown;
  try {
    parsedHeader = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    parsedPayload = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    // Not base64url JSON: not a JWT we issued, which is the answer (undefined), not an error.
    return undefined;
  }
  if (typeof parsedHeader !== 'object' || parsedHeader === null || (parsedHeader as { alg?: unknown }).alg !== 'HS256') return undefined;
  const expected = Buffer.from(signature('HS256', `${header}.${payload}`, secret));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  if (typeof parsedPayload !== 'object' || parsedPayload === null) return undefined;
  const exp = (parsedPayload as { exp?: unknown }).exp;
  if (typeof exp === 'number' && exp < nowSeconds) return undefined;
  return parsedPayload as Record<string, unknown>;
}
