import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed, expiring media grants. A grant names one video and the access epoch it was issued
 * under; it travels as the first path segment of every media URL (`/media/<grant>/<key>`), so
 * the relative URLs inside HLS playlists keep working without rewriting. Pure: the key and the
 * clock come in.
 *
 * Expiry is rounded up to a step of an eighth of the lifetime, so the same URL is handed out for
 * a while and browser or proxy caches can reuse it (public videos get long-lived grants).
 */
export interface MediaGrant {
  readonly videoId: number;
  readonly epoch: number;
  readonly expiresAt: Date;
}

export type GrantCheck = { readonly ok: true; readonly grant: MediaGrant } | { readonly ok: false; readonly reason: 'malformed' | 'bad_signature' | 'expired' };

export interface MediaGrants {
  issue(videoId: number, epoch: number, ttlSeconds: number): string;
  verify(token: string): GrantCheck;
}

const VERSION = 'g1';
const SIGNATURE_LENGTH = 22; // base64url characters: 132 bits of HMAC-SHA256
const GRANT_PATTERN = /^g1\.(\d{1,10})\.(\d{1,10})\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{22})$/;

export function createMediaGrants(key: Buffer, now: () => number = Date.now): MediaGrants {
  const sign = (payload: string) => createHmac('sha256', key).update(payload).digest('base64url').slice(0, SIGNATURE_LENGTH);
  return {
    issue(videoId, epoch, ttlSeconds) {
      const step = Math.max(60, Math.floor(ttlSeconds / 8));
      const expires = Math.ceil((Math.floor(now() / 1000) + ttlSeconds) / step) * step;
      const payload = `${VERSION}.${videoId}.${epoch}.${expires.toString(36)}`;
      return `${payload}.${sign(payload)}`;
    },
    verify(token) {
      const match = GRANT_PATTERN.exec(token);
      if (!match) return { ok: false, reason: 'malformed' };
      const [, videoId = '', epoch = '', expires = '', signature = ''] = match;
      const expected = Buffer.from(sign(`${VERSION}.${videoId}.${epoch}.${expires}`));
      if (!timingSafeEqual(expected, Buffer.from(signature))) return { ok: false, reason: 'bad_signature' };
      const expiresAt = parseInt(expires, 36) * 1000;
      if (expiresAt <= now()) return { ok: false, reason: 'expired' };
      return { ok: true, grant: { videoId: Number(videoId), epoch: Number(epoch), expiresAt: new Date(expiresAt) } };
    },
  };
}

/** The root-relative URL of a file of a video's storage folder (`videos/<id>/<key>`). */
export function mediaPath(grant: string, key: string): string {
  return `/media/${grant}/${key}`;
}
