/**
 * SAML metadata as Lectern reads it (bbb-xapi-sso.md §3.1, §3.6): a document holding one IdP
 * or a federation's aggregate, what was taken from it and what was skipped, why a source could
 * not be read, and the ports the metadata service works through (the reader: download, verify,
 * parse; the repository of sources and their IdPs).
 */
import { AppError } from '../errors.js';
import type { SamlIdp, SamlIdpDirectory, SamlMetadataSource } from './saml-idp.js';

/** An IdP as the metadata describes it (before it is stored). */
export type MetadataIdp = Omit<SamlIdp, 'id' | 'siteId' | 'sourceId' | 'enabled'>;

/**
 * Why an entity of the document did not become an IdP: not a SAML 2.0 IdP (an SP, or SAML 1
 * only), no SSO endpoint with a binding we use, no signing certificate, its own validUntil
 * passed, listed twice, or values Lectern cannot store (an entity id over 500 characters…).
 */
export const SKIP_REASONS = ['not_saml2_idp', 'no_sso_endpoint', 'no_signing_certificate', 'expired', 'duplicate', 'invalid'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export interface SkippedEntity {
  readonly entityId: string;
  readonly reason: SkipReason;
}

export interface SamlMetadataDocument {
  readonly idps: readonly MetadataIdp[];
  readonly skipped: readonly SkippedEntity[];
  /** The earliest validUntil of the document's root and nested groups; null: none given. */
  readonly validUntil: Date | null;
  /** The root's cacheDuration (xs:duration), in seconds; null: none given. */
  readonly cacheDurationSeconds: number | null;
  /** Whether the signature was verified against the source's pinned certificate. */
  readonly signatureChecked: boolean;
}

/**
 * Why a source could not be read, recorded on the source (last_error_code): unreachable (the
 * network, a timeout, an HTTP error), too large (SAML_METADATA_MAX_BYTES), not metadata, a
 * signature that does not verify against the pinned certificate, a validUntil in the past, or no
 * usable IdP in it.
 */
export const SAML_METADATA_ERROR_CODES = [
  'saml_metadata_unreachable',
  'saml_metadata_too_large',
  'saml_metadata_invalid',
  'saml_metadata_signature_invalid',
  'saml_metadata_expired',
  'saml_metadata_empty',
] as const;
export type SamlMetadataErrorCode = (typeof SAML_METADATA_ERROR_CODES)[number];

const KIND_OF: Record<SamlMetadataErrorCode, AppError['kind']> = {
  saml_metadata_unreachable: 'unavailable',
  saml_metadata_too_large: 'payload_too_large',
  saml_metadata_invalid: 'validation',
  saml_metadata_signature_invalid: 'validation',
  saml_metadata_expired: 'validation',
  saml_metadata_empty: 'validation',
};

export class SamlMetadataError extends AppError {
  readonly kind: AppError['kind'];

  constructor(
    override readonly code: SamlMetadataErrorCode,
    message: string,
  ) {
    super(code, message);
    this.kind = KIND_OF[code];
  }
}

/** Port: reading metadata (infra/saml). Both throw SamlMetadataError. */
export interface SamlMetadataReader {
  /** The document at a URL (https, or http on this machine), within the size and time limits. */
  download(url: string): Promise<string>;
  /**
   * Verifies the signature when a certificate is pinned (then only the signed content is read),
   * and parses; entities whose own validUntil is before `now` are skipped.
   */
  read(xml: string, signingCert: string | null, now: Date): Promise<SamlMetadataDocument>;
}

/** A source with its IdP counts, as listed. */
export interface SamlMetadataSourceSummary extends SamlMetadataSource {
  readonly idpCount: number;
  readonly enabledCount: number;
}

export interface SamlSourceSettings {
  readonly name: string;
  readonly url: string | null;
  readonly xml: string | null;
  readonly signingCert: string | null;
  readonly refreshHours: number;
}

/** What a refresh changed: IdPs new (enabled), updated (their `enabled` kept), removed; entity ids another source of the site provides. */
export interface AppliedRefresh {
  readonly added: number;
  readonly updated: number;
  readonly removed: number;
  readonly conflicts: readonly string[];
}

export interface SamlIdpFilter {
  readonly sourceId?: number;
  /** Part of the entity id or of a display name, any case. */
  readonly search?: string;
  readonly enabled?: boolean;
  readonly limit: number;
}

/** Port: the sources and their IdPs (saml_metadata_sources, saml_idps). */
export interface SamlMetadataRepository extends Pick<SamlIdpDirectory, 'findById' | 'findByEntityId'> {
  /** Null when the site already has a source with this name. */
  insertSource(siteId: number, settings: SamlSourceSettings): Promise<SamlMetadataSource | null>;
  /** Null when the source is gone; 'conflict' when the new name is taken. */
  updateSource(id: number, changes: Partial<Pick<SamlSourceSettings, 'name' | 'signingCert' | 'refreshHours'>>): Promise<SamlMetadataSource | null | 'conflict'>;
  findSource(id: number): Promise<SamlMetadataSource | null>;
  listSources(siteId: number): Promise<SamlMetadataSourceSummary[]>;
  /**
   * URL sources whose refresh is due at `now`: never refreshed, or refreshed `refresh_hours`
   * ago; one whose last attempt failed waits `retryAfterMs` after that attempt.
   */
  listDueSources(now: Date, retryAfterMs: number): Promise<SamlMetadataSource[]>;
  /** Its IdPs go with it. */
  removeSource(id: number): Promise<boolean>;
  /** Records why the last attempt failed (the IdPs stay as they were). */
  recordFailure(id: number, code: SamlMetadataErrorCode, message: string, at: Date): Promise<void>;
  /**
   * Replaces the source's IdPs in one transaction (new ones enabled, existing ones keep their
   * `enabled`, vanished ones removed; entity ids of another source of the site left alone) and
   * marks it refreshed. Null when the source is gone.
   */
  applyRefresh(id: number, idps: readonly MetadataIdp[], marks: { readonly refreshedAt: Date; readonly validUntil: Date | null }): Promise<AppliedRefresh | null>;
  listIdps(siteId: number, filter: SamlIdpFilter): Promise<{ idps: SamlIdp[]; total: number }>;
  setIdpEnabled(id: number, enabled: boolean): Promise<SamlIdp | null>;
}
