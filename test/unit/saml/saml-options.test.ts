import { expect } from 'chai';
import { loadConfig } from '../../../server/src/config/config.js';
import type { SamlIdp } from '../../../server/src/domain/sso/saml-idp.js';
import { samlOptionsFor, type SamlSpSettings } from '../../../server/src/infra/saml/saml-options.js';

const sp: SamlSpSettings = {
  entityId: 'https://lectern.univ.fr/sso/saml/metadata',
  publicUrl: 'https://lectern.univ.fr',
  clockSkewMs: 60_000,
  requestTtlMs: 1_800_000,
  credentials: { privateKeyPem: 'SP KEY', certificatePem: 'SP CERT' },
};

const idp: SamlIdp = {
  id: 4,
  siteId: 1,
  sourceId: 2,
  entityId: 'https://idp.univ.fr/idp/shibboleth',
  displayNames: { fr: 'Université' },
  ssoUrl: 'https://idp.univ.fr/idp/profile/SAML2/Redirect/SSO',
  ssoBinding: 'redirect',
  sloUrl: 'https://idp.univ.fr/idp/profile/SAML2/Redirect/SLO',
  sloBinding: 'redirect',
  certificates: ['CERT 1', 'CERT 2'],
  enabled: true,
};

describe('SAML options: node-saml settings for one IdP', () => {
  it('signs with SHA-256, wants the response or else the assertion signed, checks audience and InResponseTo, and bounds the clock skew', () => {
    expect(samlOptionsFor(sp, idp)).to.deep.equal({
      issuer: 'https://lectern.univ.fr/sso/saml/metadata',
      callbackUrl: 'https://lectern.univ.fr/sso/saml/acs',
      audience: 'https://lectern.univ.fr/sso/saml/metadata',
      entryPoint: 'https://idp.univ.fr/idp/profile/SAML2/Redirect/SSO',
      authnRequestBinding: 'HTTP-Redirect',
      idpCert: ['CERT 1', 'CERT 2'],
      idpIssuer: 'https://idp.univ.fr/idp/shibboleth',
      logoutUrl: 'https://idp.univ.fr/idp/profile/SAML2/Redirect/SLO',
      logoutCallbackUrl: 'https://lectern.univ.fr/sso/saml/slo',
      privateKey: 'SP KEY',
      publicCert: 'SP CERT',
      decryptionPvk: 'SP KEY',
      signatureAlgorithm: 'sha256',
      digestAlgorithm: 'sha256',
      wantAssertionsSigned: false,
      wantAuthnResponseSigned: false,
      acceptedClockSkewMs: 60_000,
      validateInResponseTo: 'always',
      requestIdExpirationPeriodMs: 1_800_000,
      identifierFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
      disableRequestedAuthnContext: true,
    });
  });

  it('posts the request to an IdP that takes HTTP-POST, and leaves the logout URL out when the IdP has none', () => {
    const options = samlOptionsFor(sp, { ...idp, ssoBinding: 'post', sloUrl: null, sloBinding: null });
    expect(options.authnRequestBinding).to.equal('HTTP-POST');
    expect(options).not.to.have.property('logoutUrl');
  });

  it('takes its settings from the configuration: entity id under PUBLIC_URL by default, skew and request lifetime', () => {
    const config = loadConfig({ PUBLIC_URL: 'https://lectern.univ.fr/', SSO_CLOCK_SKEW_SECONDS: '30', SAML_REQUEST_TTL_MINUTES: '10' });
    expect(config.saml).to.deep.equal({ entityId: 'https://lectern.univ.fr/sso/saml/metadata', keyFile: null, certFile: null, requestTtlMs: 600_000 });
    expect(config.sso.clockSkewMs).to.equal(30_000);
    expect(loadConfig({ SAML_SP_ENTITY_ID: 'urn:lectern:univ' }).saml.entityId).to.equal('urn:lectern:univ');
  });

  it('refuses a clock skew above five minutes or a negative one (the check is never disabled), and a key without its certificate', () => {
    expect(() => loadConfig({ SSO_CLOCK_SKEW_SECONDS: '301' })).to.throw(/SSO_CLOCK_SKEW_SECONDS/);
    expect(() => loadConfig({ SSO_CLOCK_SKEW_SECONDS: '-1' })).to.throw(/SSO_CLOCK_SKEW_SECONDS/);
    expect(() => loadConfig({ SAML_SP_KEY_FILE: '/etc/lectern/sp.key' })).to.throw(/SAML_SP_KEY_FILE, SAML_SP_CERT_FILE: give both or neither/);
  });
});
