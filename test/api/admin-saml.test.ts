import { expect } from 'chai';
import type { SpCredentials } from '../../server/src/infra/saml/sp-certificate.js';
import { createUser, type UserWithToken } from '../helpers/factories.js';
import { entitiesXml, entityXml, metadataDocument, signMetadata, startMetadataServer, type MetadataServer } from '../helpers/saml-metadata.js';
import { testIdpKeys } from '../helpers/saml-responses.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { csrfFrom, loggedInAgent } from '../helpers/web-session.js';

type Agent = Awaited<ReturnType<typeof loggedInAgent>>['agent'];

const sourceIdOf = (location: string) => Number(/^\/admin\/sso\/saml\/sources\/(\d+)$/.exec(location)?.[1]);
const flashOf = (page: string) => /<div class="flash flash-(\w+)" role="\w+">([^<]*)<\/div>/.exec(page)?.slice(1) ?? null;

describe('/admin/sso/saml: metadata sources and their identity providers', function () {
  this.timeout(60_000);
  let ctx: TestApp;
  let admin: UserWithToken;
  let agent: Agent;
  let csrf: string;
  let keys: SpCredentials;
  let server: MetadataServer;
  const idp = (name: string) => entityXml({ entityId: `https://idp.${name}.fr/idp/shibboleth`, certificates: [keys.certificatePem], names: { fr: `Université ${name}`, en: `University ${name}` } });
  const page = (path: string, language = 'en') => agent.get(path).set('Accept-Language', language).set('Accept', 'text/html');
  const post = (path: string, fields: Record<string, string>) => agent.post(path).set('Accept-Language', 'en').set('Accept', 'text/html').type('form').send({ _csrf: csrf, ...fields });

  before(async () => {
    keys = await testIdpKeys();
    ctx = await buildTestApp();
    admin = await createUser(ctx, { role: 'admin', username: 'saml.pages' });
    ({ agent, csrf } = await loggedInAgent(ctx.app, admin.user.username));
    server = await startMetadataServer();
    server.route('/federation.xml', { body: metadataDocument(entitiesXml([idp('alpha'), idp('beta'), entityXml({ entityId: 'https://sp.gamma.fr/sp', role: 'sp', certificates: [keys.certificatePem] })])) });
  });
  after(async () => {
    await server?.close();
    await ctx?.close();
  });

  it('lists no source at first, linked from the admin navigation, with the two ways to add one', async () => {
    const empty = await page('/admin/sso/saml').expect(200);
    expect(empty.text).to.contain('<h1>SAML identity providers</h1>').and.contain('No metadata source yet');
    expect(empty.text).to.contain('<a href="/admin" aria-current="true">');
    expect(empty.text).to.contain('href="/admin/sso/saml/sources/new"').and.contain('href="/admin/sso/saml/files/new"');
    const french = await page('/admin/sso/saml', 'fr').expect(200);
    expect(french.text).to.contain('<h1>Fournisseurs d’identité SAML</h1>');
    const form = await page('/admin/sso/saml/sources/new').expect(200);
    expect(form.text).to.contain('<label for="url">Metadata address</label>').and.contain('id="refresh_hours" name="refresh_hours" type="number" value="24"');
  });

  it('adds a URL source, reads it, filters its IdPs, disables one and comes back to the filtered list', async () => {
    const added = await post('/admin/sso/saml/sources', { name: 'Renater (test)', url: `${server.origin}/federation.xml`, signing_cert: '', refresh_hours: '12' }).expect(303);
    const id = sourceIdOf(added.headers.location!);
    const shown = await page(added.headers.location!).expect(200);
    expect(flashOf(shown.text)).to.deep.equal(['success', 'Metadata source added and read.']);
    expect(shown.text).to.contain('Metadata source “Renater (test)”').and.contain('data-status="ok"').and.contain('data-signature="unchecked"').and.contain('Every 12 h');
    expect(shown.text).to.contain('2 shown of 2.').and.contain('University alpha').and.contain('<code>https://idp.beta.fr/idp/shibboleth</code>');

    const filtered = await page(`/admin/sso/saml/sources/${id}?q=BETA&state=all`).expect(200);
    expect(filtered.text).to.contain('1 shown of 1.').and.not.contain('University alpha');
    const french = await page(`/admin/sso/saml/sources/${id}?q=beta`, 'fr').expect(200);
    expect(french.text).to.contain('Université beta').and.contain('Désactiver<span class="visually-hidden"> Université beta</span>');

    const beta = (await ctx.services.samlIdps.findByEntityId(admin.user.siteId, 'https://idp.beta.fr/idp/shibboleth'))!;
    const disabled = await post(`/admin/sso/saml/idps/${beta.id}/disable`, { q: 'beta', state: 'all' }).expect(303);
    expect(disabled.headers.location).to.equal(`/admin/sso/saml/sources/${id}?q=beta&state=all#idp-${beta.id}`);
    expect((await ctx.services.samlIdps.findById(beta.id))!.enabled).to.equal(false);
    const onlyDisabled = await page(`/admin/sso/saml/sources/${id}?state=disabled`).expect(200);
    expect(flashOf(onlyDisabled.text)).to.deep.equal(['success', 'Identity provider disabled: it is no longer offered on the login page.']);
    expect(onlyDisabled.text).to.contain('1 shown of 1.').and.contain(`id="idp-${beta.id}"`).and.contain('data-enabled="false"');
    await post(`/admin/sso/saml/idps/${beta.id}/enable`, { q: '', state: 'weird' }).expect(303);
    expect((await ctx.services.samlIdps.findById(beta.id))!.enabled).to.equal(true);

    const index = await page('/admin/sso/saml').expect(200);
    expect(index.text).to.contain(`data-source-id="${id}"`).and.contain('2 enabled of 2').and.contain(`<code>${server.origin}/federation.xml</code>`);
  });

  it('“Refresh now” shows what the reading did, or why it failed (the IdPs stay)', async () => {
    const { source } = await ctx.services.samlMetadata.addUrlSource(admin.user, { name: 'Refreshed', url: `${server.origin}/refreshed.xml`, signingCert: '', refreshHours: '' });
    const never = await page(`/admin/sso/saml/sources/${source.id}`).expect(200);
    expect(never.text).to.contain('data-code="saml_metadata_unreachable"').and.contain(`${server.origin}/refreshed.xml answered HTTP 404.`);
    server.route('/refreshed.xml', { body: metadataDocument(entitiesXml([idp('delta'), entityXml({ entityId: 'https://nocert.fr/idp' })])) });
    const ok = await post(`/admin/sso/saml/sources/${source.id}/refresh`, {}).expect(200);
    expect(ok.text).to.contain('data-refresh="ok"').and.contain('1 new identity providers, 0 kept, 0 removed').and.contain('data-skipped="no_signing_certificate"');
    expect(ok.text).to.contain('Its signature was not checked');
    server.route('/refreshed.xml', { status: 500, body: 'boom' });
    const failed = await post(`/admin/sso/saml/sources/${source.id}/refresh`, {}).expect(200);
    expect(failed.text).to.contain('data-refresh="failed" data-code="saml_metadata_unreachable"').and.contain('Code: saml_metadata_unreachable');
    const kept = await page(`/admin/sso/saml/sources/${source.id}`).expect(200);
    expect(kept.text).to.contain('The identity providers read before stay as they were.').and.contain('University delta');
  });

  it('pins a signing certificate from the settings form, which reads the metadata again', async () => {
    server.route('/signed.xml', { body: signMetadata(metadataDocument(entitiesXml([idp('epsilon')], { id: '_signed' })), keys) });
    const { source } = await ctx.services.samlMetadata.addUrlSource(admin.user, { name: 'Signed', url: `${server.origin}/signed.xml`, signingCert: '', refreshHours: '' });
    const saved = await post(`/admin/sso/saml/sources/${source.id}`, { name: 'Signed', refresh_hours: '6', signing_cert: keys.certificatePem }).expect(303);
    expect(saved.headers.location).to.equal(`/admin/sso/saml/sources/${source.id}`);
    const shown = await page(saved.headers.location!).expect(200);
    expect(flashOf(shown.text)).to.deep.equal(['success', 'Settings saved, and the metadata read again with the new certificate.']);
    expect(shown.text).to.contain('data-signature="checked"').and.contain('Every 6 h');
    server.route('/signed.xml', { body: metadataDocument(entitiesXml([idp('epsilon')])) });
    const renamed = await post(`/admin/sso/saml/sources/${source.id}`, { name: 'Signed (renamed)', refresh_hours: '6', signing_cert: keys.certificatePem }).expect(303);
    expect(flashOf((await page(renamed.headers.location!).expect(200)).text)).to.deep.equal(['success', 'Settings saved.']);
    const refused = await post(`/admin/sso/saml/sources/${source.id}/refresh`, {}).expect(200);
    expect(refused.text).to.contain('data-code="saml_metadata_signature_invalid"');
  });

  it('uploads a metadata file (multipart, the token in the action)', async () => {
    const form = await page('/admin/sso/saml/files/new').expect(200);
    expect(form.text).to.contain('enctype="multipart/form-data"').and.contain('<input id="file" name="file" type="file"');
    const token = csrfFrom(form.text);
    expect(form.text).to.contain(`action="/admin/sso/saml/files?_csrf=${encodeURIComponent(token)}"`);
    const uploaded = await agent
      .post(`/admin/sso/saml/files?_csrf=${encodeURIComponent(token)}`)
      .set('Accept-Language', 'en')
      .field('name', 'Université Zeta')
      .field('signing_cert', '')
      .attach('file', Buffer.from(`\uFEFF${metadataDocument(idp('zeta'))}`), 'zeta-metadata.xml')
      .expect(303);
    const shown = await page(uploaded.headers.location!).expect(200);
    expect(flashOf(shown.text)).to.deep.equal(['success', 'Metadata file added.']);
    expect(shown.text).to.contain('Uploaded file').and.contain('University zeta').and.contain('Read the file again').and.not.contain('name="refresh_hours"');
  });

  it('removes a source and its IdPs after a confirmation', async () => {
    const { source } = await ctx.services.samlMetadata.addFileSource(admin.user, { name: 'To remove', xml: metadataDocument(idp('eta')), signingCert: '' });
    const confirm = await page(`/admin/sso/saml/sources/${source.id}/remove`).expect(200);
    expect(confirm.text).to.contain('Remove the metadata source “To remove”?').and.contain(`action="/admin/sso/saml/sources/${source.id}/remove"`);
    const removed = await post(`/admin/sso/saml/sources/${source.id}/remove`, {}).expect(303);
    expect(removed.headers.location).to.equal('/admin/sso/saml');
    expect(flashOf((await page('/admin/sso/saml').expect(200)).text)).to.deep.equal(['success', 'Metadata source removed, with its identity providers.']);
    expect(await ctx.services.samlIdps.findByEntityId(admin.user.siteId, 'https://idp.eta.fr/idp/shibboleth')).to.equal(null);
  });

  it('a URL source whose first reading fails is kept, with the reason on its page', async () => {
    const added = await post('/admin/sso/saml/sources', { name: 'Unreachable', url: `${server.origin}/nowhere.xml`, signing_cert: '', refresh_hours: '' }).expect(303);
    const shown = await page(added.headers.location!).expect(200);
    expect(flashOf(shown.text)).to.deep.equal(['error', 'Metadata source added, but it could not be read: see why below.']);
    expect(shown.text).to.contain('data-status="failed" data-code="saml_metadata_unreachable"').and.contain('No identity provider matches.');
  });
});
