import { expect } from 'chai';
import request from 'supertest';
import type { LtiPlatform } from '../../server/src/domain/lms/lti-platform.js';
import { createUser, type UserWithToken } from '../helpers/factories.js';
import { expectProblem } from '../helpers/problem.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { csrfFrom, loggedInAgent } from '../helpers/web-session.js';

const form = (csrf: string, fields: Record<string, string> = {}) => ({
  _csrf: csrf,
  name: 'Moodle UFR Sciences',
  issuer: 'https://moodle.univ.example',
  client_id: 'BY7bATdJTBnzkjT',
  authentication_endpoint: 'https://moodle.univ.example/mod/lti/auth.php',
  access_token_endpoint: 'https://moodle.univ.example/mod/lti/token.php',
  jwks_url: 'https://moodle.univ.example/mod/lti/certs.php',
  deployment_ids: '3\n4',
  ...fields,
});

/** The error shown next to a field, or null. */
function fieldError(page: string, field: string): string | null {
  return new RegExp(`<p class="field-error" id="${field}-error">([^<]*)</p>`).exec(page)?.[1] ?? null;
}

/** The value a "values to paste" row shows (its copyable input or its text). */
function pasteValue(page: string, lms: string, field: string): string {
  const row = new RegExp(`<tr data-lms="${lms}" data-field="${field.replace(/[()]/g, '\\$&')}">([\\s\\S]*?)</tr>`).exec(page)?.[1];
  if (!row) throw new Error(`no ${lms} ${field} row`);
  return /value="([^"]*)"/.exec(row)?.[1] ?? /<textarea[^>]*>([\s\S]*?)<\/textarea>/.exec(row)?.[1] ?? /<span lang="en">([^<]*)<\/span>/.exec(row)?.[1] ?? '';
}

describe('/admin/lti: forms, values to paste and refusals', () => {
  let ctx: TestApp;
  let admin: UserWithToken;
  let staff: UserWithToken;
  let existing: LtiPlatform;

  before(async () => {
    ctx = await buildTestApp();
    admin = await createUser(ctx, { role: 'admin', username: 'lti.admin' });
    staff = await createUser(ctx, { role: 'staff', username: 'lti.staff' });
    existing = await ctx.services.ltiPlatformService.add(admin.user, { name: 'Canvas', issuer: 'https://canvas.instructure.com', clientId: '10000000000001', authenticationEndpoint: 'https://sso.canvaslms.com/api/lti/authorize_redirect', accessTokenEndpoint: 'https://canvas.univ.example/login/oauth2/token', jwksUrl: 'https://sso.canvaslms.com/api/lti/security/jwks', deploymentIds: [] });
  });
  after(async () => ctx?.close());

  it('adds a platform, showing every problem next to its field and keeping what was typed', async () => {
    const { agent, csrf } = await loggedInAgent(ctx.app, admin.user.username);
    const blank = await agent.get('/admin/lti/new').set('Accept-Language', 'en').expect(200);
    expect(blank.text).to.contain('<label for="issuer">Issuer (Platform ID)</label>');
    const bad = await agent.post('/admin/lti').set('Accept-Language', 'en').type('form').send(form(csrf, { name: ' ', issuer: 'moodle.univ.example', client_id: '', jwks_url: 'ftp://x', deployment_ids: 'x'.repeat(256) })).expect(400);
    expect(fieldError(bad.text, 'name')).to.equal('Give a name of 1 to 200 characters.');
    expect(fieldError(bad.text, 'issuer')).to.equal('Enter the issuer as an http or https URL.');
    expect(fieldError(bad.text, 'client_id')).to.equal('Give the client id (1 to 255 characters).');
    expect(fieldError(bad.text, 'jwks_url')).to.equal('Enter an http or https URL.');
    expect(fieldError(bad.text, 'deployment_ids')).to.equal('Each deployment id has at most 255 characters.');
    expect(fieldError(bad.text, 'authentication_endpoint')).to.equal(null);
    expect(bad.text).to.contain('id="issuer" name="issuer" type="url" value="moodle.univ.example"').and.contain('aria-invalid="true"');
    const french = await agent.post('/admin/lti').set('Accept-Language', 'fr').type('form').send(form(csrf, { issuer: 'x' })).expect(400);
    expect(fieldError(french.text, 'issuer')).to.equal('Saisissez l’émetteur sous forme d’URL http ou https.');
    expect(await ctx.services.ltiPlatformService.list(admin.user)).to.have.length(1);

    await agent.post('/admin/lti').type('form').send(form(csrf)).expect(303);
    const added = (await ctx.services.ltiPlatformService.list(admin.user)).find((platform) => platform.clientId === 'BY7bATdJTBnzkjT');
    expect(added).to.include({ name: 'Moodle UFR Sciences', status: 'active', origin: 'manual', issuer: 'https://moodle.univ.example' });
    expect(added!.deploymentIds).to.deep.equal(['3', '4']);
    const list = await agent.get('/admin/lti').set('Accept-Language', 'en').expect(200);
    expect(list.text).to.contain('Platform added: it is active.');

    const taken = await agent.post('/admin/lti').set('Accept-Language', 'en').type('form').send(form(csrf, { name: 'Again' })).expect(400);
    expect(fieldError(taken.text, 'client_id')).to.equal('A platform with this issuer and client id is already registered.');
  });

  it('edits a platform, with problems next to the fields', async () => {
    const { agent } = await loggedInAgent(ctx.app, admin.user.username);
    const page = await agent.get(`/admin/lti/${existing.id}`).set('Accept-Language', 'en').expect(200);
    expect(page.text).to.contain('value="https://canvas.instructure.com"').and.contain(`href="/admin/lti/${existing.id}/rotate"`);
    const csrf = csrfFrom(page.text);
    const values = { name: 'Canvas UFR', issuer: existing.issuer, client_id: existing.clientId, authentication_endpoint: existing.authenticationEndpoint, access_token_endpoint: existing.accessTokenEndpoint, jwks_url: existing.jwksUrl, deployment_ids: '' };
    const bad = await agent.post(`/admin/lti/${existing.id}`).set('Accept-Language', 'en').type('form').send({ _csrf: csrf, ...values, access_token_endpoint: 'token' }).expect(400);
    expect(fieldError(bad.text, 'access_token_endpoint')).to.equal('Enter an http or https URL.');
    expect(bad.text).to.contain('value="Canvas UFR"');
    await agent.post(`/admin/lti/${existing.id}`).type('form').send({ _csrf: csrf, ...values, deployment_ids: '5, 6' }).expect(303);
    const saved = await ctx.services.ltiPlatformService.get(admin.user, existing.id);
    expect(saved).to.include({ name: 'Canvas UFR' });
    expect(saved.deploymentIds).to.deep.equal(['5', '6']);
    await agent.get('/admin/lti/99999').expect(404);
    await agent.get('/admin/lti/abc').expect(400);
  });

  it('shows the values to paste into Moodle, Chamilo, Sakai and Canvas, with copy buttons', async () => {
    const { agent } = await loggedInAgent(ctx.app, admin.user.username);
    const page = await agent.get('/admin/lti/values').set('Accept-Language', 'en').expect(200);
    expect(page.text).to.contain('<script type="module" src="/assets/pages.js">');
    expect(pasteValue(page.text, 'moodle', 'Tool URL')).to.equal('http://lectern.test/lti/launch');
    expect(pasteValue(page.text, 'moodle', 'Initiate login URL')).to.equal('http://lectern.test/lti/login');
    expect(pasteValue(page.text, 'moodle', 'Public keyset')).to.equal('http://lectern.test/lti/keys');
    expect(pasteValue(page.text, 'moodle', 'Redirection URI(s)')).to.equal('http://lectern.test/lti/launch\nhttp://lectern.test/lti/deeplink');
    expect(pasteValue(page.text, 'moodle', 'Content Selection URL')).to.equal('http://lectern.test/lti/deeplink');
    expect(pasteValue(page.text, 'moodle', 'Custom parameters')).to.equal('(none needed)');
    expect(pasteValue(page.text, 'moodleDynamic', 'Tool URL (Manage tools → Add LTI Advantage)')).to.equal('http://lectern.test/lti/register');
    expect(pasteValue(page.text, 'chamilo', 'Redirect URL')).to.equal('http://lectern.test/lti/launch');
    expect(pasteValue(page.text, 'sakai', 'LTI 1.3 Tool OpenID Connect/Initialization Endpoint')).to.equal('http://lectern.test/lti/login');
    expect(pasteValue(page.text, 'canvas', 'Domain')).to.equal('lectern.test');
    const json = JSON.parse(pasteValue(page.text, 'canvas', 'Paste JSON').replace(/&quot;/g, '"')) as { target_link_uri: string; extensions: { privacy_level: string }[] };
    expect(json.target_link_uri).to.equal('http://lectern.test/lti/launch');
    expect(json.extensions[0]!.privacy_level).to.equal('public');
    expect(page.text).to.match(/<button type="button" data-copy="lti-moodle-1" data-copied="Copied.">Copy/);
  });

  it('is for administrators only (403 for staff, login for visitors)', async () => {
    const { agent, csrf } = await loggedInAgent(ctx.app, staff.user.username);
    for (const path of ['/admin/lti', '/admin/lti/new', '/admin/lti/values', `/admin/lti/${existing.id}`, `/admin/lti/${existing.id}/remove`]) await agent.get(path).expect(403);
    await agent.post('/admin/lti').type('form').send(form(csrf, { client_id: 'staff' })).expect(403);
    await agent.post(`/admin/lti/${existing.id}/status`).type('form').send({ _csrf: csrf, status: 'inactive' }).expect(403);
    await agent.post(`/admin/lti/${existing.id}/rotate`).type('form').send({ _csrf: csrf }).expect(403);
    await agent.post(`/admin/lti/${existing.id}/remove`).type('form').send({ _csrf: csrf }).expect(403);
    expect(await ctx.services.ltiPlatformService.get(admin.user, existing.id)).to.include({ status: 'active' });
    const anonymous = await request(ctx.app).get('/admin/lti').expect(303);
    expect(anonymous.headers.location).to.equal('/login?next=%2Fadmin%2Flti');
  });

  it('refuses posts without the session’s CSRF token', async () => {
    const { agent } = await loggedInAgent(ctx.app, admin.user.username);
    expectProblem(await agent.post('/admin/lti').type('form').send(form('forged', { client_id: 'csrf' })), 403, 'csrf_failed');
    expectProblem(await agent.post(`/admin/lti/${existing.id}/status`).type('form').send({ status: 'inactive' }), 403, 'csrf_failed');
    expectProblem(await agent.post(`/admin/lti/${existing.id}/remove`).type('form').send({ _csrf: 'forged' }), 403, 'csrf_failed');
    expectProblem(await agent.post(`/admin/lti/${existing.id}/rotate`).type('form').send({}), 403, 'csrf_failed');
    const platform = await ctx.services.ltiPlatformService.get(admin.user, existing.id);
    expect(platform.status).to.equal('active');
    expect((await ctx.services.ltiPlatformService.list(admin.user)).some((item) => item.clientId === 'csrf')).to.equal(false);
  });
});
