/**
 * Cache-Control of a media answer, pure. The grant in the URL is the credential and its expiry
 * bounds every cache: nobody may keep a response past the moment its URL stops working.
 *
 * - Public videos get long-lived grants (MEDIA_PUBLIC_GRANT_TTL): `public`, so a shared cache
 *   (CDN, university proxy) may keep them for the grant's remaining lifetime.
 * - Other grants (MEDIA_GRANT_TTL): `private`, at most an hour, so only the viewer's browser
 *   keeps the bytes, not a shared cache another viewer could hit after access is revoked.
 * - Files of an encoding (`media-<id>/`) never change: `immutable` spares revalidations.
 *   Tracks and enrichments can be replaced under the same name: a minute, then revalidation
 *   with the ETag.
 *
 * The URL does not say whether the video is public; the grant's lifetime does. Grants expire on
 * a step of an eighth of their lifetime (at least 60 s, see signed-token.ts), so a grant whose
 * remaining lifetime exceeds the non-public lifetime plus that step was issued as a public one.
 * A public grant near its end therefore looks private: the safe side.
 */
export const PRIVATE_MAX_AGE_SECONDS = 3600;
export const MUTABLE_MAX_AGE_SECONDS = 60;

export function isPublicGrant(remainingSeconds: number, grantTtlSeconds: number): boolean {
  return remainingSeconds > grantTtlSeconds + Math.max(60, Math.floor(grantTtlSeconds / 8));
}

export function mediaCacheControl(remainingSeconds: number, publicGrant: boolean, immutable: boolean): string {
  const remaining = Math.max(0, Math.floor(remainingSeconds));
  let maxAge = publicGrant ? remaining : Math.min(remaining, PRIVATE_MAX_AGE_SECONDS);
  if (!immutable) maxAge = Math.min(maxAge, MUTABLE_MAX_AGE_SECONDS);
  return `${publicGrant ? 'public' : 'private'}, max-age=${maxAge}${immutable ? ', immutable' : ''}`;
}
