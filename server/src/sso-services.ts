/**
 * Single sign-on's part of the services (issue 8): CAS servers and the CAS 3.0 client, the
 * site's sign-in settings and identity mapping, users from SAML and CAS assertions, SSO sessions
 * (single logout), the SAML IdP directory and its metadata sources, and the SAML service provider.
 */
import type { Config } from './config/config.js';
import type { AccessRepository } from './domain/access/access-repository.js';
import type { UserIdentityRepository } from './domain/users/user-identity.js';
import type { UserRepository } from './domain/users/user-repository.js';
import { DEFAULT_SITE_ID } from './domain/users/user-service.js';
import type { Db } from './infra/db.js';
import type { Logger } from './infra/logger.js';
// SSO sign-in (domain/sso): settings and identity mapping per site, users from assertions, SSO sessions.
import { createSsoGroupSync } from './domain/sso/sso-groups.js';
import { createSsoIdentityAdmin } from './domain/sso/sso-identity-admin.js';
import { createSsoLoginService } from './domain/sso/sso-login-service.js';
import { createSsoSettingsService } from './domain/sso/sso-settings-service.js';
import { createSsoSessionRepository } from './infra/repositories/sso-session-repository.js';
import { createSsoSettingsRepository } from './infra/repositories/sso-settings-repository.js';
// CAS single sign-on (domain/sso; the protocol client in infra/cas).
import { createCasServerService } from './domain/sso/cas-server-service.js';
import { createCasClient } from './infra/cas/cas-client.js';
import { createCasServerRepository } from './infra/repositories/cas-server-repository.js';
// SAML 2.0 service provider (infra/saml: node-saml behind our own types).
import { createSamlServiceProvider } from './infra/saml/saml-provider.js';
import { createSamlRequestCache } from './infra/saml/saml-request-cache.js';
import { configuredSpCredentials } from './infra/saml/sp-certificate.js';
import { createSamlIdpRepository } from './infra/repositories/saml-idp-repository.js';
// SAML IdP metadata: sources (a URL or a file), their IdPs, the refresh (infra/saml/saml-metadata-jobs.ts).
import { createSamlMetadataService } from './domain/sso/saml-metadata-service.js';
import { createSamlMetadataReader } from './infra/saml/saml-metadata-reader.js';

export function createSsoServices(deps: { db: Db; config: Config; logger: Logger; users: UserRepository; userIdentities: UserIdentityRepository; access: AccessRepository }) {
  const { db, config, logger, users, userIdentities, access } = deps;
  // ---- CAS single sign-on: the servers each site signs in with, and the CAS 3.0 client. ----
  const casClient = createCasClient({ timeoutMs: config.cas.timeoutMs });
  const casServers = createCasServerRepository(db);
  const casServerService = createCasServerService({ servers: casServers, cas: casClient, logger: logger.child({ module: 'cas' }) });
  // ---- end of CAS ----

  // ---- SSO sign-in: settings and identity mapping, users from SAML and CAS assertions, SSO sessions. ----
  const ssoLogger = logger.child({ module: 'sso' });
  const ssoSettings = createSsoSettingsService({ repo: createSsoSettingsRepository(db), logger: ssoLogger });
  const ssoLogin = createSsoLoginService({ users, identities: userIdentities, groupSync: createSsoGroupSync({ access, logger: ssoLogger }), logger: ssoLogger });
  const ssoIdentityAdmin = createSsoIdentityAdmin({ users, identities: userIdentities, logger: ssoLogger });
  const ssoSessions = createSsoSessionRepository(db);
  // ---- end of SSO sign-in ----

  // ---- SAML service provider: sign-in requests, the ACS's checks, single logout (key pair read or made on first use). ----
  // The IdPs read from metadata (the SP, the login page and the metadata admin share this directory).
  const samlIdps = createSamlIdpRepository(db);
  // Their metadata sources, read (downloaded, verified, parsed) by the metadata service.
  const samlMetadata = createSamlMetadataService({
    repo: samlIdps,
    reader: createSamlMetadataReader(config.samlMetadata),
    maxDocumentBytes: config.samlMetadata.maxBytes,
    logger: logger.child({ module: 'saml-metadata' }),
  });
  const samlSp = createSamlServiceProvider({
    settings: { entityId: config.saml.entityId, publicUrl: config.publicUrl, clockSkewMs: config.sso.clockSkewMs, requestTtlMs: config.saml.requestTtlMs },
    credentials: () => configuredSpCredentials(config),
    requests: createSamlRequestCache(db, config.saml.requestTtlMs),
    idps: samlIdps,
    siteId: DEFAULT_SITE_ID,
  });
  // ---- end of SAML service provider ----

  return { ssoSettings, ssoLogin, ssoIdentityAdmin, ssoSessions, samlIdps, samlMetadata, samlSp, casClient, casServers, casServerService };
}
