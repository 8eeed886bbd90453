import { expect } from 'chai';
import type { User } from '../../server/src/domain/users/user.js';
import { createImportRunRepository } from '../../server/src/infra/repositories/import-run-repository.js';
import { createUser } from '../helpers/factories.js';
import { usersRequest, waitForRun } from '../helpers/imports.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

describe('bulk import of users (CSV)', function () {
  this.timeout(120_000);
  let ctx: TestApp;
  let admin: User;

  before(async () => {
    ctx = await buildTestApp();
    admin = (await createUser(ctx, { role: 'admin', username: 'admin.users' })).user;
  });
  after(async () => ctx?.close());

  const usernames = async () => (await ctx.services.userService.list()).map((user) => user.username);

  it('imports users with the default role, the role and affiliation columns, and records the run', async () => {
    const run = await ctx.services.importService.run(
      admin,
      usersRequest(['#username;first name;last name;email;role;affiliation', 'jdupont;Jean;Dupont;jean.dupont@univ.fr;;faculty', 'mmartin;Marie;Martin;;staff;'], { defaultRole: 'staff' }),
    );
    expect(run).to.include({ kind: 'users', status: 'succeeded', total: 2, processed: 2, created: 2, unchanged: 0, rejected: 0, filename: 'users.csv', requestedBy: admin.id, errorMessage: null });
    expect(run.problems).to.deep.equal([]);
    expect(run.finishedAt).to.be.instanceOf(Date);
    const jean = await ctx.services.userService.getByUsername('jdupont');
    expect(jean).to.include({ firstName: 'Jean', lastName: 'Dupont', email: 'jean.dupont@univ.fr', role: 'staff', affiliation: 'faculty', authType: 'local' });
    expect(await ctx.services.userService.getByUsername('mmartin')).to.include({ role: 'staff', affiliation: 'member' });
    expect((await ctx.services.importService.listRecent(admin)).map((summary) => summary.id)).to.include(run.id);
  });

  it('creates nothing twice: existing usernames (any case) are unchanged, never updated', async () => {
    const again = await ctx.services.importService.run(admin, usersRequest(['JDUPONT,Jean-Changed,Dupont,changed@univ.fr', 'nnew,Nina,New,']));
    expect(again).to.include({ status: 'succeeded', total: 2, created: 1, unchanged: 1, rejected: 0 });
    expect(await ctx.services.userService.getByUsername('jdupont')).to.include({ firstName: 'Jean', email: 'jean.dupont@univ.fr' });
    expect(await ctx.services.userService.getByUsername('nnew')).to.include({ role: 'student' });
  });

  it('writes nothing when a row is wrong, and reports every problem with its line and column', async () => {
    const before = await usernames();
    const run = await ctx.services.importService.run(
      admin,
      usersRequest(['good1,Good,One,good1@univ.fr', 'good2,Good,Two', 'bad user,Bad,User,bad@univ.fr', 'good1,Again,One,', 'good3,Good,Three,not-mail']),
    );
    expect(run).to.include({ status: 'failed', errorMessage: null, total: 5, processed: 0, created: 0, unchanged: 0, rejected: 4 });
    expect(run.problems.map((p) => [p.line, p.column, p.columnName, p.code])).to.deep.equal([
      [2, null, null, 'wrong_column_count'],
      [3, 1, 'username', 'invalid_username'],
      [4, 1, 'username', 'duplicate_username'],
      [5, 4, 'email', 'invalid_email'],
    ]);
    expect(await usernames()).to.deep.equal(before);
  });

  it('imports the good rows and rejects the bad ones when asked to skip them', async () => {
    const run = await ctx.services.importService.run(admin, usersRequest(['skip1,A,B,', 'skip 2,A,B,', 'skip3,A,B,'], { skipInvalid: true }));
    expect(run).to.include({ status: 'succeeded', total: 3, processed: 3, created: 2, unchanged: 0, rejected: 1, skipInvalid: true });
    expect(run.problems.map((p) => [p.line, p.code])).to.deep.equal([[2, 'invalid_username']]);
    expect(await usernames()).to.include.members(['skip1', 'skip3']).and.not.include('skip 2');
  });

  it('refuses a latin-1 file with the line of the first bad byte, even when skipping bad rows', async () => {
    const latin1 = Buffer.concat([Buffer.from('hdurand,H'), Buffer.from([0xe9]), Buffer.from('l'), Buffer.from([0xe8]), Buffer.from('ne,Durand,\n')]);
    const text = Buffer.concat([Buffer.from('okuser,Ok,User,\n'), latin1]);
    const run = await ctx.services.importService.run(admin, { ...usersRequest([]), bytes: text, skipInvalid: true });
    expect(run).to.include({ status: 'failed', created: 0 });
    expect(run.problems.map((p) => [p.line, p.column, p.code])).to.deep.equal([[2, null, 'bad_encoding']]);
    expect(run.problems[0]!.message).to.contain('UTF-8');
    expect(await usernames()).to.not.include('okuser');
  });

  it('checks a file without writing anything', async () => {
    const check = await ctx.services.importService.check(admin, usersRequest(['checked1,A,B,', 'jdupont,A,B,', 'x y,A,B,']));
    expect(check).to.deep.include({ total: 3, creates: 1, unchanged: 1, invalidRows: 1, blocked: true });
    expect(check.problems.map((p) => p.code)).to.deep.equal(['invalid_username']);
    expect((await ctx.services.importService.check(admin, usersRequest(['x y,A,B,'], { skipInvalid: true }))).blocked).to.equal(false);
    expect(await usernames()).to.not.include('checked1');
  });

  it('imports a 10,000-row file in batches, then finds every user unchanged', async () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => `bulk${String(i).padStart(5, '0')};Prénom ${i};Nom;bulk${i}@univ.fr`);
    const run = await ctx.services.importService.run(admin, usersRequest(lines));
    expect(run).to.include({ status: 'succeeded', total: 10_000, processed: 10_000, created: 10_000, rejected: 0 });
    const bulk = (await usernames()).filter((name) => name.startsWith('bulk'));
    expect(bulk).to.have.length(10_000);
    expect(await ctx.services.userService.getByUsername('bulk09999')).to.include({ firstName: 'Prénom 9999', email: 'bulk9999@univ.fr' });
    const again = await ctx.services.importService.run(admin, usersRequest(lines));
    expect(again).to.include({ status: 'succeeded', created: 0, unchanged: 10_000 });
  });

  it('runs in the background, and marks runs left running by a stopped process interrupted', async () => {
    const started = await ctx.services.importService.start(admin, usersRequest(['background1,B,G,']));
    expect(started.status).to.equal('running');
    const finished = await waitForRun(ctx, admin, started.id);
    expect(finished).to.include({ status: 'succeeded', created: 1 });
    const runs = createImportRunRepository(ctx.database.db);
    const stale = await runs.insert({ id: '6f1c9a52-0000-4000-8000-000000000001', siteId: 1, kind: 'users', requestedBy: admin.id, filename: 'stale.csv', skipInvalid: false });
    const alive = await runs.insert({ id: '6f1c9a52-0000-4000-8000-000000000002', siteId: 1, kind: 'users', requestedBy: admin.id, filename: 'alive.csv', skipInvalid: false });
    await runs.beat(alive.id);
    // The stale run's process stopped beating two minutes ago; the other one (another process's) beats.
    await ctx.database.db.updateTable('import_runs').set({ heartbeat_at: new Date(Date.now() - 120_000) }).where('id', '=', stale.id).execute();
    expect(await ctx.services.importService.interruptStale()).to.equal(1);
    expect((await ctx.services.importService.get(admin, stale.id)).status).to.equal('interrupted');
    expect((await ctx.services.importService.get(admin, alive.id)).status, 'a run another process is still beating goes on').to.equal('running');
    await ctx.database.db.updateTable('import_runs').set({ heartbeat_at: new Date(Date.now() - 120_000) }).where('id', '=', alive.id).execute();
    expect((await ctx.services.importService.listRecent(admin)).find((run) => run.id === alive.id)?.status, 'listing runs marks silent ones').to.equal('interrupted');
    expect((await ctx.services.importService.get(admin, finished.id)).status, 'finished runs stay as they are').to.equal('succeeded');
  });

  it('is for administrators only', async () => {
    const staff = (await createUser(ctx, { role: 'staff' })).user;
    for (const attempt of [
      () => ctx.services.importService.run(staff, usersRequest(['x1,A,B,'])),
      () => ctx.services.importService.check(staff, usersRequest(['x1,A,B,'])),
      () => ctx.services.importService.listRecent(staff),
      () => ctx.services.exportService.usersCsv(staff),
    ]) {
      const error = await attempt().then(() => null, (caught: unknown) => caught);
      expect(error).to.have.property('code', 'admin_only');
    }
    const missing = await ctx.services.importService.get(admin, 'not-a-uuid').then(() => null, (caught: unknown) => caught);
    expect(missing).to.have.property('code', 'import_not_found');
  });
});
