import { createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { JwtError, decodeJwt, verifyRs256, type DecodedJwt } from './jws.js';

/** An RSA signing key with its key id, as a platform or a tool holds one. */
export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export interface Jwk {
  kty: string;
  kid?: string;
  alg?: string;
  use?: string;
  n?: string;
  e?: string;
  [name: string]: unknown;
}

export interface Jwks {
  keys: Jwk[];
}

/** A fresh 2048-bit RSA key; Moodle's kid looks like 20 random hex-ish characters. */
export function createSigningKey(kid: string = randomBytes(10).toString('hex')): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, publicKey };
}

/** The JWKS entry Moodle's certs.php prints (jwks_helper::get_jwks): kty, alg, kid, e, n, use. */
export function publicJwk(key: SigningKey): Jwk {
  const exported = key.publicKey.export({ format: 'jwk' });
  return { kty: 'RSA', alg: 'RS256', kid: key.kid, e: String(exported.e), n: String(exported.n), use: 'sig' };
}

export function jwksOf(keys: readonly SigningKey[]): Jwks {
  return { keys: keys.map(publicJwk) };
}

/**
 * Picks the key a JWT names, with Moodle's rules (firebase JWK::parseKeySet after
 * jwks_helper::fix_jwks_alg): the header must carry a kid; entries without `alg` are kept
 * (as RS256) only when their kid is that kid, others without `alg` are dropped; the key's alg
 * must be the header's.
 */
export function moodleKeyFor(jwks: Jwks, decoded: DecodedJwt): KeyObject {
  const kid = decoded.header.kid;
  if (typeof kid !== 'string' || kid === '') throw new JwtError('unknown_kid', '"kid" empty, unable to lookup correct key');
  const usable = (Array.isArray(jwks.keys) ? jwks.keys : [])
    .map((jwk) => (jwk.alg === undefined && jwk.kid === kid ? { ...jwk, alg: 'RS256' } : jwk))
    .filter((jwk) => jwk.alg !== undefined && jwk.kty === 'RSA');
  const jwk = usable.find((candidate) => candidate.kid === kid);
  if (!jwk) throw new JwtError('unknown_kid', `"kid" ${kid} invalid, unable to lookup correct key`);
  if (jwk.alg !== decoded.header.alg) throw new JwtError('unsupported_alg', 'incorrect key for this algorithm');
  try {
    return createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e }, format: 'jwk' });
  } catch (error) {
    throw new JwtError('unknown_kid', `JWKS entry ${kid} is not a usable RSA key: ${(error as Error).message}`);
  }
}

/** Decodes and verifies the signature of `token` against `jwks` (no claim checks). */
export function verifyWithJwks(token: string, jwks: Jwks): DecodedJwt {
  const decoded = decodeJwt(token);
  if (decoded.header.alg !== 'RS256') throw new JwtError('unsupported_alg', `alg ${decoded.header.alg} is not allowed`);
  verifyRs256(decoded, moodleKeyFor(jwks, decoded));
  return decoded;
}

/** How the double reaches the tool's JWKS; replace it to serve a supertest app without a port. */
export type JwksFetcher = (url: string, headers: Record<string, string>) => Promise<unknown>;

export const httpJwksFetcher: JwksFetcher = async (url, headers) => {
  const response = await fetch(url, { headers });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return response.json();
};

export function asJwks(value: unknown, url: string): Jwks {
  const keys = (value as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) throw new Error(`${url} is not a JWKS (no "keys" array)`);
  return { keys: keys as Jwk[] };
}
