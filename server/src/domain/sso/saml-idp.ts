/**
 * SAML identity providers, as read from metadata: one IdP's own metadata, or a federation's
 * aggregate (Renater's main-idps-renater-metadata.xml) whose every IdP becomes a row. A source is
 * a URL (refreshed every `refreshHours`, its signature checked against a pinned certificate when
 * one is given) or an uploaded file.
 */
export type SamlBinding = 'redirect' | 'post';

export interface SamlIdp {
  readonly id: number;
  readonly siteId: number;
  readonly sourceId: number;
  readonly entityId: string;
  /** Display names by language (`en`, `fr`), from mdui:DisplayName or the organisation's. */
  readonly displayNames: Readonly<Record<string, string>>;
  readonly ssoUrl: string;
  readonly ssoBinding: SamlBinding;
  readonly sloUrl: string | null;
  readonly sloBinding: SamlBinding | null;
  /** Signing certificates, PEM (several during a rollover). */
  readonly certificates: readonly string[];
  readonly enabled: boolean;
}

export interface SamlMetadataSource {
  readonly id: number;
  readonly siteId: number;
  readonly name: string;
  /** Fetched from here, or null for an uploaded file (`xml`). */
  readonly url: string | null;
  readonly xml: string | null;
  /** PEM certificate the metadata's signature must verify against; null: not checked. */
  readonly signingCert: string | null;
  readonly refreshHours: number;
  readonly lastRefreshedAt: Date | null;
  readonly validUntil: Date | null;
  readonly lastErrorCode: string | null;
  readonly lastError: string | null;
}

/** The name to show for an IdP in a language, falling back on English, any, then the entity id. */
export function idpDisplayName(idp: Pick<SamlIdp, 'displayNames' | 'entityId'>, locale: string): string {
  return idp.displayNames[locale] ?? idp.displayNames['en'] ?? Object.values(idp.displayNames)[0] ?? idp.entityId;
}

/** Port: the IdPs a site may sign in with (the SP and the login page read it). */
export interface SamlIdpDirectory {
  listEnabled(siteId: number): Promise<SamlIdp[]>;
  findById(id: number): Promise<SamlIdp | null>;
  findByEntityId(siteId: number, entityId: string): Promise<SamlIdp | null>;
}
