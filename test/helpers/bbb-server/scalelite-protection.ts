/**
 * Scalelite's protected recordings (blindsidenetworks/scalelite: app/models/playback_format.rb,
 * app/controllers/playback_controller.rb, app/views/bigbluebutton_api/get_recordings.xml.builder,
 * config/routes.rb, nginx/playback/presentation-video.nginx):
 * - every getRecordings answer mints, per format, a one-time-use token (SecureRandom.hex(32),
 *   kept with a TTL) and lists `/recording/<record_id>/<format>?token=<token>`;
 * - that link consumes the token (missing, malformed, unknown, expired or for another
 *   recording/format → 404), sets the cookie `recording_<format>_<record_id>` = HS256 JWT
 *   { sub: "/<format>/<record_id>", exp } with path `/<format>/<record_id>`, and answers 307 to
 *   the format's own URL;
 * - resources under `/<format>/<record_id>/…` need that cookie (else 404);
 *   `/playback/video/<x>` is 307-redirected to `/video/<x>` by Scalelite's nginx.
 */
import { randomHex, type DoubleContext } from './double-context.js';
import { signHmacJwt, verifyHs256Jwt } from './jws-hmac.js';
import type { DoubleRecording, PlaybackFormatType } from './types.js';

/** The format's own URL path on a BBB server (what metadata.xml's <link> holds, host removed). */
export function formatPath(recordID: string, format: PlaybackFormatType): string {
  if (format === 'video') return `/playback/video/${recordID}/`;
  if (format === 'presentation') return `/playback/presentation/2.3/${recordID}`;
  return `/podcast/${recordID}/audio.ogg`;
}

/** The `<url>` of a format in getRecordings: a fresh one-time link for protected recordings. */
export function playbackUrl(ctx: DoubleContext, recording: DoubleRecording, format: PlaybackFormatType): string {
  if (!recording.viaToken) return `${ctx.origin}${formatPath(recording.recordID, format)}`;
  const token = randomHex(32);
  ctx.tokens.set(token, { recordID: recording.recordID, format, expiresAt: Date.now() + ctx.tokenTtlMs });
  return `${ctx.origin}/recording/${encodeURIComponent(recording.recordID)}/${format}?token=${token}`;
}

/** PlaybackFormat.consume_protector_token plus the controller's record/format check. */
export function consumeToken(ctx: DoubleContext, token: string | null, recordID: string, format: string): boolean {
  if (token === null || !/^[0-9a-f]{64}$/.test(token)) return false;
  const entry = ctx.tokens.get(token);
  ctx.tokens.delete(token);
  if (!entry || entry.expiresAt < Date.now()) return false;
  return entry.recordID === recordID && entry.format === format;
}

function cookieName(recordID: string, format: string): string {
  return `recording_${format}_${recordID}`;
}

/**
 * The Set-Cookie value. Scalelite also sets `secure` and `SameSite=None`; over the double's
 * plain http a client would drop a Secure cookie, so both are left out.
 */
export function accessCookie(ctx: DoubleContext, recordID: string, format: string): string {
  const resourcePath = `/${format}/${recordID}`;
  const jwt = signHmacJwt({ sub: resourcePath, exp: Math.floor((Date.now() + ctx.cookieTtlMs) / 1000) }, ctx.cookieKey);
  return `${cookieName(recordID, format)}=${jwt}; path=${resourcePath}; HttpOnly`;
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** PlaybackController#verify_cookie. */
export function hasAccessCookie(ctx: DoubleContext, cookieHeader: string | undefined, recordID: string, format: string): boolean {
  const jwt = cookieValue(cookieHeader, cookieName(recordID, format));
  if (!jwt) return false;
  const payload = verifyHs256Jwt(jwt, ctx.cookieKey);
  return payload !== undefined && typeof payload['exp'] === 'number' && payload['sub'] === `/${format}/${recordID}`;
}
