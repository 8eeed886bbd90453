/**
 * LTI 1.3 platforms (LMS registrations) Lectern accepts launches from, as administrators
 * configure them or as dynamic registration records them (pending until approved). ltijs keeps
 * its own copy (with the tool's key pair) in the LTI database; this table is the truth about
 * which platforms, deployments and sites are allowed.
 */
export const sql = `
CREATE TABLE lti_platforms (
  id                       integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id                  integer NOT NULL REFERENCES sites(id),
  name                     text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  issuer                   text NOT NULL CHECK (issuer ~ '^https?://' AND length(issuer) <= 500),
  client_id                text NOT NULL CHECK (length(client_id) BETWEEN 1 AND 255),
  authentication_endpoint  text NOT NULL CHECK (authentication_endpoint ~ '^https?://'),
  access_token_endpoint    text NOT NULL CHECK (access_token_endpoint ~ '^https?://'),
  jwks_url                 text NOT NULL CHECK (jwks_url ~ '^https?://'),
  deployment_ids           text[] NOT NULL DEFAULT '{}',
  status                   text NOT NULL DEFAULT 'active' CHECK (status IN ('pending', 'active', 'inactive')),
  origin                   text NOT NULL DEFAULT 'manual' CHECK (origin IN ('manual', 'dynamic')),
  product                  text CHECK (product IS NULL OR length(product) <= 100),
  created_at               timestamptz NOT NULL DEFAULT now(),
  updated_at               timestamptz NOT NULL DEFAULT now(),
  UNIQUE (issuer, client_id)
);
CREATE INDEX lti_platforms_site_idx ON lti_platforms (site_id);
`;
