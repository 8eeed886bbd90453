import { expect } from 'chai';
import type { User } from '../../server/src/domain/users/user.js';
import { startCasServer, type CasServerDouble } from '../helpers/cas-server/index.js';
import { cliWorld, lectern } from '../helpers/lectern-cli.js';
import type { TestApp } from '../helpers/test-app.js';

interface ServerJson {
  id: number;
  site_id: number;
  name: string;
  base_url: string;
  enabled: boolean;
  service_url: string;
}

const PUBLIC_URL = 'https://video.univ.example';

describe('lectern cas:server:*', function () {
  this.timeout(180_000);
  let ctx: TestApp;
  let env: Record<string, string>;
  let admin: User;
  let cas: CasServerDouble;

  before(async () => {
    ({ ctx, env, admin } = await cliWorld({ PUBLIC_URL }));
    cas = await startCasServer();
  });
  after(async () => {
    await cas?.close();
    await ctx?.close();
  });

  it('adds a server, lists, checks, edits, disables, enables and removes it', async () => {
    const added = await lectern(['cas:server:add', 'cli.admin', '--name', 'CAS CLI', '--url', `${cas.baseUrl}/`, '--json'], env);
    expect(added.code, added.stderr).to.equal(0);
    const json = JSON.parse(added.stdout) as ServerJson;
    expect(json).to.deep.equal({ id: json.id, site_id: admin.siteId, name: 'CAS CLI', base_url: cas.baseUrl, enabled: true, service_url: `${PUBLIC_URL}/sso/cas/${json.id}/callback` });

    const second = await lectern(['cas:server:add', 'cli.admin', '--name', 'Second', '--url', 'https://cas.univ.example/cas'], env);
    expect(second.code, second.stderr).to.equal(0);
    expect(second.stdout).to.match(/^Added CAS server (\d+) \(https:\/\/cas\.univ\.example\/cas\)\. Register this service URL at the CAS server: https:\/\/video\.univ\.example\/sso\/cas\/\1\/callback\n$/);

    const table = await lectern(['cas:server:list', 'cli.admin'], env);
    expect(table.code, table.stderr).to.equal(0);
    expect(table.stdout.split('\n')[0]).to.match(/^id\s+name\s+base url\s+enabled\s+service url$/);
    expect(table.stdout).to.match(new RegExp(`${json.id}\\s+CAS CLI\\s+${cas.baseUrl.replace(/[.]/g, '\\.')}\\s+yes\\s+${PUBLIC_URL.replace(/[.]/g, '\\.')}/sso/cas/${json.id}/callback`));
    const listed = JSON.parse((await lectern(['cas:server:list', 'cli.admin', '--json'], env)).stdout) as ServerJson[];
    expect(listed.map((server) => server.name)).to.deep.equal(['CAS CLI', 'Second']);

    const ok = await lectern(['cas:server:check', 'cli.admin', String(json.id)], env);
    expect(ok.code, ok.stderr).to.equal(0);
    expect(ok.stdout).to.equal(`CAS server ${json.id}: a CAS 3.0 server answers.\n`);

    const edited = await lectern(['cas:server:edit', 'cli.admin', String(json.id), '--name', 'CAS Sciences'], env);
    expect(edited.code, edited.stderr).to.equal(0);
    expect(edited.stdout).to.equal(`Updated CAS server ${json.id} (CAS Sciences, ${cas.baseUrl}).\n`);
    const off = await lectern(['cas:server:disable', 'cli.admin', String(json.id)], env);
    expect(off.stdout).to.equal(`CAS server ${json.id} is disabled.\n`);
    expect(await ctx.services.casServers.listEnabled(admin.siteId)).to.have.length(1);
    const on = await lectern(['cas:server:enable', 'cli.admin', String(json.id), '--json'], env);
    expect((JSON.parse(on.stdout) as ServerJson).enabled).to.equal(true);

    const student = await ctx.services.userService.create({ username: 'cas.student', role: 'student' });
    await ctx.services.userIdentities.record({ userId: student.id, provider: 'cas', issuer: cas.baseUrl, subject: 'student', username: null });
    const removed = await lectern(['cas:server:remove', 'cli.admin', String(json.id)], env);
    expect(removed.code, removed.stderr).to.equal(0);
    expect(removed.stdout).to.equal(`CAS server ${json.id} removed. The 1 accounts that signed in through it are kept, tied to its URL.\n`);
    expect(await ctx.services.userIdentities.userOf('cas', cas.baseUrl, 'student')).to.equal(student.id);
    const again = await lectern(['cas:server:remove', 'cli.admin', String(json.id)], env);
    expect(again.code).to.equal(1);
    expect(again.stderr).to.contain('(cas_server_not_found)');
  });

  it('reports a failed test with exit code 1', async () => {
    const server = await ctx.services.casServerService.add(admin, { name: 'Not CAS', baseUrl: `${cas.origin}/not-cas` });
    const failed = await lectern(['cas:server:check', 'cli.admin', String(server.id)], env);
    expect(failed.code).to.equal(1);
    expect(failed.stdout).to.equal('');
    expect(failed.stderr).to.contain(`CAS server ${server.id}: the test failed (cas_protocol_error).`).and.contain('Something answered at this URL, but not a CAS 3.0 server.');
    const json = await lectern(['cas:server:check', 'cli.admin', String(server.id), '--json'], env);
    expect(json.code).to.equal(1);
    expect(JSON.parse(json.stdout)).to.deep.include({ ok: false, code: 'cas_protocol_error' });
  });

  it('fails with a clear message and a non-zero code', async () => {
    const notAdmin = await lectern(['cas:server:list', 'cli.staff'], env);
    expect(notAdmin.code).to.equal(1);
    expect(notAdmin.stderr).to.contain('(admin_only)');
    const invalid = await lectern(['cas:server:add', 'cli.admin', '--name', '', '--url', 'http://cas.univ.example/cas'], env);
    expect(invalid.code).to.equal(1);
    expect(invalid.stderr).to.contain('(invalid_cas_server)').and.contain('  name: between 1 and 200 characters').and.contain('  base_url: https is required; http is accepted only for a server on this machine');
    const missing = await lectern(['cas:server:add', 'cli.admin', '--name', 'No URL'], env);
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.contain('(invalid_cas_server)').and.contain('  base_url: an http or https URL');
    const existing = await ctx.services.casServerService.add(admin, { name: 'Taken', baseUrl: 'https://cas-taken.univ.example/cas' });
    const twice = await lectern(['cas:server:add', 'cli.admin', '--name', 'Twice', '--url', 'https://cas-taken.univ.example/cas/'], env);
    expect(twice.code).to.equal(1);
    expect(twice.stderr).to.contain('(cas_server_exists)').and.contain('  base_url: already the URL of another CAS server of this site');
    const unknown = await lectern(['cas:server:edit', 'cli.admin', '99999', '--name', 'Nobody'], env);
    expect(unknown.code).to.equal(1);
    expect(unknown.stderr).to.contain('(cas_server_not_found)');
    const badId = await lectern(['cas:server:disable', 'cli.admin', 'abc'], env);
    expect(badId.code).to.equal(1);
    expect(badId.stderr).to.contain('"abc" is not a CAS server id (see cas:server:list).');
    expect(await ctx.services.casServers.findById(existing.id)).to.include({ enabled: true });
  });
});
