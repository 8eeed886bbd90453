import { hmacText, sameSignature } from '../server/src/domain/access/signed-token.js';

/**
 * The OIDC `state` Lectern sends to the platform: ltijs's own state wrapped with an expiry, an
 * HMAC and a binding to the login's nonce, `ls1.<ltijs state>.<expires36>.<sig>.<binding>`. A
 * cross-site iframe with third-party cookies blocked never returns ltijs's state cookie, so the
 * state proves itself: a launch whose state is missing, altered, made up, older than
 * STATE_TTL_SECONDS, or issued for another login (its binding does not match the id_token's
 * nonce) is refused before ltijs sees it. Replays of a whole (id_token, state) pair are stopped
 * by ltijs's one-time nonces. Pure.
 */
export const STATE_TTL_SECONDS = 600;
const PREFIX = 'ls1';
const SIGNATURE_LENGTH = 32;
const BINDING_LENGTH = 22;

export type StateCheck =
  | { readonly ok: true; readonly inner: string }
  | { readonly ok: false; readonly reason: 'malformed_state' | 'forged_state' | 'expired_state' | 'mismatched_state' };

export function createLoginStates(key: Buffer, now: () => number = Date.now) {
  const sign = (payload: string) => hmacText(key, payload, SIGNATURE_LENGTH);
  const bind = (payload: string, nonce: string) => hmacText(key, `${payload}\nnonce:${nonce}`, BINDING_LENGTH);
  const pattern = new RegExp(`^${PREFIX}\\.([0-9A-Za-z%_-]{1,200})\\.([0-9a-z]{1,10})\\.([A-Za-z0-9_-]{${SIGNATURE_LENGTH}})\\.([A-Za-z0-9_-]{${BINDING_LENGTH}})$`);
  return {
    /** `nonce`: the one the authorization request carries (the id_token must bring it back). */
    wrap(inner: string, nonce: string): string {
      const payload = `${PREFIX}.${inner}.${(Math.floor(now() / 1000) + STATE_TTL_SECONDS).toString(36)}`;
      return `${payload}.${sign(payload)}.${bind(payload, nonce)}`;
    },
    /** `nonce`: the posted id_token's (unverified here; ltijs verifies the token afterwards). */
    unwrap(state: string, nonce: string): StateCheck {
      const match = pattern.exec(state);
      if (!match) return { ok: false, reason: 'malformed_state' };
      const [, inner = '', expires = '', signature = '', binding = ''] = match;
      const payload = `${PREFIX}.${inner}.${expires}`;
      if (!sameSignature(sign(payload), signature)) return { ok: false, reason: 'forged_state' };
      if (parseInt(expires, 36) * 1000 <= now()) return { ok: false, reason: 'expired_state' };
      if (!sameSignature(bind(payload, nonce), binding)) return { ok: false, reason: 'mismatched_state' };
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
  url.searchParams.set('state', states.wrap(state, url.searchParams.get('nonce') ?? ''));
  return url.toString();
}
