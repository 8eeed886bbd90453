import { expect } from 'chai';
import {
  checkConfiguration,
  platformConfigurationSchema,
  readableUrl,
  registeredSettings,
  registrationAnswerSchema,
  RegistrationFailure,
  toolRegistration,
  type PlatformConfiguration,
} from '../../../lti/registration-request.js';
import { splitDeploymentIds } from '../../../server/src/http/web/lti-platform-form.js';

const PLATFORM = 'https://purl.imsglobal.org/spec/lti-platform-configuration';
const TOOL = 'https://purl.imsglobal.org/spec/lti-tool-configuration';

function configuration(overrides: Record<string, unknown> = {}, platform: Record<string, unknown> = {}): PlatformConfiguration {
  return platformConfigurationSchema.parse({
    issuer: 'https://canvas.instructure.com',
    authorization_endpoint: 'https://sso.canvaslms.com/api/lti/authorize_redirect',
    token_endpoint: 'https://canvas.univ.example/login/oauth2/token',
    jwks_uri: 'https://sso.canvaslms.com/api/lti/security/jwks',
    registration_endpoint: 'https://canvas.instructure.com/api/lti/registrations',
    [PLATFORM]: { product_family_code: 'canvas', messages_supported: [{ type: 'LtiResourceLinkRequest' }, { type: 'LtiDeepLinkingRequest', placements: ['link_selection', 'course_navigation'] }], ...platform },
    ...overrides,
  });
}

function failureCode(run: () => void): string {
  try {
    run();
  } catch (error) {
    if (error instanceof RegistrationFailure) return error.code;
    throw error;
  }
  return 'none';
}

describe('dynamic registration (pure parts)', () => {
  it('reads https URLs, and http ones on loopback only when allowed', () => {
    expect(readableUrl('https://moodle.univ.example/mod/lti/openid-configuration.php', false)?.host).to.equal('moodle.univ.example');
    expect(readableUrl('http://moodle.univ.example/x', true)).to.equal(null);
    expect(readableUrl('http://127.0.0.1:8080/x', false)).to.equal(null);
    expect(readableUrl('http://127.0.0.1:8080/x', true)?.port).to.equal('8080');
    expect(readableUrl('http://localhost/x', true)).to.not.equal(null);
    expect(readableUrl('https://user:secret@moodle.univ.example/', false)).to.equal(null);
    expect(readableUrl('https://moodle.univ.example/#x', false)).to.equal(null);
    expect(readableUrl('file:///etc/passwd', true)).to.equal(null);
    expect(readableUrl('not a url', true)).to.equal(null);
  });

  it('requires the configuration URL to start with the issuer, and https endpoints', () => {
    const config = configuration();
    expect(failureCode(() => checkConfiguration(config, 'https://canvas.instructure.com/api/lti/security/openid-configuration', false))).to.equal('none');
    expect(failureCode(() => checkConfiguration(config, 'https://canvas.instructure.com.evil.example/openid', false))).to.equal('lti_registration_issuer_mismatch');
    expect(failureCode(() => checkConfiguration(config, 'https://other.example/openid', false))).to.equal('lti_registration_issuer_mismatch');
    const insecure = configuration({ token_endpoint: 'http://canvas.univ.example/login/oauth2/token' });
    expect(failureCode(() => checkConfiguration(insecure, 'https://canvas.instructure.com/openid', false))).to.equal('lti_registration_configuration_invalid');
  });

  it('refuses a configuration without the LTI platform configuration or an endpoint', () => {
    const { [PLATFORM]: _omitted, ...withoutPlatform } = configuration();
    expect(platformConfigurationSchema.safeParse(withoutPlatform).success).to.equal(false);
    const { registration_endpoint: _none, ...withoutEndpoint } = configuration();
    expect(platformConfigurationSchema.safeParse(withoutEndpoint).success).to.equal(false);
  });

  it('registers host:port as the domain, asks only for supported scopes and the placements worth having', () => {
    const config = configuration({ scopes_supported: ['https://purl.imsglobal.org/spec/lti-ags/scope/score', 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly', 'openid'] });
    const body = toolRegistration(config, 'https://videos.univ.example:8443/');
    expect(body.scope).to.equal('https://purl.imsglobal.org/spec/lti-ags/scope/score https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly');
    expect(body.redirect_uris).to.deep.equal(['https://videos.univ.example:8443/lti/launch', 'https://videos.univ.example:8443/lti/deeplink']);
    const tool = body[TOOL] as Record<string, unknown>;
    expect(tool.domain).to.equal('videos.univ.example:8443');
    expect(tool.messages).to.deep.equal([{ type: 'LtiDeepLinkingRequest', target_link_uri: 'https://videos.univ.example:8443/lti/deeplink', label: 'Lectern', placements: ['link_selection'] }]);
    expect(tool['https://canvas.instructure.com/lti/privacy_level']).to.equal('public');
  });

  it('asks for every scope when none is listed, and no deep linking from a platform listing messages without it', () => {
    const config = configuration({}, { product_family_code: 'sakai', messages_supported: [{ type: 'LtiResourceLinkRequest' }] });
    const body = toolRegistration(config, 'https://videos.univ.example');
    expect(String(body.scope).split(' ')).to.have.length(5);
    const tool = body[TOOL] as Record<string, unknown>;
    expect(tool.messages).to.deep.equal([]);
    expect(tool).to.not.have.property('https://canvas.instructure.com/lti/privacy_level');
    expect(tool.domain).to.equal('videos.univ.example');
  });

  it('records the platform under its product and host, with the deployment the answer gives', () => {
    const answer = registrationAnswerSchema.parse({ client_id: 10000000000042, [TOOL]: { deployment_id: 7 } });
    expect(registeredSettings(configuration(), answer)).to.deep.equal({
      name: 'Canvas (canvas.instructure.com)',
      issuer: 'https://canvas.instructure.com',
      clientId: '10000000000042',
      authenticationEndpoint: 'https://sso.canvaslms.com/api/lti/authorize_redirect',
      accessTokenEndpoint: 'https://canvas.univ.example/login/oauth2/token',
      jwksUrl: 'https://sso.canvaslms.com/api/lti/security/jwks',
      deploymentIds: ['7'],
    });
    expect(registeredSettings(configuration(), registrationAnswerSchema.parse({ client_id: 'abc' })).deploymentIds).to.deep.equal([]);
    expect(registrationAnswerSchema.safeParse({ client_id: '' }).success).to.equal(false);
  });

  it('splits deployment ids on lines, commas and spaces', () => {
    expect(splitDeploymentIds(' 1\n2, 3 \r\n\n4')).to.deep.equal(['1', '2', '3', '4']);
    expect(splitDeploymentIds('  ')).to.deep.equal([]);
  });
});
