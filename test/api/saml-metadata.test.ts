import { expect } from 'chai';
import type { SamlRefreshOutcome } from '../../server/src/domain/sso/saml-metadata-service.js';
import type { User } from '../../server/src/domain/users/user.js';
import { startSamlMetadataJobs } from '../../server/src/infra/saml/saml-metadata-jobs.js';
import { createLogger } from '../../server/src/infra/logger.js';
import type { SpCredentials } from '../../server/src/infra/saml/sp-certificate.js';
import { entitiesXml, entityXml, generatedIdps, metadataDocument, signMetadata, startMetadataServer, type EntityOptions, type MetadataServer } from '../helpers/saml-metadata.js';
import { otherIdpKeys, testIdpKeys } from '../helpers/saml-responses.js';
import { refusalOf } from '../helpers/recording-imports.js';
import { insertSamlIdp } from '../helpers/sso-factories.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

const DAY = 86_400_000;

function failed(outcome: SamlRefreshOutcome | null): { code: string; message: string } {
  if (!outcome || outcome.ok) throw new Error(`expected a failed refresh, got ${JSON.stringify(outcome)}`);
  return outcome;
}

describe('SAML metadata sources (service and repository)', function () {
  this.timeout(120_000);
  let ctx: TestApp;
  let admin: User;
  let keys: SpCredentials;
  let other: SpCredentials;
  let server: MetadataServer;
  const idp = (name: string, extra: Partial<EntityOptions> = {}) =>
    entityXml({ entityId: `https://idp.${name}.fr/idp/shibboleth`, certificates: [keys.certificatePem], names: { fr: `Université ${name}` }, ...extra });
  const entityIds = async (sourceId: number) => (await ctx.services.samlMetadata.listIdps(admin, { sourceId, limit: 100 })).idps.map((item) => [item.entityId, item.enabled]);

  before(async () => {
    [keys, other] = await Promise.all([testIdpKeys(), otherIdpKeys()]);
    ctx = await buildTestApp();
    admin = await ctx.services.userService.create({ username: 'saml.admin', role: 'admin' });
    server = await startMetadataServer();
  });
  after(async () => {
    await server?.close();
    await ctx?.close();
  });

  it('adds a URL source and reads it at once; a refresh keeps the enabled flags, adds new IdPs enabled and removes vanished ones', async () => {
    server.route('/federation.xml', { body: metadataDocument(entitiesXml([idp('alpha'), idp('beta'), idp('gamma')], { validUntil: new Date(Date.now() + 7 * DAY) })) });
    const { source, outcome } = await ctx.services.samlMetadata.addUrlSource(admin, { name: 'Federation', url: `${server.origin}/federation.xml`, signingCert: '', refreshHours: '' });
    expect(outcome).to.deep.include({ ok: true, added: 3, updated: 0, removed: 0, signatureChecked: false, conflicts: [] });
    expect(source).to.deep.include({ name: 'Federation', refreshHours: 24, lastErrorCode: null, signingCert: null });
    expect(source.lastRefreshedAt).to.be.instanceOf(Date);
    expect(source.validUntil!.getTime()).to.be.greaterThan(Date.now());
    const beta = (await ctx.services.samlIdps.findByEntityId(admin.siteId, 'https://idp.beta.fr/idp/shibboleth'))!;
    expect(beta).to.deep.include({ sourceId: source.id, ssoBinding: 'redirect', enabled: true, displayNames: { fr: 'Université beta' } });
    await ctx.services.samlMetadata.setIdpEnabled(admin, beta.id, false);
    expect((await ctx.services.samlIdps.listEnabled(admin.siteId)).map((item) => item.entityId)).to.not.include(beta.entityId);

    server.route('/federation.xml', { body: metadataDocument(entitiesXml([idp('beta', { names: { fr: 'Université Bêta' } }), idp('gamma'), idp('delta')])) });
    const refreshed = await ctx.services.samlMetadata.refresh(admin, source.id);
    expect(refreshed).to.deep.include({ ok: true, added: 1, updated: 2, removed: 1 });
    expect(await entityIds(source.id)).to.have.deep.members([
      ['https://idp.beta.fr/idp/shibboleth', false],
      ['https://idp.gamma.fr/idp/shibboleth', true],
      ['https://idp.delta.fr/idp/shibboleth', true],
    ]);
    expect((await ctx.services.samlIdps.findById(beta.id))!.displayNames).to.deep.equal({ fr: 'Université Bêta' });
    expect((await ctx.services.samlMetadata.list(admin)).find((item) => item.id === source.id)).to.deep.include({ idpCount: 3, enabledCount: 2 });
  });

  it('a failed refresh records its code on the source and keeps the previous IdPs; the next success clears it', async () => {
    server.route('/flaky.xml', { body: metadataDocument(idp('flaky')) });
    const { source } = await ctx.services.samlMetadata.addUrlSource(admin, { name: 'Flaky', url: `${server.origin}/flaky.xml`, signingCert: '', refreshHours: '6' });
    const before = await entityIds(source.id);
    const cases: [Parameters<MetadataServer['route']>[1], string][] = [
      [{ status: 503, body: 'down' }, 'saml_metadata_unreachable'],
      [{ body: '<html><body>maintenance</body></html>' }, 'saml_metadata_invalid'],
      [{ body: metadataDocument(entitiesXml([idp('flaky')], { validUntil: new Date(Date.now() - DAY) })) }, 'saml_metadata_expired'],
      [{ body: metadataDocument(entitiesXml([entityXml({ entityId: 'https://sp.flaky.fr/sp', role: 'sp', certificates: [keys.certificatePem] })])) }, 'saml_metadata_empty'],
    ];
    for (const [answer, code] of cases) {
      server.route('/flaky.xml', answer);
      const outcome = failed(await ctx.services.samlMetadata.refresh(admin, source.id));
      expect(outcome.code).to.equal(code);
      const stored = await ctx.services.samlMetadata.get(admin, source.id);
      expect(stored).to.deep.include({ lastErrorCode: code, lastError: outcome.message });
      expect(stored.lastRefreshedAt).to.deep.equal(source.lastRefreshedAt);
      expect(await entityIds(source.id)).to.deep.equal(before);
    }
    expect(failed(await ctx.services.samlMetadata.refresh(admin, source.id)).message).to.equal('The metadata holds no usable SAML 2.0 identity provider (skipped: 1 not_saml2_idp).');
    server.route('/flaky.xml', { body: metadataDocument(idp('flaky')) });
    expect(await ctx.services.samlMetadata.refresh(admin, source.id)).to.deep.include({ ok: true, added: 0, updated: 1, removed: 0 });
    expect(await ctx.services.samlMetadata.get(admin, source.id)).to.deep.include({ lastErrorCode: null, lastError: null });
  });

  it('with a pinned certificate, only metadata signed with it is read', async () => {
    const signed = signMetadata(metadataDocument(entitiesXml([idp('pinned')], { id: '_pinned' })), keys);
    server.route('/signed.xml', { body: signed });
    const { source, outcome } = await ctx.services.samlMetadata.addUrlSource(admin, { name: 'Signed', url: `${server.origin}/signed.xml`, signingCert: keys.certificatePem, refreshHours: '' });
    expect(outcome).to.deep.include({ ok: true, added: 1, signatureChecked: true });
    expect(source.signingCert).to.equal(keys.certificatePem.trim());
    server.route('/signed.xml', { body: signed.replace('Université pinned', 'Université piégée') });
    expect(failed(await ctx.services.samlMetadata.refresh(admin, source.id)).code).to.equal('saml_metadata_signature_invalid');
    server.route('/signed.xml', { body: signMetadata(metadataDocument(entitiesXml([idp('pinned')], { id: '_pinned' })), other) });
    expect(failed(await ctx.services.samlMetadata.refresh(admin, source.id)).code).to.equal('saml_metadata_signature_invalid');
    // Pinning the other key reads the document again at once.
    const change = await ctx.services.samlMetadata.update(admin, source.id, { name: 'Signed', refreshHours: '12', signingCert: other.certificatePem });
    expect(change.outcome).to.deep.include({ ok: true, updated: 1 });
    expect(change.source).to.deep.include({ refreshHours: 12, lastErrorCode: null });
    expect((await ctx.services.samlMetadata.update(admin, source.id, { name: 'Signed again', refreshHours: '12', signingCert: other.certificatePem })).outcome).to.equal(null);
  });

  it('an entity id another source of the site provides is reported, not duplicated', async () => {
    const taken = await insertSamlIdp(ctx.database.db, { entityId: 'https://idp.shared.fr/idp/shibboleth', certificates: [keys.certificatePem] });
    server.route('/overlap.xml', { body: metadataDocument(entitiesXml([idp('shared'), idp('own')])) });
    const { source, outcome } = await ctx.services.samlMetadata.addUrlSource(admin, { name: 'Overlap', url: `${server.origin}/overlap.xml`, signingCert: '', refreshHours: '' });
    expect(outcome).to.deep.include({ ok: true, added: 1, conflicts: ['https://idp.shared.fr/idp/shibboleth'] });
    expect(await entityIds(source.id)).to.deep.equal([['https://idp.own.fr/idp/shibboleth', true]]);
    expect((await ctx.services.samlIdps.findByEntityId(admin.siteId, taken.entityId))!.sourceId).to.equal(taken.sourceId);
  });

  it('adds an uploaded file, refuses one that yields no IdP, and removes a source with its IdPs', async () => {
    const { source, outcome } = await ctx.services.samlMetadata.addFileSource(admin, { name: 'Uploaded', xml: metadataDocument(idp('uploaded')), signingCert: '' });
    expect(source).to.deep.include({ url: null, lastErrorCode: null });
    expect(outcome).to.deep.include({ ok: true, added: 1 });
    expect(await refusalOf(ctx.services.samlMetadata.addFileSource(admin, { name: 'Broken', xml: '<md:EntityDescriptor', signingCert: '' }))).to.include({ status: 400, code: 'saml_metadata_invalid' });
    const unsigned = refusalOf(ctx.services.samlMetadata.addFileSource(admin, { name: 'Unsigned', xml: metadataDocument(idp('unsigned')), signingCert: keys.certificatePem }));
    expect(await unsigned).to.include({ status: 400, code: 'saml_metadata_signature_invalid' });
    expect((await ctx.services.samlMetadata.list(admin)).map((item) => item.name)).to.not.include.members(['Broken', 'Unsigned']);
    await ctx.services.samlMetadata.remove(admin, source.id);
    expect(await ctx.services.samlIdps.findByEntityId(admin.siteId, 'https://idp.uploaded.fr/idp/shibboleth')).to.equal(null);
    expect(await refusalOf(ctx.services.samlMetadata.get(admin, source.id))).to.include({ status: 404, code: 'saml_source_not_found' });
  });

  it('refuses invalid settings, a taken name, other users, and unknown IdPs, each with its code', async () => {
    const invalid = refusalOf(ctx.services.samlMetadata.addUrlSource(admin, { name: ' ', url: 'http://metadata.example/idps.xml', signingCert: 'not a certificate', refreshHours: '0' }));
    expect(await invalid).to.include({ status: 400, code: 'invalid_saml_source' });
    server.route('/named.xml', { body: metadataDocument(idp('named')) });
    await ctx.services.samlMetadata.addUrlSource(admin, { name: 'Named', url: `${server.origin}/named.xml`, signingCert: '', refreshHours: '' });
    expect(await refusalOf(ctx.services.samlMetadata.addUrlSource(admin, { name: 'named', url: `${server.origin}/named.xml`, signingCert: '', refreshHours: '' }))).to.include({ status: 409, code: 'saml_source_exists' });
    const staff = await ctx.services.userService.create({ username: 'saml.staff', role: 'staff' });
    expect(await refusalOf(ctx.services.samlMetadata.list(staff))).to.include({ status: 403, code: 'admin_only' });
    expect(await refusalOf(ctx.services.samlMetadata.setIdpEnabledByEntityId(admin, 'https://nowhere.example/idp', false))).to.include({ status: 404, code: 'saml_idp_not_found' });
    const named = await ctx.services.samlMetadata.setIdpEnabledByEntityId(admin, 'https://idp.named.fr/idp/shibboleth', false);
    expect(named.enabled).to.equal(false);
  });

  it('refreshes due sources only: never read, or read refresh_hours ago; a failed one waits an hour before its next attempt', async () => {
    const db = ctx.database.db;
    await db.deleteFrom('saml_metadata_sources').execute();
    server.route('/due.xml', { body: metadataDocument(idp('due')) });
    server.route('/due-old.xml', { body: metadataDocument(idp('due-old')) });
    await ctx.services.samlMetadata.addUrlSource(admin, { name: 'Fresh', url: `${server.origin}/due.xml`, signingCert: '', refreshHours: '2' });
    const stale = (await ctx.services.samlMetadata.addFileSource(admin, { name: 'Stale file', xml: metadataDocument(idp('stale')), signingCert: '' })).source;
    const old = (await ctx.services.samlMetadata.addUrlSource(admin, { name: 'Old', url: `${server.origin}/due-old.xml`, signingCert: '', refreshHours: '2' })).source;
    const failing = (await ctx.services.samlMetadata.addUrlSource(admin, { name: 'Failing', url: `${server.origin}/missing.xml`, signingCert: '', refreshHours: '2' })).source;
    const threeHoursAgo = new Date(Date.now() - 3 * 3600_000);
    await db.updateTable('saml_metadata_sources').set({ last_refreshed_at: threeHoursAgo }).where('id', 'in', [old.id, stale.id]).execute();
    expect((await ctx.services.samlMetadata.refreshDue()).map((result) => result.sourceId)).to.deep.equal([old.id]);
    await db.updateTable('saml_metadata_sources').set({ updated_at: threeHoursAgo }).where('id', '=', failing.id).execute();
    const due = await ctx.services.samlMetadata.refreshDue();
    expect(due.map((result) => [result.sourceId, result.outcome?.ok])).to.deep.equal([[failing.id, false]]);
  });

  it('the recurring job refreshes due sources in the web process', async () => {
    server.route('/job.xml', { body: metadataDocument(idp('job-one')) });
    const { source } = await ctx.services.samlMetadata.addUrlSource(admin, { name: 'Job', url: `${server.origin}/job.xml`, signingCert: '', refreshHours: '1' });
    server.route('/job.xml', { body: metadataDocument(entitiesXml([idp('job-one'), idp('job-two')])) });
    await ctx.database.db.updateTable('saml_metadata_sources').set({ last_refreshed_at: new Date(Date.now() - 2 * 3600_000) }).where('id', '=', source.id).execute();
    const jobs = await startSamlMetadataJobs({ pool: ctx.database.pool, services: ctx.services, logger: createLogger({ level: 'silent' }), every: '1 second', pollIntervalMs: 200, lockLifetimeMs: 4000 });
    try {
      for (let waited = 0; (await entityIds(source.id)).length < 2; waited += 100) {
        if (waited > 20_000) throw new Error('the job did not refresh the source');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      await jobs.stop(2000);
    }
    expect(await entityIds(source.id)).to.have.deep.members([
      ['https://idp.job-one.fr/idp/shibboleth', true],
      ['https://idp.job-two.fr/idp/shibboleth', true],
    ]);
  });

  it('replaces a large aggregate in one refresh (1,000 IdPs, batched inserts)', async () => {
    server.route('/large.xml', { body: metadataDocument(entitiesXml(generatedIdps(1000, keys.certificatePem, 'large'))) });
    const { source, outcome } = await ctx.services.samlMetadata.addUrlSource(admin, { name: 'Large', url: `${server.origin}/large.xml`, signingCert: '', refreshHours: '' });
    expect(outcome).to.deep.include({ ok: true, added: 1000 });
    const listed = await ctx.services.samlMetadata.listIdps(admin, { sourceId: source.id, search: 'n° 99', limit: 50 });
    expect(listed.total).to.equal(11);
    expect(listed.idps[0]!.displayNames.fr).to.match(/n° 99/);
    server.route('/large.xml', { body: metadataDocument(entitiesXml(generatedIdps(600, keys.certificatePem, 'large'))) });
    expect(await ctx.services.samlMetadata.refresh(admin, source.id)).to.deep.include({ ok: true, added: 0, updated: 600, removed: 400 });
  });
});
