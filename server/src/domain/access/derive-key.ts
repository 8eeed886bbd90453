import { createHmac } from 'node:crypto';

/** A key for one purpose derived from the server secret, so one shared secret serves them all. */
export function deriveKey(secret: string, purpose: string): Buffer {
  return createHmac('sha256', secret).update(`lectern:${purpose}`).digest();
}
