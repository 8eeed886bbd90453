import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Compact signed tokens `<prefix>.<n1>.<n2>...<expires36>.<sig>` carrying a few integers and an
 * expiry, for URLs and headers (media grants, viewer tokens). Expiry is rounded up to a step of
 * an eighth of the lifetime so the same token is handed out for a while (cache-friendly URLs).
 */
export type TokenCheck = { readonly ok: true; readonly values: readonly number[]; readonly expiresAt: Date } | { readonly ok: false; readonly reason: 'malformed' | 'bad_signature' | 'expired' };

export interface TokenSigner {
  sign(values: readonly number[], ttlSeconds: number): string;
  verify(token: string): TokenCheck;
}

const SIGNATURE_LENGTH = 22; // base64url characters: 132 bits of HMAC-SHA256

/** HMAC-SHA256 of `payload` in base64url, cut to `length` characters (all 43 by default). */
export function hmacText(key: Buffer, payload: string, length = 43): string {
  return createHmac('sha256', key).update(payload).digest('base64url').slice(0, length);
}

/** Compares a given signature with the expected one in constant time (any length). */
export function sameSignature(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function createTokenSigner(key: Buffer, prefix: string, arity: number, now: () => number = Date.now): TokenSigner {
  const pattern = new RegExp(`^${prefix}((?:\\.\\d{1,10}){${arity}})\\.([0-9a-z]{1,10})\\.([A-Za-z0-9_-]{${SIGNATURE_LENGTH}})$`);
  const sign = (payload: string) => hmacText(key, payload, SIGNATURE_LENGTH);
  return {
    sign(values, ttlSeconds) {
      if (values.length !== arity || values.some((value) => !Number.isSafeInteger(value) || value < 0)) throw new Error(`a ${prefix} token carries ${arity} non-negative integers`);
      const step = Math.max(60, Math.floor(ttlSeconds / 8));
      const expires = Math.ceil((Math.floor(now() / 1000) + ttlSeconds) / step) * step;
      const payload = `${prefix}.${values.join('.')}.${expires.toString(36)}`;
      return `${payload}.${sign(payload)}`;
    },
    verify(token) {
      const match = pattern.exec(token);
      if (!match) return { ok: false, reason: 'malformed' };
      const [, values = '', expires = '', signature = ''] = match;
      if (!sameSignature(sign(`${prefix}${values}.${expires}`), signature)) return { ok: false, reason: 'bad_signature' };
      const expiresAt = parseInt(expires, 36) * 1000;
      if (expiresAt <= now()) return { ok: false, reason: 'expired' };
      return { ok: true, values: values.slice(1).split('.').map(Number), expiresAt: new Date(expiresAt) };
    },
  };
}
