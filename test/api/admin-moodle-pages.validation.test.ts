import { expect } from 'chai';
import request from 'supertest';
import type { ApiToken } from '../../server/src/domain/tokens/api-token.js';
import { createUser, type UserWithToken } from '../helpers/factories.js';
import { expectProblem } from '../helpers/problem.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { loggedInAgent } from '../helpers/web-session.js';

const form = (csrf: string, fields: Record<string, string> = {}) => ({
  _csrf: csrf,
  name: 'Moodle Droit',
  site_id: '1',
  username_mapping: 'username',
  identity_issuer: '',
  page_size: '12',
  ...fields,
});

/** The problem shown next to a field, or null. */
const fieldError = (page: string, field: string): string | null => new RegExp(`<p class="field-error" id="${field}-error">([^<]*)</p>`).exec(page)?.[1] ?? null;

describe('/admin/moodle refusals', () => {
  let ctx: TestApp;
  let admin: UserWithToken;
  let teacher: UserWithToken;
  let existing: ApiToken;

  before(async () => {
    ctx = await buildTestApp();
    admin = await createUser(ctx, { role: 'admin', username: 'keys.admin' });
    teacher = await createUser(ctx, { role: 'staff', username: 'keys.teacher' });
    existing = (await ctx.services.bridgeKeyService.create(admin.user, { name: 'Existing', siteId: 1, usernameMapping: 'lti', identityIssuer: 'https://moodle.univ.example', pageSize: 12 })).token;
  });
  after(async () => ctx?.close());

  const keyCount = async () => (await ctx.services.bridgeKeyService.list(admin.user)).length;

  it("shows the service's refusals next to their fields, keeping what was typed, and creates nothing", async () => {
    const { agent, csrf } = await loggedInAgent(ctx.app, admin.user.username);
    const before = await keyCount();
    const refused = await agent
      .post('/admin/moodle')
      .set('Accept-Language', 'en')
      .type('form')
      .send(form(csrf, { name: 'Kept name', page_size: '500', identity_issuer: 'https://idp.univ.example' }))
      .expect(400);
    expect(fieldError(refused.text, 'page_size')).to.equal('Enter a whole number from 1 to 100.');
    expect(fieldError(refused.text, 'identity_issuer')).to.equal('An issuer applies only to the LTI, SAML and CAS choices: empty this field or choose one of them.');
    expect(fieldError(refused.text, 'name')).to.equal(null);
    expect(refused.text).to.contain('value="Kept name"').and.contain('value="500"').and.contain('value="https://idp.univ.example"');
    expect(refused.text).to.contain('aria-describedby="page_size-help page_size-error" aria-invalid="true"');
    expect(refused.text).to.not.contain('id="new-bridge-key"');

    const unknownSite = await agent.post('/admin/moodle').set('Accept-Language', 'en').type('form').send(form(csrf, { site_id: '99' })).expect(400);
    expect(fieldError(unknownSite.text, 'site_id')).to.equal('Choose one of the sites offered.');
    const garbled = await agent.post('/admin/moodle').set('Accept-Language', 'en').type('form').send(form(csrf, { page_size: 'twelve', username_mapping: 'ldap', site_id: 'one' })).expect(400);
    expect(fieldError(garbled.text, 'page_size')).to.equal('Enter a whole number from 1 to 100.');
    expect(fieldError(garbled.text, 'username_mapping')).to.equal('Choose one of the choices offered.');
    expect(fieldError(garbled.text, 'site_id')).to.equal('Choose one of the sites offered.');
    const french = await agent.post('/admin/moodle').set('Accept-Language', 'fr').type('form').send(form(csrf, { page_size: '0' })).expect(400);
    expect(fieldError(french.text, 'page_size')).to.equal('Saisissez un nombre entier de 1 à 100.');
    expect(await keyCount()).to.equal(before);
  });

  it('refuses an edit the same way and leaves the key as it was', async () => {
    const { agent, csrf } = await loggedInAgent(ctx.app, admin.user.username);
    const refused = await agent
      .post(`/admin/moodle/${existing.id}`)
      .set('Accept-Language', 'en')
      .type('form')
      .send(form(csrf, { name: 'Renamed', username_mapping: 'email', identity_issuer: 'https://moodle.univ.example' }))
      .expect(400);
    expect(fieldError(refused.text, 'identity_issuer')).to.contain('An issuer applies only to the LTI, SAML and CAS choices');
    expect(refused.text).to.contain('value="Renamed"').and.contain('<option value="email" selected>');
    expect(await ctx.services.bridgeKeyService.get(admin.user, existing.id)).to.include({ name: 'Existing', usernameMapping: 'lti', identityIssuer: 'https://moodle.univ.example' });
  });

  it('answers 404 for unknown keys, 400 for ids that are not numbers, and 404 for a second revocation', async () => {
    const { agent, csrf } = await loggedInAgent(ctx.app, admin.user.username);
    const unknown = await agent.get('/admin/moodle/987654').set('Accept-Language', 'en').set('Accept', 'text/html').expect(404);
    expect(unknown.text).to.contain('This Moodle/Pod key does not exist on this site.');
    await agent.get('/admin/moodle/abc').set('Accept', 'text/html').expect(400);
    await agent.post('/admin/moodle/987654').type('form').send(form(csrf)).expect(404);
    const { token } = await ctx.services.bridgeKeyService.create(admin.user, { name: 'Twice', siteId: 1, usernameMapping: 'username', identityIssuer: null, pageSize: 12 });
    await agent.post(`/admin/moodle/${token.id}/revoke`).type('form').send({ _csrf: csrf }).expect(303);
    expectProblem(await agent.post(`/admin/moodle/${token.id}/revoke`).type('form').send({ _csrf: csrf }), 404, 'token_not_found');
  });

  it('refuses the pages to non-administrators with the 403 page, and sends visitors to log in', async () => {
    const { agent, csrf } = await loggedInAgent(ctx.app, teacher.user.username);
    const page = await agent.get('/admin/moodle').set('Accept-Language', 'en').set('Accept', 'text/html').expect(403);
    expect(page.text).to.contain('Only administrators can see this page.');
    expect(page.text, 'no link to the page either').to.not.contain('href="/admin/moodle"');
    await agent.get(`/admin/moodle/${existing.id}`).expect(403);
    await agent.post('/admin/moodle').type('form').send(form(csrf)).expect(403);
    await agent.post(`/admin/moodle/${existing.id}`).type('form').send(form(csrf, { page_size: '3' })).expect(403);
    await agent.post(`/admin/moodle/${existing.id}/revoke`).type('form').send({ _csrf: csrf }).expect(403);
    const key = await ctx.services.bridgeKeyService.get(admin.user, existing.id);
    expect(key).to.include({ revokedAt: null, pageSize: 12 });
    const anonymous = await request(ctx.app).get('/admin/moodle').expect(303);
    expect(anonymous.headers.location).to.equal('/login?next=%2Fadmin%2Fmoodle');
  });

  it('refuses posts without the session’s CSRF token', async () => {
    const { agent, csrf } = await loggedInAgent(ctx.app, admin.user.username);
    const before = await keyCount();
    const { _csrf: _omitted, ...withoutToken } = form(csrf);
    expectProblem(await agent.post('/admin/moodle').type('form').send(withoutToken), 403, 'csrf_failed');
    expectProblem(await agent.post('/admin/moodle').type('form').send(form('forged-token')), 403, 'csrf_failed');
    expectProblem(await agent.post(`/admin/moodle/${existing.id}`).type('form').send(form('forged-token', { page_size: '3' })), 403, 'csrf_failed');
    expectProblem(await agent.post(`/admin/moodle/${existing.id}/revoke`).type('form').send({}), 403, 'csrf_failed');
    expect(await keyCount()).to.equal(before);
    expect(await ctx.services.bridgeKeyService.get(admin.user, existing.id)).to.include({ revokedAt: null, pageSize: 12 });
  });
});
