import { createTokenSigner } from './signed-token.js';

/**
 * Signed, expiring media grants. A grant names one video and the access epoch it was issued
 * under; it travels as the first path segment of every media URL (`/media/<grant>/<key>`), so
 * the relative URLs inside HLS playlists keep working without rewriting. Pure: the key and the
 * clock come in. Expiry is rounded (see signed-token.ts), so public videos' long-lived grants
 * give stable URLs that caches can reuse.
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

export function createMediaGrants(key: Buffer, now: () => number = Date.now): MediaGrants {
  const signer = createTokenSigner(key, 'g1', 2, now);
  return {
    issue: (videoId, epoch, ttlSeconds) => signer.sign([videoId, epoch], ttlSeconds),
    verify(token) {
      const check = signer.verify(token);
      if (!check.ok) return check;
      const [videoId = 0, epoch = 0] = check.values;
      return { ok: true, grant: { videoId, epoch, expiresAt: check.expiresAt } };
    },
  };
}

/**
 * The root-relative URL of a file of the granted video's storage folder (`videos/<id>/<key>`):
 * `/media/<grant>/<video id>/<key>`. The id in the path lets the media route tell a grant
 * used on another video's files (403 media_grant_foreign) from a missing file.
 */
export function mediaPath(grant: string, key: string): string {
  const videoId = /^g1\.(\d+)\./.exec(grant)?.[1];
  if (!videoId) throw new Error('not a media grant');
  return `/media/${grant}/${videoId}/${key}`;
}
