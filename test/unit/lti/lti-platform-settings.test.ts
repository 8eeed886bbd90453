import { expect } from 'chai';
import { acceptsDeployment } from '../../../server/src/domain/lms/lti-platform.js';
import { checkPlatformSettings } from '../../../server/src/domain/lms/lti-platform-service.js';

const moodle = {
  name: ' Moodle LAB ',
  issuer: 'https://moodle.univ.example/',
  clientId: ' BY7bATdJTBnzkjT ',
  authenticationEndpoint: 'https://moodle.univ.example/mod/lti/auth.php',
  accessTokenEndpoint: 'https://moodle.univ.example/mod/lti/token.php',
  jwksUrl: 'https://moodle.univ.example/mod/lti/certs.php',
  deploymentIds: [' 1 ', '', '1', '2'],
};

describe('LTI platform settings (pure)', () => {
  it('trims, drops the issuer\'s trailing slash and duplicate or empty deployment ids', () => {
    expect(checkPlatformSettings(moodle)).to.deep.equal({
      settings: { ...moodle, name: 'Moodle LAB', issuer: 'https://moodle.univ.example', clientId: 'BY7bATdJTBnzkjT', deploymentIds: ['1', '2'] },
      problems: [],
    });
  });

  it('lists every problem with its field', () => {
    const { problems } = checkPlatformSettings({ ...moodle, name: '', clientId: '', issuer: 'moodle.univ.example', jwksUrl: 'https://user:pw@moodle.univ.example/certs', accessTokenEndpoint: 'ftp://x', deploymentIds: ['x'.repeat(256)] });
    expect(problems.map((problem) => problem.path)).to.deep.equal(['name', 'client_id', 'issuer', 'access_token_endpoint', 'jwks_url', 'deployment_ids']);
  });

  it('accepts launches from active platforms, and from listed deployments when some are listed', () => {
    expect(acceptsDeployment({ status: 'active', deploymentIds: [] }, '7')).to.equal(true);
    expect(acceptsDeployment({ status: 'active', deploymentIds: ['1', '2'] }, '2')).to.equal(true);
    expect(acceptsDeployment({ status: 'active', deploymentIds: ['1', '2'] }, '3')).to.equal(false);
    expect(acceptsDeployment({ status: 'pending', deploymentIds: [] }, '1')).to.equal(false);
    expect(acceptsDeployment({ status: 'inactive', deploymentIds: [] }, '1')).to.equal(false);
  });
});
