import { expect } from 'chai';
import { DEFAULT_IDENTITY_MAPPING } from '../../server/src/domain/sso/identity-mapping.js';
import { cliWorld, lectern } from '../helpers/lectern-cli.js';
import { samlAssertion, TEST_IDP } from '../helpers/sso-assertions.js';
import type { TestApp } from '../helpers/test-app.js';

describe('lectern sso:settings, sso:identities, sso:link, sso:unlink', function () {
  this.timeout(180_000);
  let ctx: TestApp;
  let env: Record<string, string>;

  before(async () => {
    ({ ctx, env } = await cliWorld());
  });
  after(async () => ctx?.close());

  it('prints the settings (defaults), changes local login and mapping fields, and prints them as JSON', async () => {
    const shown = await lectern(['sso:settings'], env);
    expect(shown.code, shown.stderr).to.equal(0);
    expect(shown.stdout).to.match(/local-login\s+on/).and.match(/saml-user-key\s+eduPersonPrincipalName/).and.match(/cas-user-key\s+cas:user/).and.match(/staff-affiliations\s+faculty, employee, staff/).and.match(/groups-attribute\s+none/);
    const changed = await lectern(['sso:settings', '--local-login', 'off', '--staff-affiliations', 'faculty,researcher', '--groups-from-affiliations', 'on', '--groups-attribute', 'memberOf', '--cas-user-key', 'uid', '--json'], env);
    expect(changed.code, changed.stderr).to.equal(0);
    expect(JSON.parse(changed.stdout)).to.deep.equal({
      site_id: 1,
      local_login_enabled: false,
      mapping: { ...DEFAULT_IDENTITY_MAPPING, staffAffiliations: ['faculty', 'researcher'], groupsFromAffiliations: true, groupsAttribute: 'memberOf', casUserKey: 'uid' },
    });
    // The break-glass: local login back on from a shell.
    const back = await lectern(['sso:settings', '--local-login', 'on', '--groups-attribute', 'none', '--cas-user-key', 'cas:user'], env);
    expect(back.code, back.stderr).to.equal(0);
    const settings = await ctx.services.ssoSettings.get(1);
    expect(settings.localLoginEnabled).to.equal(true);
    expect(settings.mapping).to.include({ groupsAttribute: null, casUserKey: null, groupsFromAffiliations: true });
    const help = await lectern(['sso:settings', '--help'], env);
    expect(help.stdout).to.contain('lectern sso:settings --local-login on').and.contain('--saml-key-fallback <value>');
  });

  it('refuses wrong settings with their code and fields, changing nothing', async () => {
    const bad = await lectern(['sso:settings', '--saml-user-key', 'not an attribute', '--staff-affiliations', 'Fac ulty!'], env);
    expect(bad.code).to.equal(1);
    expect(bad.stderr).to.contain('(invalid_sso_mapping)').and.contain('samlUserKey:').and.contain('staffAffiliations:');
    const onOff = await lectern(['sso:settings', '--local-login', 'maybe'], env);
    expect(onOff.code).to.equal(1);
    expect(onOff.stderr).to.contain("Allowed choices are on, off.");
    expect((await ctx.services.ssoSettings.get(1)).mapping.samlUserKey).to.equal('eduPersonPrincipalName');
  });

  it('links, lists and unlinks identities', async () => {
    const linked = await lectern(['sso:link', 'cli.staff', '--provider', 'saml', '--issuer', TEST_IDP, '--subject', 'staff@univ.example'], env);
    expect(linked.code, linked.stderr).to.equal(0);
    expect(linked.stdout).to.contain(`Linked saml identity "staff@univ.example" of ${TEST_IDP} to "cli.staff".`);
    const listed = await lectern(['sso:identities', 'cli.staff', '--json'], env);
    expect(JSON.parse(listed.stdout)).to.deep.equal([{ provider: 'saml', issuer: TEST_IDP, subject: 'staff@univ.example' }]);
    const table = await lectern(['sso:identities', 'cli.staff'], env);
    expect(table.stdout).to.match(/saml\s+https:\/\/idp\.univ\.example\/idp\/shibboleth\s+staff@univ\.example/);
    const unlinked = await lectern(['sso:unlink', 'cli.staff', '--provider', 'saml', '--issuer', TEST_IDP, '--subject', 'staff@univ.example'], env);
    expect(unlinked.code, unlinked.stderr).to.equal(0);
    expect(await ctx.services.userIdentities.listForUser((await ctx.services.userService.getByUsername('cli.staff')).id)).to.deep.equal([]);
  });

  it('pre-provisions an account for a first institution sign-in (user:create --auth-type saml), with no password', async () => {
    const created = await lectern(['user:create', 'newprof@univ.example', '--staff', '--auth-type', 'saml', '--json'], env);
    expect(created.code, created.stderr).to.equal(0);
    const json = JSON.parse(created.stdout) as { id: number; password?: string };
    expect(json).to.not.have.property('password');
    const result = await ctx.services.ssoLogin.signIn(samlAssertion('newprof@univ.example'), DEFAULT_IDENTITY_MAPPING, { linkUserId: null });
    expect(result.kind === 'signed-in' ? [result.user.id, result.how, result.user.authType, result.user.role] : result.kind).to.deep.equal([json.id, 'pre-provisioned', 'saml', 'staff']);
  });

  it('refuses an unknown user, a taken identity, an unknown identity and a wrong provider, with their codes', async () => {
    const unknown = await lectern(['sso:identities', 'nobody'], env);
    expect([unknown.code, unknown.stderr.includes('(user_not_found)')]).to.deep.equal([1, true]);
    await lectern(['sso:link', 'cli.admin', '--provider', 'cas', '--issuer', 'https://cas.univ.example/cas', '--subject', 'adm'], env);
    const taken = await lectern(['sso:link', 'cli.staff', '--provider', 'cas', '--issuer', 'https://cas.univ.example/cas', '--subject', 'adm'], env);
    expect([taken.code, taken.stderr.includes('(sso_identity_taken)')]).to.deep.equal([1, true]);
    const missing = await lectern(['sso:unlink', 'cli.staff', '--provider', 'cas', '--issuer', 'https://cas.univ.example/cas', '--subject', 'adm'], env);
    expect([missing.code, missing.stderr.includes('(sso_identity_not_found)')]).to.deep.equal([1, true]);
    const provider = await lectern(['sso:link', 'cli.staff', '--provider', 'oidc', '--issuer', 'x', '--subject', 'y'], env);
    expect(provider.code).to.equal(1);
    expect(provider.stderr).to.contain("Allowed choices are saml, cas.");
    const blank = await lectern(['sso:link', 'cli.staff', '--provider', 'cas', '--issuer', ' ', '--subject', 'y'], env);
    expect([blank.code, blank.stderr.includes('(invalid_sso_identity)'), blank.stderr.includes('issuer:')]).to.deep.equal([1, true, true]);
  });
});
