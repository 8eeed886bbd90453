import { expect } from 'chai';
import request from 'supertest';
import type { User } from '../../server/src/domain/users/user.js';
import { createVideo } from '../helpers/factories.js';
import { cliWorld, lectern } from '../helpers/lectern-cli.js';
import { expectProblem } from '../helpers/problem.js';
import type { TestApp } from '../helpers/test-app.js';

describe('lectern bridge-key:* (Moodle and Esup-Pod keys)', function () {
  this.timeout(180_000);
  let ctx: TestApp;
  let env: Record<string, string>;
  let admin: User;

  before(async () => {
    ({ ctx, env, admin } = await cliWorld({ PUBLIC_URL: 'https://videos.univ.example/' }));
    const teacher = await ctx.services.userService.create({ username: 'cli.teacher', role: 'staff', email: 'cli.teacher@univ.example' });
    await createVideo(ctx, teacher, { title: 'Optique' });
  });
  after(async () => ctx?.close());

  it('creates a key that /rest/ accepts and /api/v1 refuses, lists it without the key, updates and revokes it', async () => {
    const created = await lectern(['bridge-key:create', 'cli.admin', '--name', 'Moodle CLI', '--mapping', 'email', '--page-size', '5', '--json'], env);
    expect(created.code, created.stderr).to.equal(0);
    const json = JSON.parse(created.stdout) as { id: number; key: string; name: string; site_id: number; username_mapping: string; identity_issuer: null; page_size: number; pod_url: string };
    expect(json.key).to.match(/^[0-9a-f]{40}$/);
    expect(json).to.include({ name: 'Moodle CLI', site_id: 1, username_mapping: 'email', identity_issuer: null, page_size: 5, pod_url: 'https://videos.univ.example' });
    const auth = { Authorization: `Token ${json.key}` };
    expect((await request(ctx.app).get('/rest/videos/user_videos/?username=cli.teacher@univ.example').set(auth).expect(200)).body.count).to.equal(1);
    expectProblem(await request(ctx.app).get('/api/v1/me').set(auth), 401, 'bridge_key_not_for_api');

    const table = await lectern(['bridge-key:list', 'cli.admin'], env);
    expect(table.code, table.stderr).to.equal(0);
    expect(table.stdout.split('\n')[0]).to.match(/^id\s+name\s+prefix\s+site\s+mapping\s+issuer\s+page size/);
    expect(table.stdout).to.contain(`${json.key.slice(0, 8)}…`);
    expect(table.stdout, 'never the key itself').to.not.contain(json.key);

    const updated = await lectern(['bridge-key:update', 'cli.admin', String(json.id), '--mapping', 'username', '--page-size', '7'], env);
    expect(updated.code, updated.stderr).to.equal(0);
    expect(updated.stdout).to.equal(`Updated key ${json.id} (site 1, mapping username, page size 7).\n`);
    expect(await ctx.services.bridgeKeyService.get(admin, json.id)).to.include({ name: 'Moodle CLI', usernameMapping: 'username', pageSize: 7 });
    expect((await request(ctx.app).get('/rest/videos/user_videos/?username=cli.teacher').set(auth).expect(200)).body.count).to.equal(1);

    const revoked = await lectern(['bridge-key:revoke', 'cli.admin', String(json.id)], env);
    expect(revoked.code, revoked.stderr).to.equal(0);
    expect(revoked.stdout).to.equal(`Key ${json.id} revoked.\n`);
    await request(ctx.app).get('/rest/videos/user_videos/?username=cli.teacher').set(auth).expect(401);
    const again = await lectern(['bridge-key:revoke', 'cli.admin', String(json.id)], env);
    expect(again.code).to.equal(1);
    expect(again.stderr).to.contain('(token_not_found)');
  });

  it('prints only the key by default, with the default settings', async () => {
    const created = await lectern(['bridge-key:create', 'cli.admin'], env);
    expect(created.code, created.stderr).to.equal(0);
    expect(created.stdout).to.match(/^[0-9a-f]{40}\n$/);
    const listed = JSON.parse((await lectern(['bridge-key:list', 'cli.admin', '--json'], env)).stdout) as { prefix: string; site_id: number; username_mapping: string; page_size: number }[];
    expect(listed.find((key) => key.prefix === created.stdout.slice(0, 8))).to.include({ site_id: 1, username_mapping: 'username', page_size: 12 });
  });

  it('fails with a clear message and a non-zero code', async () => {
    const before = (await ctx.services.bridgeKeyService.list(admin)).length;
    const notAdmin = await lectern(['bridge-key:create', 'cli.staff'], env);
    expect(notAdmin.code).to.equal(1);
    expect(notAdmin.stderr).to.contain('(admin_only)');
    const invalid = await lectern(['bridge-key:create', 'cli.admin', '--page-size', '0', '--issuer', 'https://moodle.univ.example'], env);
    expect(invalid.code).to.equal(1);
    expect(invalid.stderr).to.equal(
      'lectern: Some settings of this key are not valid. (invalid_bridge_key)\n  page_size: must be a whole number from 1 to 100\n  identity_issuer: an issuer only applies to the lti, saml and cas mappings\n',
    );
    const mapping = await lectern(['bridge-key:create', 'cli.admin', '--mapping', 'ldap'], env);
    expect(mapping.code).to.not.equal(0);
    expect(mapping.stderr).to.contain('username, email, lti, saml, cas');
    const site = await lectern(['bridge-key:create', 'cli.admin', '--site', 'main'], env);
    expect(site.code).to.not.equal(0);
    expect(site.stderr).to.contain('"main" is not a site id');
    const unknown = await lectern(['bridge-key:update', 'cli.admin', '99999', '--name', 'x'], env);
    expect(unknown.code).to.equal(1);
    expect(unknown.stderr).to.contain('(bridge_key_not_found)');
    const badId = await lectern(['bridge-key:revoke', 'cli.admin', 'abc'], env);
    expect(badId.code).to.not.equal(0);
    expect(badId.stderr).to.contain('"abc" is not a key id');
    expect(await ctx.services.bridgeKeyService.list(admin), 'nothing created').to.have.length(before);
  });
});
