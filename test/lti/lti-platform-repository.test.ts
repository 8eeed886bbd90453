import { expect } from 'chai';
import { createLtiPlatformRepository } from '../../server/src/infra/repositories/lti-platform-repository.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

describe('LTI platform repository', () => {
  let ctx: TestApp;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(async () => ctx?.close());

  const settings = {
    name: 'Moodle LAB',
    issuer: 'https://moodle.univ.example',
    clientId: 'BY7bATdJTBnzkjT',
    authenticationEndpoint: 'https://moodle.univ.example/mod/lti/auth.php',
    accessTokenEndpoint: 'https://moodle.univ.example/mod/lti/token.php',
    jwksUrl: 'https://moodle.univ.example/mod/lti/certs.php',
    deploymentIds: ['1'],
  };

  it('stores, finds, updates, changes the status of and removes a platform; one per issuer and client id', async () => {
    const platforms = createLtiPlatformRepository(ctx.database.db);
    const added = (await platforms.insert(1, settings, { status: 'pending', origin: 'dynamic', product: 'moodle' }))!;
    expect(added).to.deep.include({ ...settings, siteId: 1, status: 'pending', origin: 'dynamic', product: 'moodle' });
    expect(await platforms.insert(1, { ...settings, name: 'Twice' }, { status: 'active', origin: 'manual', product: null })).to.equal(null);
    expect(await platforms.findByIssuer(settings.issuer, settings.clientId)).to.deep.equal(added);
    expect(await platforms.findByIssuer(settings.issuer, 'other')).to.equal(null);
    const updated = (await platforms.update(added.id, { ...settings, deploymentIds: ['1', '2'] }))!;
    expect(updated.deploymentIds).to.deep.equal(['1', '2']);
    expect((await platforms.setStatus(added.id, 'active'))!.status).to.equal('active');
    expect((await platforms.list(1)).map((p) => p.id)).to.deep.equal([added.id]);
    expect(await platforms.list(2)).to.deep.equal([]);
    expect(await platforms.remove(added.id)).to.equal(true);
    expect(await platforms.remove(added.id)).to.equal(false);
    expect(await platforms.findById(added.id)).to.equal(null);
  });
});
