import { createHash } from 'node:crypto';
import type { ChecksumAlgorithm } from './types.js';

/**
 * bbb-common-web's check (GetChecksum.removeChecksumFromQueryString + GetChecksumValidator):
 * the checksum parameter is taken decoded from the query, removed from the RAW query string by
 * plain text replacement (never re-encoded), the algorithm is chosen by the checksum's length
 * and must be in the supported list, and the comparison ignores case.
 */
const BY_LENGTH: Readonly<Record<number, ChecksumAlgorithm>> = { 40: 'sha1', 64: 'sha256', 96: 'sha384', 128: 'sha512' };

export function queryWithoutChecksum(rawQuery: string, checksum: string): string {
  return rawQuery
    .split(`&checksum=${checksum}`)
    .join('')
    .split(`checksum=${checksum}&`)
    .join('')
    .split(`checksum=${checksum}`)
    .join('');
}

/**
 * `checksum` is the parameter's decoded value (from the query, or from a POST body, in which
 * case the raw query does not contain it and is hashed as it is).
 */
export function checksumIsValid(call: string, rawQuery: string, checksum: string | null, secret: string, supported: readonly ChecksumAlgorithm[]): boolean {
  // An empty securitySalt disables the check (the validator only logs a warning).
  if (secret === '') return true;
  if (checksum === null || checksum === '') return false;
  const algorithm = BY_LENGTH[checksum.length];
  if (algorithm === undefined || !supported.includes(algorithm)) return false;
  const expected = createHash(algorithm).update(call + queryWithoutChecksum(rawQuery, checksum) + secret, 'utf8').digest('hex');
  return expected === checksum.toLowerCase();
}
