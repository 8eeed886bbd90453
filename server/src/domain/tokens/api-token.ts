import { createHash, randomBytes } from 'node:crypto';

export interface ApiToken {
  readonly id: number;
  readonly userId: number;
  readonly name: string;
  readonly prefix: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  readonly revokedAt: Date | null;
}

/**
 * Keys are 40 hexadecimal characters, the shape of Esup-Pod's (Django REST framework) tokens,
 * so that Pod clients such as Moodle's repository_pod accept them. Only their SHA-256 is stored:
 * the key has 160 random bits, so a fast hash is enough.
 */
export function generateTokenKey(): string {
  return randomBytes(20).toString('hex');
}

export function hashTokenKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function tokenPrefix(key: string): string {
  return key.slice(0, 8);
}
