/**
 * BBB request signing (shared/specs/bbb-xapi-sso.md §1.2): the checksum is
 * lowercase_hex(H(callName + queryString + secret)) over exactly the query string sent, so the
 * query is serialised once here and never re-encoded afterwards.
 */
import { createHash } from 'node:crypto';
import type { BbbChecksumAlgorithm } from '../../domain/meetings/bbb.js';

export type BbbParamValue = string | number | boolean | undefined;
/** Parameters in the order they are sent; `undefined` values are skipped. */
export type BbbParams = Readonly<Record<string, BbbParamValue>> | readonly (readonly [string, BbbParamValue])[];

export function bbbChecksum(callName: string, queryString: string, secret: string, algorithm: BbbChecksumAlgorithm): string {
  return createHash(algorithm).update(callName + queryString + secret, 'utf8').digest('hex');
}

/** The query string without checksum: URLSearchParams encoding (spaces as `+`), given order. */
export function bbbQueryString(params: BbbParams): string {
  const entries = Array.isArray(params) ? params : Object.entries(params);
  const search = new URLSearchParams();
  for (const [name, value] of entries as Iterable<readonly [string, BbbParamValue]>) {
    if (value !== undefined) search.append(name, String(value));
  }
  return search.toString();
}

/** The full signed query: `<query>&checksum=<hex>`, or `checksum=<hex>` when there are no parameters. */
export function signedQuery(callName: string, params: BbbParams, secret: string, algorithm: BbbChecksumAlgorithm): string {
  if (secret === '') throw new Error('BBB shared secret is empty: refusing to sign (a BBB server with no secret accepts anything)');
  const query = bbbQueryString(params);
  const checksum = bbbChecksum(callName, query, secret, algorithm);
  return query === '' ? `checksum=${checksum}` : `${query}&checksum=${checksum}`;
}
