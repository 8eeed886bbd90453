import { expect } from 'chai';
import request from 'supertest';
import { DEFAULT_IDENTITY_MAPPING, type IdentityMapping } from '../../server/src/domain/sso/identity-mapping.js';
import { identityMappingText } from '../../server/src/domain/sso/identity-mapping-text.js';
import { createUser, TEST_PASSWORD, type UserWithToken } from '../helpers/factories.js';
import { TEST_IDP } from '../helpers/sso-assertions.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { csrfFrom, loggedInAgent } from '../helpers/web-session.js';

type Agent = Awaited<ReturnType<typeof loggedInAgent>>['agent'];

describe('/admin/sso: sign-in settings, identity mapping, identity links', () => {
  let ctx: TestApp;
  let admin: UserWithToken;
  let agent: Agent;
  let csrf: string;
  before(async () => {
    ctx = await buildTestApp();
    admin = await createUser(ctx, { role: 'admin', username: 'sso.admin' });
    await createUser(ctx, { role: 'staff', username: 'teacher' });
    ({ agent, csrf } = await loggedInAgent(ctx.app, admin.user.username));
  });
  after(async () => ctx.close());

  const post = (path: string, fields: Record<string, string>) => agent.post(path).set('Accept-Language', 'en').type('form').send({ _csrf: csrf, ...fields });

  it('shows the settings with Esup-Pod’s defaults, and links to the SAML and CAS pages', async () => {
    const page = await agent.get('/admin/sso').set('Accept-Language', 'en').expect(200);
    expect(page.text).to.contain('data-local-login="on"').and.contain('href="/admin/sso/saml"').and.contain('href="/admin/sso/cas"').and.contain('href="/admin/sso/identities"');
    expect(page.text).to.contain('id="samlUserKey" name="samlUserKey" type="text" value="eduPersonPrincipalName"');
    expect(page.text).to.contain('id="staffAffiliations" name="staffAffiliations" type="text" value="faculty, employee, staff"');
    expect(page.text).to.contain('Default: faculty, employee, staff.').and.contain('Default: off.').and.contain('lectern sso:settings --local-login on');
    const fr = await agent.get('/admin/sso').set('Accept-Language', 'fr').expect(200);
    expect(fr.text).to.contain('Correspondance des identités').and.contain('Par défaut : eduPersonPrincipalName.');
  });

  it('saves every field of the mapping', async () => {
    const custom: IdentityMapping = {
      samlUserKey: 'eduPersonUniqueId',
      samlKeyFallback: false,
      casUserKey: 'uid',
      firstNameAttribute: 'givenname',
      lastNameAttribute: 'surname',
      displayNameAttribute: 'cn',
      emailAttribute: 'email',
      primaryAffiliationAttribute: 'primaryAffiliation',
      affiliationsAttribute: 'affiliation',
      staffAffiliations: ['faculty', 'researcher'],
      groupsFromAffiliations: true,
      groupsAttribute: 'memberOf',
      createGroups: true,
    };
    const saved = await post('/admin/sso/mapping', { ...identityMappingText(custom), staffAffiliations: 'Faculty, researcher' }).expect(303);
    expect(saved.headers.location).to.equal('/admin/sso#mapping');
    expect((await ctx.services.ssoSettings.get(1)).mapping).to.deep.equal(custom);
    const page = await agent.get('/admin/sso').set('Accept-Language', 'en').expect(200);
    expect(page.text).to.contain('The identity mapping has been saved.').and.contain('value="faculty, researcher"').and.contain('id="createGroups" name="createGroups" value="true" checked');
    // Back to the defaults: empty nullable fields are null, unchecked boxes off.
    await post('/admin/sso/mapping', identityMappingText(DEFAULT_IDENTITY_MAPPING)).expect(303);
    expect((await ctx.services.ssoSettings.get(1)).mapping).to.deep.equal(DEFAULT_IDENTITY_MAPPING);
  });

  it('turns local login off and on', async () => {
    await post('/admin/sso/local-login', {}).expect(303);
    expect((await ctx.services.ssoSettings.get(1)).localLoginEnabled).to.equal(false);
    const login = await request(ctx.app).get('/login').expect(200);
    expect(login.text).to.contain('data-local-login="off"');
    await post('/admin/sso/local-login', { local_login: 'true' }).expect(303);
    expect((await ctx.services.ssoSettings.get(1)).localLoginEnabled).to.equal(true);
    const page = await agent.get('/admin/sso').set('Accept-Language', 'en').expect(200);
    expect(page.text).to.contain('Logging in with a Lectern password is allowed.');
  });

  it('links an identity to a user, lists it, and unlinks it after a confirmation', async () => {
    const linked = await post('/admin/sso/identities/link', { username: 'teacher', provider: 'saml', issuer: ` ${TEST_IDP} `, subject: 'teacher@univ.example' }).expect(303);
    expect(linked.headers.location).to.equal('/admin/sso/identities?username=teacher');
    const teacher = await ctx.services.userService.getByUsername('teacher');
    expect(await ctx.services.userIdentities.userOf('saml', TEST_IDP, 'teacher@univ.example')).to.equal(teacher.id);
    const list = await agent.get('/admin/sso/identities?username=teacher').set('Accept-Language', 'en').expect(200);
    expect(list.text).to.contain('The identity has been linked.').and.contain('<code>teacher@univ.example</code>');
    const unlinkHref = /href="(\/admin\/sso\/identities\/unlink\?[^"]+)"/.exec(list.text)![1]!.replace(/&amp;/g, '&');
    const confirm = await agent.get(unlinkHref).set('Accept-Language', 'en').expect(200);
    expect(confirm.text).to.contain('Unlink this identity from “teacher”?');
    await agent.post('/admin/sso/identities/unlink').type('form').send({ _csrf: csrfFrom(confirm.text), username: 'teacher', provider: 'saml', issuer: TEST_IDP, subject: 'teacher@univ.example' }).expect(303);
    expect(await ctx.services.userIdentities.userOf('saml', TEST_IDP, 'teacher@univ.example')).to.equal(null);
  });

  it('lets a linked identity sign its owner in', async () => {
    await post('/admin/sso/identities/link', { username: 'teacher', provider: 'cas', issuer: 'https://cas.univ.example/cas', subject: 'tch' }).expect(303);
    const result = await ctx.services.ssoLogin.signIn(
      { provider: 'cas', siteId: 1, issuer: 'https://cas.univ.example/cas', nameId: 'tch', nameIdFormat: null, sessionIndex: 'ST-1', attributes: {} },
      DEFAULT_IDENTITY_MAPPING,
      { linkUserId: null },
    );
    expect(result.kind === 'signed-in' && result.user.username).to.equal('teacher');
    // The account keeps its password.
    await loggedInAgent(ctx.app, 'teacher', TEST_PASSWORD);
  });
});
