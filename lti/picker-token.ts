import { hmacText, sameSignature } from '../server/src/domain/access/signed-token.js';

/**
 * The deep-linking picker's state, carried by the page itself (a hidden field, sent back in a
 * form field or the `X-Lectern-Picker-Token` header): the picker runs in a cross-site LMS iframe
 * where no cookie comes back, and tokens in URLs reach logs. `pt1.<payload>.<hmac>`, the payload
 * being base64url JSON; short-lived (an hour by default).
 */
export interface PickerState {
  readonly userId: number;
  readonly platformId: number;
  /** Which platform signs the answer (ltijs's key pair is per issuer and client id). */
  readonly issuer: string;
  readonly clientId: string;
  readonly deploymentId: string;
  readonly returnUrl: string;
  /** deep_linking_settings.data, echoed exactly in the answer when present. */
  readonly data: string | null;
  readonly acceptTypes: readonly string[];
  readonly presentationTargets: readonly string[];
  readonly acceptMultiple: boolean;
  readonly acceptLineItem: boolean;
  /** The launch's language (pages after the launch keep it). */
  readonly locale: string | null;
  /** Seconds since the epoch. */
  readonly expiresAt: number;
}

export type PickerTokenCheck = { readonly ok: true; readonly state: PickerState } | { readonly ok: false; readonly reason: 'lti_picker_expired' | 'lti_picker_invalid' };

export const PICKER_TOKEN_HEADER = 'X-Lectern-Picker-Token';
export const PICKER_TOKEN_TTL_SECONDS = 3600;
const PREFIX = 'pt1';
const MAX_TOKEN_LENGTH = 16_384;

export interface PickerTokens {
  issue(state: Omit<PickerState, 'expiresAt'>, nowSeconds?: number): string;
  verify(token: unknown, nowSeconds?: number): PickerTokenCheck;
}

const strings = (value: unknown): value is string[] => Array.isArray(value) && value.every((entry) => typeof entry === 'string');

/** A payload of the right shape (a token signed by an older version may lack fields). */
function isPickerState(value: unknown): value is PickerState {
  if (!value || typeof value !== 'object') return false;
  const state = value as Record<string, unknown>;
  return (
    Number.isInteger(state.userId) &&
    Number.isInteger(state.platformId) &&
    ['issuer', 'clientId', 'deploymentId', 'returnUrl'].every((name) => typeof state[name] === 'string') &&
    (state.data === null || typeof state.data === 'string') &&
    (state.locale === null || typeof state.locale === 'string') &&
    strings(state.acceptTypes) &&
    strings(state.presentationTargets) &&
    typeof state.acceptMultiple === 'boolean' &&
    typeof state.acceptLineItem === 'boolean' &&
    Number.isInteger(state.expiresAt)
  );
}

export function createPickerTokens(key: Buffer, ttlSeconds = PICKER_TOKEN_TTL_SECONDS): PickerTokens {
  const mac = (payload: string) => hmacText(key, `${PREFIX}.${payload}`);
  const now = () => Math.floor(Date.now() / 1000);
  return {
    issue(state, nowSeconds = now()) {
      const payload = Buffer.from(JSON.stringify({ ...state, expiresAt: nowSeconds + ttlSeconds })).toString('base64url');
      return `${PREFIX}.${payload}.${mac(payload)}`;
    },
    verify(token, nowSeconds = now()) {
      const invalid = { ok: false, reason: 'lti_picker_invalid' } as const;
      if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return invalid;
      const [prefix, payload, signature, ...rest] = token.split('.');
      if (prefix !== PREFIX || !payload || !signature || rest.length > 0) return invalid;
      if (!sameSignature(mac(payload), signature)) return invalid;
      let state: unknown;
      try {
        state = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      } catch (error) {
        // Signed by us yet not JSON: only a changed format could do that; refused as invalid.
        if (error instanceof SyntaxError) return invalid;
        throw error;
      }
      if (!isPickerState(state)) return invalid;
      if (state.expiresAt <= nowSeconds) return { ok: false, reason: 'lti_picker_expired' };
      return { ok: true, state };
    },
  };
}
