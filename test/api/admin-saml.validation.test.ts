import { expect } from 'chai';
import request from 'supertest';
import type { SamlMetadataSource } from '../../server/src/domain/sso/saml-idp.js';
import type { SpCredentials } from '../../server/src/infra/saml/sp-certificate.js';
import { createUser, type UserWithToken } from '../helpers/factories.js';
import { expectProblem } from '../helpers/problem.js';
import { refusalOf } from '../helpers/recording-imports.js';
import { entitiesXml, entityXml, metadataDocument, signMetadata } from '../helpers/saml-metadata.js';
import { otherIdpKeys, testIdpKeys } from '../helpers/saml-responses.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { fieldError, loggedInAgent } from '../helpers/web-session.js';

type Agent = Awaited<ReturnType<typeof loggedInAgent>>['agent'];

/** The HTTP status and code of a domain refusal. */
const refusal = async (promise: Promise<unknown>): Promise<[number, string]> => {
  const { status, code } = await refusalOf(promise);
  return [status, code];
};

/** The code of the form's refusal. */
const refusalCode = (page: string): string | null => /<form [^>]*data-error-code="([^"]+)"/.exec(page)?.[1] ?? null;

const MAX_BYTES = 16 * 1024;

describe('/admin/sso/saml: refusals', function () {
  this.timeout(60_000);
  let ctx: TestApp;
  let admin: UserWithToken;
  let staff: UserWithToken;
  let agent: Agent;
  let csrf: string;
  let keys: SpCredentials;
  let other: SpCredentials;
  let existing: SamlMetadataSource;
  let idpId: number;
  const idp = (name: string) => entityXml({ entityId: `https://idp.${name}.fr/idp/shibboleth`, certificates: [keys.certificatePem] });
  const urlForm = (fields: Record<string, string> = {}) => ({ _csrf: csrf, name: 'Federation', url: 'https://metadata.federation.example/idps.xml', signing_cert: '', refresh_hours: '24', ...fields });
  const post = (path: string, fields: Record<string, string>, language = 'en') => agent.post(path).set('Accept-Language', language).set('Accept', 'text/html').type('form').send(fields);
  const upload = (fields: Record<string, string>, file: string | Buffer | null, token = csrf) => {
    let sent = agent.post(`/admin/sso/saml/files?_csrf=${encodeURIComponent(token)}`).set('Accept-Language', 'en').set('Accept', token === csrf ? 'text/html' : 'application/json');
    for (const [name, value] of Object.entries(fields)) sent = sent.field(name, value);
    return file === null ? sent : sent.attach('file', Buffer.from(file), 'metadata.xml');
  };

  before(async () => {
    [keys, other] = await Promise.all([testIdpKeys(), otherIdpKeys()]);
    ctx = await buildTestApp({ SAML_METADATA_MAX_BYTES: `${MAX_BYTES}` });
    admin = await createUser(ctx, { role: 'admin', username: 'saml.refusals' });
    staff = await createUser(ctx, { role: 'staff', username: 'saml.staff' });
    ({ agent, csrf } = await loggedInAgent(ctx.app, admin.user.username));
    existing = (await ctx.services.samlMetadata.addFileSource(admin.user, { name: 'Existing', xml: metadataDocument(idp('existing')), signingCert: '' })).source;
    idpId = (await ctx.services.samlIdps.findByEntityId(admin.user.siteId, 'https://idp.existing.fr/idp/shibboleth'))!.id;
  });
  after(async () => ctx?.close());

  it('shows every problem of a new URL source next to its field (400 invalid_saml_source), keeping what was typed', async () => {
    const bad = await post('/admin/sso/saml/sources', urlForm({ name: ' ', url: 'metadata.xml', signing_cert: 'not a certificate', refresh_hours: '0' })).expect(400);
    expect(refusalCode(bad.text)).to.equal('invalid_saml_source');
    expect(fieldError(bad.text, 'name')).to.equal('Give a name of 1 to 200 characters.');
    expect(fieldError(bad.text, 'url')).to.equal('Enter the metadata’s address as an https URL.');
    expect(fieldError(bad.text, 'signing_cert')).to.equal('Paste one certificate in PEM, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----.');
    expect(fieldError(bad.text, 'refresh_hours')).to.equal('Give a whole number of hours, from 1 to 720.');
    expect(bad.text).to.contain('value="metadata.xml"').and.contain('>not a certificate</textarea>');
    const cases: [Record<string, string>, string, string][] = [
      [{ name: 'x'.repeat(201) }, 'name', 'Give a name of 1 to 200 characters.'],
      [{ url: 'http://metadata.federation.example/idps.xml' }, 'url', 'Use https: http is accepted only for a server on this machine (localhost, 127.0.0.1, ::1), for tests.'],
      [{ url: 'https://user:pw@metadata.federation.example/idps.xml' }, 'url', 'Remove the user name, password or fragment (#…) from the address.'],
      [{ url: 'https://metadata.federation.example/idps.xml#top' }, 'url', 'Remove the user name, password or fragment (#…) from the address.'],
      [{ url: `https://metadata.federation.example/${'a'.repeat(2000)}` }, 'url', 'The address has at most 2,000 characters.'],
      [{ signing_cert: `${keys.certificatePem}\n${other.certificatePem}` }, 'signing_cert', 'Paste one certificate in PEM, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----.'],
      [{ signing_cert: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' }, 'signing_cert', 'Paste one certificate in PEM, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----.'],
      [{ refresh_hours: '721' }, 'refresh_hours', 'Give a whole number of hours, from 1 to 720.'],
      [{ refresh_hours: '1.5' }, 'refresh_hours', 'Give a whole number of hours, from 1 to 720.'],
    ];
    for (const [fields, field, message] of cases) {
      const refused = await post('/admin/sso/saml/sources', urlForm(fields)).expect(400);
      expect(refusalCode(refused.text), JSON.stringify(fields)).to.equal('invalid_saml_source');
      expect(fieldError(refused.text, field), JSON.stringify(fields)).to.equal(message);
    }
    const french = await post('/admin/sso/saml/sources', urlForm({ url: 'http://metadata.example/x.xml' }), 'fr').expect(400);
    expect(fieldError(french.text, 'url')).to.equal('Utilisez https : http n’est accepté que pour un serveur sur cette machine (localhost, 127.0.0.1, ::1), pour les tests.');
    expect((await ctx.services.samlMetadata.list(admin.user)).map((source) => source.name)).to.deep.equal(['Existing']);
  });

  it('refuses a name another source of the site has (409 saml_source_exists), on add, upload and in the settings', async () => {
    const taken = await post('/admin/sso/saml/sources', urlForm({ name: 'existing' })).expect(409);
    expect(refusalCode(taken.text)).to.equal('saml_source_exists');
    expect(fieldError(taken.text, 'name')).to.equal('Another metadata source of this site already has this name.');
    const uploaded = await upload({ name: 'EXISTING', signing_cert: '' }, metadataDocument(idp('other'))).expect(409);
    expect(refusalCode(uploaded.text)).to.equal('saml_source_exists');
    const second = (await ctx.services.samlMetadata.addFileSource(admin.user, { name: 'Second', xml: metadataDocument(idp('second')), signingCert: '' })).source;
    const renamed = await post(`/admin/sso/saml/sources/${second.id}`, { _csrf: csrf, name: 'Existing', signing_cert: '', refresh_hours: '' }).expect(409);
    expect(refusalCode(renamed.text)).to.equal('saml_source_exists');
    expect(fieldError(renamed.text, 'name')).to.equal('Another metadata source of this site already has this name.');
    const invalid = await post(`/admin/sso/saml/sources/${second.id}`, { _csrf: csrf, name: 'Second', signing_cert: 'garbage', refresh_hours: '' }).expect(400);
    expect(refusalCode(invalid.text)).to.equal('invalid_saml_source');
    expect(await ctx.services.samlMetadata.get(admin.user, second.id)).to.deep.include({ name: 'Second', signingCert: null });
    await ctx.services.samlMetadata.remove(admin.user, second.id);
  });

  it('refuses an uploaded file that is missing, not metadata, unusable, expired, wrongly signed or too large, each with its code', async () => {
    const DAY = 86_400_000;
    const cases: [string | null, string, number, string][] = [
      [null, '', 400, 'invalid_saml_source'],
      ['<html><body>not metadata</body></html>', '', 400, 'saml_metadata_invalid'],
      [metadataDocument(entitiesXml([entityXml({ entityId: 'https://sp.example.fr/sp', role: 'sp', certificates: [keys.certificatePem] })])), '', 400, 'saml_metadata_empty'],
      [metadataDocument(entitiesXml([idp('old')], { validUntil: new Date(Date.now() - DAY) })), '', 400, 'saml_metadata_expired'],
      [metadataDocument(idp('unsigned')), keys.certificatePem, 400, 'saml_metadata_signature_invalid'],
      [signMetadata(metadataDocument(entitiesXml([idp('sha1')], { id: '_sha1' })), keys, { algorithm: 'sha1' }), keys.certificatePem, 400, 'saml_metadata_signature_invalid'],
      [`${metadataDocument(idp('huge'))}<!--${'x'.repeat(MAX_BYTES)}-->`, '', 413, 'saml_metadata_too_large'],
    ];
    for (const [file, cert, status, code] of cases) {
      const refused = await upload({ name: `Upload ${code}`, signing_cert: cert }, file).expect(status);
      expect(refusalCode(refused.text), code).to.equal(code);
    }
    const missing = await upload({ name: 'No file', signing_cert: '' }, null).expect(400);
    expect(fieldError(missing.text, 'file')).to.equal('Choose the metadata file (XML).');
    const notMetadata = await upload({ name: 'Not metadata', signing_cert: '' }, '<html/>').expect(400);
    expect(fieldError(notMetadata.text, 'file')).to.match(/^This is not SAML metadata Lectern can read .*\(saml_metadata_invalid: /);
    const notMultipart = await post('/admin/sso/saml/files', { _csrf: csrf, name: 'Form' }).expect(400);
    expect(refusalCode(notMultipart.text)).to.equal('invalid_saml_source');
    expect((await ctx.services.samlMetadata.list(admin.user)).map((source) => source.name)).to.deep.equal(['Existing']);
  });

  it('answers 400 for a number that is not one, 404 for an unknown source or IdP', async () => {
    expectProblem(await agent.get('/admin/sso/saml/sources/abc'), 400, 'invalid_saml_source_id');
    expectProblem(await agent.post('/admin/sso/saml/sources/0/refresh').type('form').send({ _csrf: csrf }), 400, 'invalid_saml_source_id');
    expectProblem(await agent.post('/admin/sso/saml/idps/x/enable').type('form').send({ _csrf: csrf }), 400, 'invalid_saml_idp_id');
    expectProblem(await agent.get('/admin/sso/saml/sources/99999'), 404, 'saml_source_not_found');
    expectProblem(await agent.get('/admin/sso/saml/sources/99999/remove'), 404, 'saml_source_not_found');
    for (const path of ['/admin/sso/saml/sources/99999', '/admin/sso/saml/sources/99999/refresh', '/admin/sso/saml/sources/99999/remove']) {
      expectProblem(await agent.post(path).type('form').send({ _csrf: csrf, name: 'x', signing_cert: '', refresh_hours: '' }), 404, 'saml_source_not_found');
    }
    for (const action of ['enable', 'disable']) expectProblem(await agent.post(`/admin/sso/saml/idps/99999/${action}`).type('form').send({ _csrf: csrf }), 404, 'saml_idp_not_found');
    const html = await agent.get('/admin/sso/saml/sources/99999').set('Accept', 'text/html').set('Accept-Language', 'fr').expect(404);
    expect(html.text).to.contain('Cette source de métadonnées n’existe pas sur ce site.');
  });

  it('keeps sites apart: another site’s administrator gets 404 for this site’s sources and IdPs', async () => {
    const site = await ctx.database.db.insertInto('sites').values({ name: 'IUT', domain: 'iut.univ.example' }).returning('id').executeTakeFirstOrThrow();
    const iutAdmin = await ctx.services.userService.create({ username: 'iut.saml', role: 'admin', siteId: site.id });
    const service = ctx.services.samlMetadata;
    expect(await service.list(iutAdmin)).to.deep.equal([]);
    expect(await refusal(service.get(iutAdmin, existing.id))).to.deep.equal([404, 'saml_source_not_found']);
    expect(await refusal(service.refresh(iutAdmin, existing.id))).to.deep.equal([404, 'saml_source_not_found']);
    expect(await refusal(service.remove(iutAdmin, existing.id))).to.deep.equal([404, 'saml_source_not_found']);
    expect(await refusal(service.setIdpEnabled(iutAdmin, idpId, false))).to.deep.equal([404, 'saml_idp_not_found']);
    expect(await refusal(service.setIdpEnabledByEntityId(iutAdmin, 'https://idp.existing.fr/idp/shibboleth', false))).to.deep.equal([404, 'saml_idp_not_found']);
    expect((await service.listIdps(iutAdmin, { limit: 10 })).total).to.equal(0);
    expect((await ctx.services.samlIdps.findById(idpId))!.enabled).to.equal(true);
  });

  it('is for administrators only (403 admin_only for staff, login for visitors)', async () => {
    const { agent: staffAgent, csrf: staffCsrf } = await loggedInAgent(ctx.app, staff.user.username);
    for (const path of ['/admin/sso/saml', '/admin/sso/saml/sources/new', '/admin/sso/saml/files/new', `/admin/sso/saml/sources/${existing.id}`, `/admin/sso/saml/sources/${existing.id}/remove`]) {
      expectProblem(await staffAgent.get(path), 403, 'admin_only');
    }
    expectProblem(await staffAgent.post('/admin/sso/saml/sources').type('form').send({ ...urlForm(), _csrf: staffCsrf }), 403, 'admin_only');
    expectProblem(await staffAgent.post(`/admin/sso/saml/files?_csrf=${encodeURIComponent(staffCsrf)}`).field('name', 'x').attach('file', Buffer.from(metadataDocument(idp('staff'))), 'm.xml'), 403, 'admin_only');
    for (const path of [`/admin/sso/saml/sources/${existing.id}`, `/admin/sso/saml/sources/${existing.id}/refresh`, `/admin/sso/saml/sources/${existing.id}/remove`, `/admin/sso/saml/idps/${idpId}/disable`]) {
      expectProblem(await staffAgent.post(path).type('form').send({ _csrf: staffCsrf, name: 'Staff', signing_cert: '', refresh_hours: '' }), 403, 'admin_only');
    }
    const staffPage = await staffAgent.get('/my/videos').set('Accept-Language', 'en').expect(200);
    expect(staffPage.text).to.not.contain('href="/admin/sso/saml"');
    for (const path of ['/admin/sso/saml', `/admin/sso/saml/sources/${existing.id}`]) {
      const anonymous = await request(ctx.app).get(path).expect(303);
      expect(anonymous.headers.location).to.equal(`/login?next=${encodeURIComponent(path)}`);
    }
    expect(await ctx.services.samlMetadata.get(admin.user, existing.id)).to.deep.include({ name: 'Existing' });
    expect((await ctx.services.samlIdps.findById(idpId))!.enabled).to.equal(true);
  });

  it('refuses posts without the session’s CSRF token (403 csrf_failed)', async () => {
    expectProblem(await agent.post('/admin/sso/saml/sources').type('form').send({ ...urlForm(), _csrf: 'forged' }), 403, 'csrf_failed');
    expectProblem(await upload({ name: 'Forged' }, metadataDocument(idp('forged')), 'forged'), 403, 'csrf_failed');
    for (const path of [`/admin/sso/saml/sources/${existing.id}`, `/admin/sso/saml/sources/${existing.id}/refresh`, `/admin/sso/saml/sources/${existing.id}/remove`, `/admin/sso/saml/idps/${idpId}/disable`]) {
      expectProblem(await agent.post(path).type('form').send({ name: 'Forged' }), 403, 'csrf_failed');
    }
    expect((await ctx.services.samlMetadata.list(admin.user)).map((source) => source.name)).to.deep.equal(['Existing']);
    expect((await ctx.services.samlIdps.findById(idpId))!.enabled).to.equal(true);
  });
});
