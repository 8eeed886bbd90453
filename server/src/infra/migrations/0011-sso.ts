/**
 * Single sign-on (issue 8): SAML 2.0 identity providers (one by one or from a federation's
 * metadata, refreshed), CAS servers, the site's sign-in settings and identity mapping, the SAML
 * requests awaiting their response (InResponseTo, single use), and which local sessions came
 * from which SSO login (single logout). Groups computed from SSO attributes are `auto_sync`:
 * their memberships are recomputed at each login (Esup-Pod's AccessGroup.auto_sync).
 */
export const sql = `
CREATE TABLE sso_settings (
  site_id              integer PRIMARY KEY REFERENCES sites(id),
  local_login_enabled  boolean NOT NULL DEFAULT true,
  mapping              jsonb NOT NULL DEFAULT '{}'::jsonb,
  updated_at           timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE saml_metadata_sources (
  id                 integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id            integer NOT NULL REFERENCES sites(id),
  name               text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  url                text CHECK (url IS NULL OR length(url) BETWEEN 1 AND 2000),
  xml                text,
  signing_cert       text CHECK (signing_cert IS NULL OR length(signing_cert) <= 20000),
  refresh_hours      integer NOT NULL DEFAULT 24 CHECK (refresh_hours BETWEEN 1 AND 720),
  last_refreshed_at  timestamptz,
  valid_until        timestamptz,
  last_error_code    text,
  last_error         text CHECK (last_error IS NULL OR length(last_error) <= 2000),
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CHECK ((url IS NULL) <> (xml IS NULL))
);
CREATE UNIQUE INDEX saml_metadata_sources_site_name_key ON saml_metadata_sources (site_id, lower(name));

CREATE TABLE saml_idps (
  id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id        integer NOT NULL REFERENCES sites(id),
  source_id      integer NOT NULL REFERENCES saml_metadata_sources(id) ON DELETE CASCADE,
  entity_id      text NOT NULL CHECK (length(entity_id) BETWEEN 1 AND 500),
  display_names  jsonb NOT NULL DEFAULT '{}'::jsonb,
  sso_url        text NOT NULL CHECK (length(sso_url) BETWEEN 1 AND 2000),
  sso_binding    text NOT NULL CHECK (sso_binding IN ('redirect', 'post')),
  slo_url        text CHECK (slo_url IS NULL OR length(slo_url) BETWEEN 1 AND 2000),
  slo_binding    text CHECK (slo_binding IS NULL OR slo_binding IN ('redirect', 'post')),
  certificates   text[] NOT NULL CHECK (cardinality(certificates) >= 1),
  enabled        boolean NOT NULL DEFAULT true,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (site_id, entity_id)
);
CREATE INDEX saml_idps_source_idx ON saml_idps (source_id);

-- node-saml's cache of AuthnRequest ids (validateInResponseTo 'always'): a response is accepted
-- once, for a request we sent, within its lifetime. value: what we keep with the request (JSON).
CREATE TABLE saml_requests (
  id          text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 200),
  value       text NOT NULL CHECK (length(value) <= 4000),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX saml_requests_created_idx ON saml_requests (created_at);

CREATE TABLE cas_servers (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id     integer NOT NULL REFERENCES sites(id),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  base_url    text NOT NULL CHECK (length(base_url) BETWEEN 1 AND 2000),
  enabled     boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (site_id, base_url)
);

-- Which local session an SSO login opened: single logout ends it. SAML: the IdP's NameID and
-- SessionIndex; CAS: the service ticket (session_index). Gone with the session.
CREATE TABLE sso_sessions (
  session_id      varchar PRIMARY KEY REFERENCES sessions(sid) ON DELETE CASCADE,
  provider        text NOT NULL CHECK (provider IN ('saml', 'cas')),
  issuer          text NOT NULL CHECK (length(issuer) BETWEEN 1 AND 2000),
  user_id         integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name_id         text CHECK (name_id IS NULL OR length(name_id) <= 1000),
  name_id_format  text CHECK (name_id_format IS NULL OR length(name_id_format) <= 500),
  session_index   text CHECK (session_index IS NULL OR length(session_index) <= 1000),
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sso_sessions_index_idx ON sso_sessions (provider, issuer, session_index);
CREATE INDEX sso_sessions_name_id_idx ON sso_sessions (provider, issuer, name_id);

ALTER TABLE access_groups ADD COLUMN auto_sync boolean NOT NULL DEFAULT false;
`;
