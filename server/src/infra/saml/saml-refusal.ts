import { UnauthenticatedError } from '../../domain/errors.js';

/**
 * Why a SAML message was refused: logged with node-saml's own message (never the message
 * itself), while the browser only sees `saml_response_refused`.
 */
export const SAML_REFUSAL_REASONS = [
  /** A signature is there but does not verify with the IdP's certificates (or a tampered document). */
  'signature',
  /** The Response, its Assertion or a logout message carries no signature at all. */
  'unsigned',
  'audience',
  /** Outside NotBefore / NotOnOrAfter, beyond the tolerated clock skew. */
  'expired',
  /** Answers no request of ours: unknown, already answered (a replay), expired or missing. */
  'in_response_to',
  /** Issued by another IdP than the one the request went to (or an unknown one). */
  'issuer',
  /** Addressed to another service provider (Destination, Recipient). */
  'not_for_us',
  /** The encrypted assertion cannot be decrypted with our key. */
  'decryption',
  /** The IdP answered with an error status (the person cancelled, authentication failed…). */
  'status',
  'malformed',
] as const;
export type SamlRefusalReason = (typeof SAML_REFUSAL_REASONS)[number];

export class SamlRefusedError extends UnauthenticatedError {
  constructor(
    readonly reason: SamlRefusalReason,
    /** For the log: what was wrong, in English (node-saml's message when it refused). */
    readonly detail: string,
  ) {
    super('saml_response_refused', 'The answer of the identity provider was refused.');
  }
}

const PATTERNS: readonly (readonly [RegExp, SamlRefusalReason])[] = [
  [/InResponseTo/i, 'in_response_to'],
  [/audience/i, 'audience'],
  [/expired|not yet valid|no valid subject confirmation/i, 'expired'],
  [/signature/i, 'signature'],
  [/decrypt|EncryptedAssertion|encrypted/i, 'decryption'],
  [/issuer/i, 'issuer'],
  [/status/i, 'status'],
];

/** node-saml's error → our refusal (`isStatus`: it was a SamlStatusError, the IdP's own refusal). */
export function refusalOf(error: unknown, isStatus: boolean): SamlRefusedError {
  if (error instanceof SamlRefusedError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (isStatus) return new SamlRefusedError('status', message);
  const reason = PATTERNS.find(([pattern]) => pattern.test(message))?.[1] ?? 'malformed';
  return new SamlRefusedError(reason, message);
}
