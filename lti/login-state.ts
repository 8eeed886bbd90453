import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The OIDC `state` Lectern sends to the platform: ltijs's own state wrapped with an expiry and
 * an HMAC, `ls1.<ltijs state>.<expires36>.<sig>`. A cross-site iframe with third-party cookies
 * blocked never returns ltijs's state cookie, so the state proves itself: a launch whose state
 * is missing, altered, made up or older than STATE_TTL_SECONDS is refused before ltijs sees it.
 * Replays of a whole (id_token, state) pair are stopped by ltijs's one-time nonces. Pure.
 */
export const STATE_TTL_SECONDS = 600;
const PREFIX = 'ls1';
const SIGNATURE_LENGTH = 32;

export type StateCheck = { readonly ok: true; readonly inner: string } | { readonly ok: false; readonly reason: 'malformed_state' | 'forged_state' | 'expired_state' };

export function createLoginStates(key: Buffer, now: () => number = Date.now) {
  const sign = (payload: string) => createHmac('sha256', key).update(payload).digest('base64url').slice(0, SIGNATURE_LENGTH);
  const pattern = new RegExp(`^${PREFIX}\\.([0-9A-Za-z%_-]{1,200})\\.([0-9a-z]{1,10})\\.([A-Za-z0-9_-]{${SIGNATURE_LENGTH}})$`);
  return {
    wrap(inner: string): string {
      const payload = `${PREFIX}.${inner}.${(Math.floor(now() / 1000) + STATE_TTL_SECONDS).toString(36)}`;
      return `${payload}.${sign(payload)}`;
    },
    unwrap(state: string): StateCheck {
      const match = pattern.exec(state);
      if (!match) return { ok: false, reason: 'malformed_state' };
      const [, inner = '', expires = '', signature = ''] = match;
      if (!timingSafeEqual(Buffer.from(sign(`${PREFIX}.${inner}.${expires}`)), Buffer.from(signature))) return { ok: false, reason: 'forged_state' };
      if (parseInt(expires, 36) * 1000 <= now()) return { ok: false, reason: 'expired_state' };
      return { ok: true, inner };
    },
  };
}

export type LoginStates = ReturnType<typeof createLoginStates>;

/** The authorization redirect with its `state` replaced by `wrap(state)`; other URLs unchanged. */
export function withWrappedState(location: string, states: LoginStates): string {
  const url = new URL(location);
  const state = url.searchParams.get('state');
  if (!state) return location;
  url.searchParams.set('state', states.wrap(state));
  return url.toString();
}
