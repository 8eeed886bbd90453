/**
 * Checks Lectern adds in front of ltijs's validation of a posted id_token (pure parts):
 * the state must be present (ltijs's own check needs a cookie a cross-site iframe may not send),
 * and the token must not be issued in the future (ltijs checks only its age).
 */
export const CLOCK_SKEW_SECONDS = 5;

export type GateRefusal = 'missing_state' | 'missing_id_token' | 'malformed_id_token' | 'issued_in_future';

/** The id_token's payload without verifying it (ltijs verifies the signature afterwards). */
export function unverifiedPayload(idToken: string): Record<string, unknown> | null {
  const parts = idToken.split('.');
  if (parts.length !== 3) return null;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    return payload && typeof payload === 'object' && !Array.isArray(payload) ? (payload as Record<string, unknown>) : null;
  } catch (error) {
    // Not JSON: the token is malformed, which is the answer this function gives.
    if (error instanceof SyntaxError) return null;
    throw error;
  }
}

export function gateRefusal(body: { id_token?: unknown; state?: unknown }, nowSeconds: number): GateRefusal | null {
  if (typeof body.id_token !== 'string' || body.id_token === '') return 'missing_id_token';
  if (typeof body.state !== 'string' || body.state === '') return 'missing_state';
  const payload = unverifiedPayload(body.id_token);
  if (!payload) return 'malformed_id_token';
  if (typeof payload.iat === 'number' && payload.iat > nowSeconds + CLOCK_SKEW_SECONDS) return 'issued_in_future';
  return null;
}
