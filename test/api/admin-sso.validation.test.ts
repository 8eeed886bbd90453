import { expect } from 'chai';
import request from 'supertest';
import { createUser } from '../helpers/factories.js';
import { expectProblem } from '../helpers/problem.js';
import { TEST_IDP } from '../helpers/sso-assertions.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { fieldError, loggedInAgent } from '../helpers/web-session.js';

type Agent = Awaited<ReturnType<typeof loggedInAgent>>['agent'];

const refusalCode = (page: string): string | null => /<form [^>]*data-error-code="([^"]+)"/.exec(page)?.[1] ?? null;

describe('/admin/sso: refusals', () => {
  let ctx: TestApp;
  let agent: Agent;
  let csrf: string;
  let staff: Agent;
  let staffCsrf: string;
  before(async () => {
    ctx = await buildTestApp();
    await createUser(ctx, { role: 'admin', username: 'sso.admin' });
    await createUser(ctx, { role: 'staff', username: 'sso.staff' });
    await createUser(ctx, { role: 'staff', username: 'owner' });
    await createUser(ctx, { role: 'staff', username: 'other' });
    ({ agent, csrf } = await loggedInAgent(ctx.app, 'sso.admin'));
    ({ agent: staff, csrf: staffCsrf } = await loggedInAgent(ctx.app, 'sso.staff'));
  });
  after(async () => ctx.close());

  const post = (path: string, fields: Record<string, string>) => agent.post(path).set('Accept-Language', 'en').set('Accept', 'text/html').type('form').send({ _csrf: csrf, ...fields });

  it('shows every wrong mapping field next to it (400 invalid_sso_mapping), keeping what was typed', async () => {
    const bad = await post('/admin/sso/mapping', { samlUserKey: 'edu person', casUserKey: '', emailAttribute: '', staffAffiliations: 'Fac ulty!', groupsAttribute: 'member Of', samlKeyFallback: 'maybe' }).expect(400);
    expect(refusalCode(bad.text)).to.equal('invalid_sso_mapping');
    expect(fieldError(bad.text, 'samlUserKey')).to.equal('An attribute name: letters, digits and _ . : - (up to 200), starting with a letter.');
    expect(fieldError(bad.text, 'emailAttribute')).to.equal('An attribute name: letters, digits and _ . : - (up to 200), starting with a letter.');
    expect(fieldError(bad.text, 'groupsAttribute')).to.not.equal(null);
    expect(fieldError(bad.text, 'staffAffiliations')).to.equal('Affiliations in lower case (letters, digits, - and _), separated by commas; at most 20.');
    expect(fieldError(bad.text, 'samlKeyFallback')).to.equal('On or off.');
    expect(fieldError(bad.text, 'casUserKey')).to.equal(null);
    expect(bad.text).to.contain('value="edu person"');
    const fr = await agent.post('/admin/sso/mapping').set('Accept-Language', 'fr').type('form').send({ _csrf: csrf, samlUserKey: '' }).expect(400);
    expect(fieldError(fr.text, 'samlUserKey')).to.equal('Un nom d’attribut : lettres, chiffres et _ . : - (200 au plus), commençant par une lettre.');
    expect(await ctx.services.ssoSettings.get(1)).to.deep.include({ localLoginEnabled: true });
  });

  it('refuses the identity link form’s wrong fields (400 invalid_sso_identity)', async () => {
    const bad = await post('/admin/sso/identities/link', { username: 'owner', provider: 'oidc', issuer: ' ', subject: 'x'.repeat(501) }).expect(400);
    expect(refusalCode(bad.text)).to.equal('invalid_sso_identity');
    expect(fieldError(bad.text, 'provider')).to.equal('Choose SAML or CAS.');
    expect(fieldError(bad.text, 'issuer')).to.equal('Give 1 to 500 characters.');
    expect(fieldError(bad.text, 'subject')).to.equal('Give 1 to 500 characters.');
  });

  it('refuses an unknown user (404 user_not_found), an identity of someone else (409 sso_identity_taken), an unknown identity (404 sso_identity_not_found)', async () => {
    const identity = { provider: 'saml', issuer: TEST_IDP, subject: 'owner@univ.example' };
    expectProblem(await agent.post('/admin/sso/identities/link').type('form').send({ _csrf: csrf, username: 'nobody', ...identity }), 404, 'user_not_found');
    expectProblem(await agent.get('/admin/sso/identities?username=nobody'), 404, 'user_not_found');
    await agent.post('/admin/sso/identities/link').type('form').send({ _csrf: csrf, username: 'owner', ...identity }).expect(303);
    expectProblem(await agent.post('/admin/sso/identities/link').type('form').send({ _csrf: csrf, username: 'other', ...identity }), 409, 'sso_identity_taken');
    const page = await post('/admin/sso/identities/link', { username: 'other', ...identity }).expect(409);
    expect(page.text).to.contain('data-code="sso_identity_taken"');
    expectProblem(await agent.post('/admin/sso/identities/unlink').type('form').send({ _csrf: csrf, username: 'other', ...identity }), 404, 'sso_identity_not_found');
    expectProblem(await agent.get(`/admin/sso/identities/unlink?username=other&provider=saml&issuer=${encodeURIComponent(TEST_IDP)}&subject=owner%40univ.example`), 404, 'sso_identity_not_found');
    expectProblem(await agent.post('/admin/sso/identities/unlink').type('form').send({ _csrf: csrf, username: 'owner', provider: 'x', issuer: TEST_IDP, subject: 's' }), 400, 'invalid_sso_identity');
  });

  it('refuses non-administrators (403 admin_only) on every page and action', async () => {
    expectProblem(await staff.get('/admin/sso'), 403, 'admin_only');
    expectProblem(await staff.get('/admin/sso/identities'), 403, 'admin_only');
    expectProblem(await staff.get('/admin/sso/identities?username=owner'), 403, 'admin_only');
    expectProblem(await staff.get(`/admin/sso/identities/unlink?username=owner&provider=saml&issuer=${encodeURIComponent(TEST_IDP)}&subject=s`), 403, 'admin_only');
    const form = (fields: Record<string, string>) => ({ _csrf: staffCsrf, ...fields });
    expectProblem(await staff.post('/admin/sso/local-login').type('form').send(form({})), 403, 'admin_only');
    expectProblem(await staff.post('/admin/sso/mapping').type('form').send(form({ samlUserKey: 'uid' })), 403, 'admin_only');
    expectProblem(await staff.post('/admin/sso/identities/link').type('form').send(form({ username: 'owner', provider: 'saml', issuer: TEST_IDP, subject: 's' })), 403, 'admin_only');
    expectProblem(await staff.post('/admin/sso/identities/unlink').type('form').send(form({ username: 'owner', provider: 'saml', issuer: TEST_IDP, subject: 's' })), 403, 'admin_only');
    expect((await ctx.services.ssoSettings.get(1)).localLoginEnabled).to.equal(true);
  });

  it('refuses forms without the CSRF token (403 csrf_failed), and anonymous visitors go to the login page', async () => {
    expectProblem(await agent.post('/admin/sso/local-login').type('form').send({}), 403, 'csrf_failed');
    expectProblem(await agent.post('/admin/sso/mapping').type('form').send({ samlUserKey: 'uid' }), 403, 'csrf_failed');
    expectProblem(await agent.post('/admin/sso/identities/link').type('form').send({ username: 'owner', provider: 'saml', issuer: TEST_IDP, subject: 's' }), 403, 'csrf_failed');
    await request(ctx.app).get('/admin/sso').expect(303).expect('location', '/login?next=%2Fadmin%2Fsso');
  });
});
