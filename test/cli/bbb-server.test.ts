import { expect } from 'chai';
import type { User } from '../../server/src/domain/users/user.js';
import { startBbbServer } from '../helpers/bbb-server/index.js';
import { cliWorld, lectern } from '../helpers/lectern-cli.js';
import type { TestApp } from '../helpers/test-app.js';

type Double = Awaited<ReturnType<typeof startBbbServer>>;

interface ServerJson {
  id: number;
  site_id: number;
  name: string;
  api_url: string;
  checksum_algorithm: string;
  is_default: boolean;
  is_active: boolean;
}

describe('lectern bbb:server:* and bbb:auto-import', function () {
  this.timeout(180_000);
  let ctx: TestApp;
  let env: Record<string, string>;
  let admin: User;
  let bbb: Double;

  before(async () => {
    ({ ctx, env, admin } = await cliWorld({ BBB_RETRIES: '0' }));
    bbb = await startBbbServer();
  });
  after(async () => {
    await bbb?.close();
    await ctx?.close();
  });

  it('adds a server with the secret from stdin, lists, checks, updates, switches and removes it', async () => {
    const added = await lectern(['bbb:server:add', 'cli.admin', '--name', 'BBB CLI', '--url', bbb.origin, '--secret-stdin', '--json'], env, { input: `${bbb.secret}\n` });
    expect(added.code, added.stderr).to.equal(0);
    const json = JSON.parse(added.stdout) as ServerJson;
    expect(json).to.include({ name: 'BBB CLI', api_url: bbb.apiUrl, checksum_algorithm: 'sha256', is_default: true, is_active: true, site_id: admin.siteId });
    expect(added.stdout).to.not.contain(bbb.secret);
    expect((await ctx.services.bbbServers.findById(json.id))!.secret).to.equal(bbb.secret);

    const table = await lectern(['bbb:server:list', 'cli.admin'], env);
    expect(table.code, table.stderr).to.equal(0);
    expect(table.stdout.split('\n')[0]).to.match(/^id\s+name\s+api url\s+checksum\s+default\s+active$/);
    expect(table.stdout).to.match(new RegExp(`${json.id}\\s+BBB CLI\\s+${bbb.apiUrl.replace(/[.]/g, '\\.')}\\s+sha256\\s+yes\\s+yes`));
    const listed = JSON.parse((await lectern(['bbb:server:list', 'cli.admin', '--json'], env)).stdout) as ServerJson[];
    expect(listed.map((server) => server.id)).to.deep.equal([json.id]);

    const ok = await lectern(['bbb:server:check', 'cli.admin', String(json.id)], env);
    expect(ok.code, ok.stderr).to.equal(0);
    expect(ok.stdout).to.equal(`Server ${json.id}: the connection works.\n`);

    const updated = await lectern(['bbb:server:update', 'cli.admin', String(json.id), '--name', 'BBB Sciences', '--algorithm', 'sha512'], env);
    expect(updated.code, updated.stderr).to.equal(0);
    expect(updated.stdout).to.equal(`Updated server ${json.id} (${bbb.apiUrl}, sha512, default).\n`);
    expect(await ctx.services.bbbServers.findById(json.id)).to.include({ name: 'BBB Sciences', checksumAlgorithm: 'sha512', secret: bbb.secret });

    const second = JSON.parse((await lectern(['bbb:server:add', 'cli.admin', '--name', 'Second', '--url', bbb.apiUrl, '--secret', bbb.secret, '--algorithm', 'sha1', '--json'], env)).stdout) as ServerJson;
    expect(second).to.include({ is_default: false, checksum_algorithm: 'sha1' });
    const made = await lectern(['bbb:server:default', 'cli.admin', String(second.id)], env);
    expect(made.stdout).to.equal(`Server ${second.id} is now the default server.\n`);
    expect(await ctx.services.bbbServers.findDefault(admin.siteId)).to.include({ id: second.id });
    const off = await lectern(['bbb:server:deactivate', 'cli.admin', String(json.id)], env);
    expect(off.stdout).to.equal(`Server ${json.id} is inactive.\n`);
    const on = await lectern(['bbb:server:activate', 'cli.admin', String(json.id), '--json'], env);
    expect((JSON.parse(on.stdout) as ServerJson).is_active).to.equal(true);

    const removed = await lectern(['bbb:server:remove', 'cli.admin', String(json.id)], env);
    expect(removed.code, removed.stderr).to.equal(0);
    expect(removed.stdout).to.equal(`Server ${json.id} removed.\n`);
    const again = await lectern(['bbb:server:remove', 'cli.admin', String(json.id)], env);
    expect(again.code).to.equal(1);
    expect(again.stderr).to.contain('(bbb_server_not_found)');
  });

  it('replaces the secret from stdin, and reports a failed connection test with exit code 1', async () => {
    const server = await ctx.services.bbbServerService.add(admin, { name: 'Check me', apiUrl: bbb.apiUrl, secret: 'not-the-secret', checksumAlgorithm: 'sha256' });
    const failed = await lectern(['bbb:server:check', 'cli.admin', String(server.id)], env);
    expect(failed.code).to.equal(1);
    expect(failed.stdout).to.equal('');
    expect(failed.stderr).to.contain(`server ${server.id}: the connection does not work (bbb_checksumError)`).and.contain('the secret is wrong, or the server does not accept this checksum algorithm');
    const json = await lectern(['bbb:server:check', 'cli.admin', String(server.id), '--json'], env);
    expect(json.code).to.equal(1);
    expect(JSON.parse(json.stdout)).to.deep.include({ ok: false, code: 'bbb_checksumError' });

    const replaced = await lectern(['bbb:server:update', 'cli.admin', String(server.id), '--secret-stdin'], env, { input: bbb.secret });
    expect(replaced.code, replaced.stderr).to.equal(0);
    expect((await ctx.services.bbbServers.findById(server.id))!.secret).to.equal(bbb.secret);
    expect(JSON.parse((await lectern(['bbb:server:check', 'cli.admin', String(server.id), '--json'], env)).stdout)).to.deep.equal({ ok: true });
  });

  it('sets and prints the automatic import of recordings', async () => {
    const on = await lectern(['bbb:auto-import', 'cli.admin', 'on'], env);
    expect(on.code, on.stderr).to.equal(0);
    expect(on.stdout).to.equal('Automatic import of recordings: on.\n');
    expect(await ctx.services.bbbServers.siteAutoImport(admin.siteId)).to.equal(true);
    expect(JSON.parse((await lectern(['bbb:auto-import', 'cli.admin', '--json'], env)).stdout)).to.deep.equal({ auto_import: true });
    expect(JSON.parse((await lectern(['bbb:auto-import', 'cli.admin', 'off', '--json', '--site', String(admin.siteId)], env)).stdout)).to.deep.equal({ auto_import: false });
    const bad = await lectern(['bbb:auto-import', 'cli.admin', 'maybe'], env);
    expect(bad.code).to.equal(1);
    expect(bad.stderr).to.contain("command-argument value 'maybe' is invalid for argument 'state'. Allowed choices are on, off.");
  });

  it('fails with a clear message and a non-zero code', async () => {
    const notAdmin = await lectern(['bbb:server:list', 'cli.staff'], env);
    expect(notAdmin.code).to.equal(1);
    expect(notAdmin.stderr).to.contain('(admin_only)');
    const invalid = await lectern(['bbb:server:add', 'cli.admin', '--name', 'Bad', '--url', 'http://bbb.univ.example', '--secret', 'short'], env);
    expect(invalid.code).to.equal(1);
    expect(invalid.stderr).to.contain('(invalid_bbb_server)').and.contain('  api_url: https is required; http is accepted only for a server on this machine').and.contain('  secret: 8 to 512 characters without spaces');
    const noSecret = await lectern(['bbb:server:add', 'cli.admin', '--name', 'No secret', '--url', 'https://bbb.univ.example', '--secret-stdin'], env, { input: '' });
    expect(noSecret.code).to.equal(1);
    expect(noSecret.stderr).to.contain('  secret: the shared secret is required');
    const both = await lectern(['bbb:server:add', 'cli.admin', '--name', 'Both', '--url', 'https://bbb.univ.example', '--secret', 'a-secret-1', '--secret-stdin'], env, { input: 'a-secret-2' });
    expect(both.code).to.not.equal(0);
    expect(both.stderr).to.contain('Give the secret with --secret or --secret-stdin, not both.');
    const twice = await lectern(['bbb:server:add', 'cli.admin', '--name', 'check ME', '--url', 'https://bbb.univ.example', '--secret', 'a-secret-1'], env);
    expect(twice.code).to.equal(1);
    expect(twice.stderr).to.contain('(bbb_server_exists)');
    const badAlgorithm = await lectern(['bbb:server:add', 'cli.admin', '--name', 'Md5', '--url', 'https://bbb.univ.example', '--secret', 'a-secret-1', '--algorithm', 'md5'], env);
    expect(badAlgorithm.code).to.equal(1);
    expect(badAlgorithm.stderr).to.contain("option '--algorithm <name>' argument 'md5' is invalid");
    const badId = await lectern(['bbb:server:check', 'cli.admin', 'first'], env);
    expect(badId.code).to.equal(1);
    expect(badId.stderr).to.contain('"first" is not a server id');
    const otherSite = await lectern(['bbb:server:list', 'cli.admin', '--site', '424242'], env);
    expect(otherSite.code).to.equal(1);
    expect(otherSite.stderr).to.contain('(site_not_found)');
    const help = await lectern(['bbb:server:add', '--help'], env);
    expect(help.stdout).to.contain('--secret-stdin').and.contain('keeps it out of the shell history').and.contain('bbb-conf --secret');
  });
});
