import type { Generated } from 'kysely';
import type { NullableTimestamp, Timestamp } from './db-schema.js';

/** Kysely types of the single sign-on tables (migration 0011); db-schema.ts adds them to Database. */

export interface SsoSettingsTable {
  site_id: number;
  local_login_enabled: Generated<boolean>;
  /** IdentityMapping overrides (JSON), validated by the domain when read. */
  mapping: Generated<unknown>;
  updated_at: Timestamp;
}

export interface SamlMetadataSourcesTable {
  id: Generated<number>;
  site_id: number;
  name: string;
  url: string | null;
  xml: string | null;
  signing_cert: string | null;
  refresh_hours: Generated<number>;
  last_refreshed_at: NullableTimestamp;
  valid_until: NullableTimestamp;
  last_error_code: string | null;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SamlIdpsTable {
  id: Generated<number>;
  site_id: number;
  source_id: number;
  entity_id: string;
  /** `{ "en": "…", "fr": "…" }` from the metadata's mdui:DisplayName / OrganizationDisplayName. */
  display_names: Generated<unknown>;
  sso_url: string;
  sso_binding: 'redirect' | 'post';
  slo_url: string | null;
  slo_binding: 'redirect' | 'post' | null;
  certificates: string[];
  enabled: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SamlRequestsTable {
  id: string;
  value: string;
  created_at: Timestamp;
}

export interface CasServersTable {
  id: Generated<number>;
  site_id: number;
  name: string;
  base_url: string;
  enabled: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SsoSessionsTable {
  session_id: string;
  provider: 'saml' | 'cas';
  issuer: string;
  user_id: number;
  name_id: string | null;
  name_id_format: string | null;
  session_index: string | null;
  created_at: Timestamp;
}

export interface SsoTables {
  sso_settings: SsoSettingsTable;
  saml_metadata_sources: SamlMetadataSourcesTable;
  saml_idps: SamlIdpsTable;
  saml_requests: SamlRequestsTable;
  cas_servers: CasServersTable;
  sso_sessions: SsoSessionsTable;
}
