import { expect } from 'chai';
import type { User } from '../../server/src/domain/users/user.js';
import { cliWorld, lectern } from '../helpers/lectern-cli.js';
import type { TestApp } from '../helpers/test-app.js';

const ADD = ['--issuer', 'https://moodle.univ.example', '--client-id', 'BY7bATdJTBnzkjT', '--auth-url', 'https://moodle.univ.example/mod/lti/auth.php', '--token-url', 'https://moodle.univ.example/mod/lti/token.php', '--jwks-url', 'https://moodle.univ.example/mod/lti/certs.php'];

describe('lectern lti:platform:* and lti:values', function () {
  this.timeout(180_000);
  let ctx: TestApp;
  let env: Record<string, string>;
  let admin: User;

  before(async () => {
    ({ ctx, env, admin } = await cliWorld({ PUBLIC_URL: 'https://videos.univ.example/' }));
  });
  after(async () => ctx?.close());

  it('adds, lists, updates, deactivates, approves, rotates the key of and removes a platform', async () => {
    const added = await lectern(['lti:platform:add', 'cli.admin', '--name', 'Moodle CLI', ...ADD, '--deployment', '1', '--deployment', '2', '--json'], env);
    expect(added.code, added.stderr).to.equal(0);
    const json = JSON.parse(added.stdout) as { id: number; status: string; origin: string; deployment_ids: string[]; client_id: string };
    expect(json).to.include({ status: 'active', origin: 'manual', client_id: 'BY7bATdJTBnzkjT' });
    expect(json.deployment_ids).to.deep.equal(['1', '2']);

    const table = await lectern(['lti:platform:list', 'cli.admin'], env);
    expect(table.code, table.stderr).to.equal(0);
    expect(table.stdout.split('\n')[0]).to.match(/^id\s+name\s+issuer\s+client id\s+deployments\s+status\s+origin\s+product\s+tool kid/);
    expect(table.stdout).to.contain('BY7bATdJTBnzkjT').and.contain('1,2');

    const updated = await lectern(['lti:platform:update', 'cli.admin', String(json.id), '--name', 'Moodle UFR'], env);
    expect(updated.code, updated.stderr).to.equal(0);
    expect(updated.stdout).to.equal(`Updated platform ${json.id} (https://moodle.univ.example, client id BY7bATdJTBnzkjT).\n`);
    expect(await ctx.services.ltiPlatformService.get(admin, json.id)).to.include({ name: 'Moodle UFR', issuer: 'https://moodle.univ.example' });

    const off = await lectern(['lti:platform:deactivate', 'cli.admin', String(json.id)], env);
    expect(off.stdout).to.equal(`Platform ${json.id} is inactive.\n`);
    expect((await ctx.services.ltiPlatformService.get(admin, json.id)).status).to.equal('inactive');
    const on = await lectern(['lti:platform:activate', 'cli.admin', String(json.id), '--json'], env);
    expect((JSON.parse(on.stdout) as { status: string }).status).to.equal('active');

    await ctx.services.ltiPlatformRepository.setToolKid(json.id, 'kid-1');
    const rotated = await lectern(['lti:platform:rotate-key', 'cli.admin', String(json.id)], env);
    expect(rotated.code, rotated.stderr).to.equal(0);
    expect((await ctx.services.ltiPlatformService.get(admin, json.id)).toolKid).to.equal(null);

    const removed = await lectern(['lti:platform:remove', 'cli.admin', String(json.id)], env);
    expect(removed.stdout).to.equal(`Platform ${json.id} removed.\n`);
    const again = await lectern(['lti:platform:remove', 'cli.admin', String(json.id)], env);
    expect(again.code).to.equal(1);
    expect(again.stderr).to.contain('(lti_platform_not_found)');
  });

  it('approves a pending (dynamically registered) platform', async () => {
    const pending = await ctx.services.ltiPlatformService.registerDynamic(1, { name: 'Sakai', issuer: 'https://sakai.univ.example', clientId: 'sakai-1', authenticationEndpoint: 'https://sakai.univ.example/imsoidc/lti13/oidc_auth', accessTokenEndpoint: 'https://sakai.univ.example/imsblis/lti13/token/1', jwksUrl: 'https://sakai.univ.example/imsblis/lti13/keyset/1', deploymentIds: ['1'] }, { product: 'sakai', autoApprove: false });
    const approved = await lectern(['lti:platform:approve', 'cli.admin', String(pending.id)], env);
    expect(approved.code, approved.stderr).to.equal(0);
    expect(approved.stdout).to.equal(`Platform ${pending.id} is active.\n`);
  });

  it('prints the values to enter in each LMS', async () => {
    const text = await lectern(['lti:values'], env);
    expect(text.code, text.stderr).to.equal(0);
    expect(text.stdout).to.contain('[moodle]\nTool name: Lectern\nTool URL: https://videos.univ.example/lti/launch\n');
    expect(text.stdout).to.contain('Redirection URI(s): https://videos.univ.example/lti/launch | https://videos.univ.example/lti/deeplink');
    const json = JSON.parse((await lectern(['lti:values', '--json'], env)).stdout) as Record<string, Record<string, string>>;
    expect(json.moodleDynamic!['Tool URL (Manage tools → Add LTI Advantage)']).to.equal('https://videos.univ.example/lti/register');
    expect(json.canvas!.Domain).to.equal('videos.univ.example');
  });

  it('fails with a clear message and a non-zero code', async () => {
    const notAdmin = await lectern(['lti:platform:list', 'cli.staff'], env);
    expect(notAdmin.code).to.equal(1);
    expect(notAdmin.stderr).to.contain('(admin_only)');
    const invalid = await lectern(['lti:platform:add', 'cli.admin', '--name', 'Bad', '--issuer', 'moodle', '--client-id', 'x'], env);
    expect(invalid.code).to.equal(1);
    expect(invalid.stderr).to.contain('(invalid_lti_platform)').and.contain('  issuer: an http or https URL').and.contain('  jwks_url: an http or https URL');
    await lectern(['lti:platform:add', 'cli.admin', '--name', 'Twice', ...ADD.map((value) => value.replace('BY7bATdJTBnzkjT', 'twice'))], env);
    const twice = await lectern(['lti:platform:add', 'cli.admin', '--name', 'Twice', ...ADD.map((value) => value.replace('BY7bATdJTBnzkjT', 'twice'))], env);
    expect(twice.code).to.equal(1);
    expect(twice.stderr).to.contain('(lti_platform_exists)');
    const badId = await lectern(['lti:platform:approve', 'cli.admin', 'first'], env);
    expect(badId.code).to.not.equal(0);
    expect(badId.stderr).to.contain('"first" is not a platform id');
  });
});
