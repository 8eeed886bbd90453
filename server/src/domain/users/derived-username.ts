import { createHash } from 'node:crypto';
import { USERNAME_PATTERN } from './user.js';

/**
 * A username for an account made by a sign-in elsewhere (LTI, SSO) when the name it brings
 * cannot be used as is: `base` made safe (else `fallback`), plus a hash of the identity
 * (`issuer`, `subject`), so that it is stable for that identity and never collides with a
 * local account of the same name (people are never merged by a name or an address). Pure.
 */
export function derivedUsername(base: string, fallback: string, issuer: string, subject: string): string {
  const safe = base.normalize('NFKC').replace(/[^\p{L}\p{N}_.@+-]/gu, '').slice(0, 100) || fallback;
  const suffix = createHash('sha256').update(`${issuer}\n${subject}`).digest('hex').slice(0, 8);
  const username = `${safe}-${suffix}`;
  if (!USERNAME_PATTERN.test(username)) throw new Error(`could not make a username from ${JSON.stringify(base)}`);
  return username;
}
