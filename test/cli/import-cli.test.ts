import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { readVideo } from '../helpers/encoding.js';
import { lectern } from '../helpers/lectern-cli.js';
import { videoClip } from '../helpers/media.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

describe('lectern import:* and export:*', function () {
  this.timeout(180_000);
  let ctx: TestApp;
  let env: Record<string, string>;
  let dir: string;

  before(async () => {
    ctx = await buildTestApp();
    env = { DATABASE_URL: ctx.testDatabase.url, LECTERN_VAR_DIR: ctx.varDir };
    dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-import-cli-'));
    await ctx.services.userService.create({ username: 'cli.admin', role: 'admin' });
  });
  after(async () => {
    await ctx?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function csvFile(name: string, lines: string[]): Promise<string> {
    const file = path.join(dir, name);
    await writeFile(file, `${lines.join('\n')}\n`);
    return file;
  }

  it('imports users with a default role, prints progress on stderr and a summary, and finds them unchanged the second time', async () => {
    const file = await csvFile('users.csv', ['#username;first name;last name;email', 'cli.one;Un;Premier;un@univ.fr', 'cli.two;Deux;Second;']);
    const run = await lectern(['import:users', file, '--role', 'staff'], env);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.equal('Imported users.csv (users): 2 rows, 2 created, 0 unchanged, 0 rejected.\n');
    expect(run.stderr).to.contain('users: 2/2 rows (2 created, 0 unchanged, 0 rejected)');
    expect(await ctx.services.userService.getByUsername('cli.two')).to.include({ role: 'staff', lastName: 'Second' });
    const again = await lectern(['import:users', file, '--json'], env);
    expect(again.code, again.stderr).to.equal(0);
    expect(JSON.parse(again.stdout)).to.deep.include({ kind: 'users', status: 'succeeded', total: 2, created: 0, unchanged: 2, rejected: 0, problems: [] });
  });

  it('imports nothing from a file with problems, lists them and exits with 1; --skip-invalid imports the good rows', async () => {
    const file = await csvFile('bad-users.csv', ['cli.good,Bon,Utilisateur,', 'cli.bad,Mauvais,Courriel,pas-un-courriel', 'cli.short,Court']);
    const blocked = await lectern(['import:users', file], env);
    expect(blocked.code).to.equal(1);
    expect(blocked.stdout.split('\n')).to.deep.equal([
      'Nothing imported from bad-users.csv (users): 3 rows, 0 created, 0 unchanged, 2 rejected.',
      'line 2, column 4 (email): "pas-un-courriel" is not a valid e-mail address. [invalid_email]',
      'line 3: This row has 2 columns; 4 were expected. [wrong_column_count]',
      '',
    ]);
    expect(blocked.stderr).to.contain('lectern: 2 row(s) have problems: nothing was imported (fix them, or use --skip-invalid). (import_blocked)');
    expect((await ctx.services.userService.list()).map((u) => u.username)).to.not.include('cli.good');

    const skipped = await lectern(['import:users', file, '--skip-invalid'], env);
    expect(skipped.code, skipped.stderr).to.equal(0);
    expect(skipped.stdout.split('\n')[0]).to.equal('Imported bad-users.csv (users): 3 rows, 1 created, 0 unchanged, 2 rejected.');
    expect(await ctx.services.userService.getByUsername('cli.good')).to.include({ role: 'student' });
  });

  it('checks without importing (--check), with a JSON report and an exit code that says whether the import would be blocked', async () => {
    const bad = await csvFile('check.csv', ['cli.checked,A,B,', 'cli checked,A,B,']);
    const check = await lectern(['import:users', bad, '--check', '--json'], env);
    expect(check.code).to.equal(1);
    const report = JSON.parse(check.stdout) as { check: boolean; total: number; creates: number; blocked: boolean; problems: { line: number; column: number; column_name: string; code: string }[] };
    expect(report).to.deep.include({ check: true, total: 2, creates: 1, blocked: true });
    expect(report.problems.map((p) => [p.line, p.column, p.column_name, p.code])).to.deep.equal([[2, 1, 'username', 'invalid_username']]);
    expect((await lectern(['import:users', bad, '--check', '--skip-invalid'], env)).code, 'skipping, the file would import').to.equal(0);
    const good = await csvFile('check-good.csv', ['cli.checked,A,B,']);
    const fine = await lectern(['import:users', good, '--check'], env);
    expect(fine.code, fine.stderr).to.equal(0);
    expect(fine.stdout).to.equal('Checked check-good.csv: 1 rows; 1 to create, 0 unchanged, 0 with problems.\n');
    expect((await ctx.services.userService.list()).map((u) => u.username)).to.not.include('cli.checked');
    const latin1 = path.join(dir, 'latin1.csv');
    await writeFile(latin1, Buffer.concat([Buffer.from('cli.ok,Ok,Ok,\ncli.zoe,Zo'), Buffer.from([0xe9]), Buffer.from(',Durand,\n')]));
    const encoding = await lectern(['import:users', latin1, '--check'], env);
    expect(encoding.code).to.equal(1);
    expect(encoding.stdout).to.contain('line 2: The file is not valid UTF-8 (the first bad byte is on line 2)').and.contain('[bad_encoding]');
  });

  it('refuses a wrong role and a file that does not exist', async () => {
    const file = await csvFile('role.csv', ['cli.role,A,B,']);
    const role = await lectern(['import:users', file, '--role', 'boss'], env);
    expect(role.code).to.equal(1);
    expect(role.stderr).to.contain('(invalid_role)');
    const missing = await lectern(['import:users', path.join(dir, 'nope.csv')], env);
    expect(missing.code).to.not.equal(0);
    expect(missing.stderr).to.contain('nope.csv');
  });

  it('imports videos from another folder (--files-dir), then exports videos and users', async () => {
    await ctx.services.userService.create({ username: 'cli.prof', role: 'staff' });
    const files = path.join(dir, 'media');
    await mkdir(files);
    await copyFile(await videoClip(), path.join(files, 'clip.mp4'));
    const file = await csvFile('videos.csv', ['cli.prof;;Cours en ligne de commande;;yes;no;clip.mp4']);
    const run = await lectern(['import:videos', file, '--files-dir', files, '--json'], env);
    expect(run.code, run.stderr).to.equal(0);
    const report = JSON.parse(run.stdout) as { status: string; created: number; video_ids: number[] };
    expect(report).to.include({ status: 'succeeded', created: 1 });
    const video = (await readVideo(ctx, report.video_ids[0]!))!;
    expect(video).to.include({ title: 'Cours en ligne de commande', allowDownloading: true, isDraft: false, status: 'queued' });
    const missing = await lectern(['import:videos', file], env);
    expect(missing.code, 'the default import folder has no clip.mp4').to.equal(1);
    expect(missing.stdout).to.contain('line 1, column 7 (file path): No file "clip.mp4" in the import folder. [file_missing]');

    const exported = await lectern(['export:videos'], env);
    expect(exported.code, exported.stderr).to.equal(0);
    expect(exported.stdout.split('\r\n')[0]).to.match(/^#username;type;title;description;allow downloading;draft;file path;tags;/);
    expect(exported.stdout).to.contain(`cli.prof;Other;Cours en ligne de commande;;true;false;${video.source!.key};`);
    const output = path.join(dir, 'users-export.csv');
    const users = await lectern(['export:users', '--output', output], env);
    expect(users.code, users.stderr).to.equal(0);
    const count = (await ctx.services.userService.list()).length;
    expect(users.stdout).to.equal(`Exported ${count} users to ${output}.\n`);
    const text = await readFile(output, 'utf8');
    expect(text.split('\r\n')[0]).to.equal('#username;first name;last name;email;role;affiliation');
    expect(text).to.contain('\r\ncli.prof;;;;staff;member\r\n');
  });
});
