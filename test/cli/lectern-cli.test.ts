import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import request from 'supertest';
import { startEmbeddedPostgres } from '../../server/src/infra/embedded-postgres.js';
import { createLogger } from '../../server/src/infra/logger.js';
import { projectRoot } from '../../server/src/infra/project-root.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function lectern(args: string[], env: Record<string, string>): Promise<Run> {
  const cli = path.join(projectRoot(), 'server', 'src', 'cli', 'lectern.ts');
  return new Promise((resolve) => {
    // From another folder (no .env of the project is read): import tsx by its full URL.
    const tsx = pathToFileURL(path.join(projectRoot(), 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
    execFile(process.execPath, ['--import', tsx, cli, ...args], { cwd: os.tmpdir(), env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('lectern CLI', function () {
  this.timeout(120_000);

  describe('with an external database (DATABASE_URL)', () => {
    let ctx: TestApp;
    let env: Record<string, string>;
    before(async () => {
      ctx = await buildTestApp();
      env = { DATABASE_URL: ctx.testDatabase.url, LECTERN_VAR_DIR: ctx.varDir };
      await ctx.services.userService.create({ username: 'prof.lemaire', role: 'staff', password: 'prof-lemaire-password' });
    });
    after(async () => {
      await ctx.close();
    });

    it('creates a staff user who can log in, and prints a generated password once', async () => {
      const created = await lectern(['user:create', 'prof.nouveau', '--staff', '--email', 'nouveau@univ.fr', '--json'], env);
      expect(created.code, created.stderr).to.equal(0);
      const json = JSON.parse(created.stdout) as { username: string; role: string; password: string };
      expect(json).to.include({ username: 'prof.nouveau', role: 'staff' });
      expect(json.password).to.match(/^\w{20}$/);
      expect(await ctx.services.userService.authenticate(1, 'prof.nouveau', json.password)).to.include({ email: 'nouveau@univ.fr' });
    });

    it('creates an administrator with the given password', async () => {
      const created = await lectern(['user:create', 'root.admin', '--admin', '--password', 'a-very-long-password'], env);
      expect(created.code, created.stderr).to.equal(0);
      expect(created.stdout).to.equal('Created admin "root.admin" (id ' + (await ctx.services.userService.getByUsername('root.admin')).id + ').\n');
    });

    it('lists users', async () => {
      const listed = await lectern(['user:list', '--json'], env);
      expect(listed.code).to.equal(0);
      expect((JSON.parse(listed.stdout) as { username: string }[]).map((u) => u.username)).to.include('prof.lemaire');
      const table = await lectern(['user:list'], env);
      expect(table.stdout.split('\n')[0]).to.match(/^id\s+username\s+role/);
    });

    it('creates a token that the API accepts, and revokes it', async () => {
      const created = await lectern(['token:create', 'prof.lemaire', '--name', 'moodle'], env);
      expect(created.code, created.stderr).to.equal(0);
      const key = created.stdout.trim();
      expect(key).to.match(/^[0-9a-f]{40}$/);
      await request(ctx.app).get('/api/v1/me').set('Authorization', `Token ${key}`).expect(200);
      const token = (await ctx.services.tokenService.list((await ctx.services.userService.getByUsername('prof.lemaire')).id)).find((t) => t.name === 'moodle')!;
      const listed = await lectern(['token:list', 'prof.lemaire'], env);
      expect(listed.stdout).to.include(`${key.slice(0, 8)}…`).and.not.include(key);
      const revoked = await lectern(['token:revoke', 'prof.lemaire', String(token.id)], env);
      expect(revoked.code, revoked.stderr).to.equal(0);
      await request(ctx.app).get('/api/v1/me').set('Authorization', `Token ${key}`).expect(401);
    });

    it('fails with a clear message and a non-zero code', async () => {
      const duplicate = await lectern(['user:create', 'prof.lemaire'], env);
      expect(duplicate.code).to.equal(1);
      expect(duplicate.stderr).to.equal('lectern: The username "prof.lemaire" is already taken. (username_taken)\n');
      const badName = await lectern(['user:create', 'bad name!'], env);
      expect(badName.code).to.equal(1);
      expect(badName.stderr).to.include('(invalid_username)');
      const shortPassword = await lectern(['user:create', 'shorty', '--password', 'short'], env);
      expect(shortPassword.stderr).to.include('(password_too_short)');
      const unknown = await lectern(['token:create', 'nobody'], env);
      expect(unknown.stderr).to.include('(user_not_found)');
      const badId = await lectern(['token:revoke', 'prof.lemaire', 'abc'], env);
      expect(badId.code).to.not.equal(0);
      const badConfig = await lectern(['user:list'], { ...env, PORT: 'eighty', DATABASE_URL: 'mysql://nope' });
      expect(badConfig.code).to.equal(1);
      expect(badConfig.stderr).to.include('PORT:').and.include('DATABASE_URL:');
      const unknownCommand = await lectern(['user:destroy'], env);
      expect(unknownCommand.code).to.not.equal(0);
    });

    it("sets a user's own quota, which the upload check uses", async () => {
      const set = await lectern(['user:quota', 'prof.lemaire', '50MiB'], env);
      expect(set.code, set.stderr).to.equal(0);
      expect(set.stdout).to.equal('Quota of "prof.lemaire": 50 MiB.\n');
      const user = await ctx.services.userService.getByUsername('prof.lemaire');
      expect((await ctx.services.uploadService.storageOf(user)).quota).to.equal(50 * 1024 * 1024);
      expect((await lectern(['user:quota', 'prof.lemaire', 'default'], env)).stdout).to.equal('"prof.lemaire" now has the default quota.\n');
      expect((await ctx.services.uploadService.storageOf(await ctx.services.userService.getByUsername('prof.lemaire'))).quota).to.equal(100 * 1024 ** 3);
      const bad = await lectern(['user:quota', 'prof.lemaire', 'lots'], env);
      expect(bad.code).to.equal(2);
      expect(bad.stderr).to.include('"lots" is not a size');
    });

    it('manages access groups and their members, refusing unknown users as a whole', async () => {
      const created = await lectern(['group:create', 'L3-CHIMIE', '--name', 'Licence 3 chimie'], env);
      expect(created.code, created.stderr).to.equal(0);
      expect(created.stdout).to.match(/^Created access group "L3-CHIMIE" \(id \d+\)\.\n$/);
      expect((await lectern(['group:create', 'l3-chimie'], env)).code, 'duplicate code (case-insensitive)').to.not.equal(0);
      const added = await lectern(['group:add', 'L3-CHIMIE', 'prof.lemaire'], env);
      expect(added.code, added.stderr).to.equal(0);
      const refused = await lectern(['group:add', 'L3-CHIMIE', 'prof.lemaire,ghost.user'], env);
      expect(refused.code).to.not.equal(0);
      expect(refused.stderr).to.contain('ghost.user');
      const listed = JSON.parse((await lectern(['group:list', '--json'], env)).stdout) as { code_name: string; members: number }[];
      expect(listed.find((g) => g.code_name === 'L3-CHIMIE')?.members).to.equal(1);
      expect((await lectern(['group:members', 'L3-CHIMIE'], env)).stdout).to.contain('prof.lemaire');
      expect((await lectern(['group:remove', 'L3-CHIMIE', 'prof.lemaire'], env)).code).to.equal(0);
      expect((await lectern(['group:delete', 'L3-CHIMIE'], env)).code).to.equal(0);
      const gone = await lectern(['group:members', 'L3-CHIMIE'], env);
      expect(gone.code).to.not.equal(0);
      expect(gone.stderr).to.contain('No access group "L3-CHIMIE"');
    });

    it('migrates, saying when there is nothing to do', async () => {
      const result = await lectern(['migrate'], env);
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout).to.match(/^Schema is up to date \(version \d+\)\.\n$/);
    });
  });

  describe('with the embedded database', () => {
    let varDir: string;
    let env: Record<string, string>;
    before(async () => {
      varDir = await mkdtemp(path.join(os.tmpdir(), 'lectern-cli-'));
      // mkdtemp makes a 0700 folder: the unprivileged PostgreSQL user must be able to enter it.
      await chmod(varDir, 0o755);
      env = { LECTERN_VAR_DIR: varDir, EMBEDDED_PG_PORT: String(await freePort()) };
    });
    after(async () => {
      await rm(varDir, { recursive: true, force: true });
    });

    it('starts the cluster for the command when the server is not running, and stops it after', async () => {
      const result = await lectern(['user:create', 'first', '--staff', '--password', 'first-password-ok'], env);
      expect(result.code, result.stderr).to.equal(0);
      expect(existsSync(path.join(varDir, 'postgres', 'PG_VERSION'))).to.equal(true);
      expect(existsSync(path.join(varDir, 'postgres', 'postmaster.pid'))).to.equal(false);
    });

    it('joins the cluster the running server holds, and leaves it running', async () => {
      const running = await startEmbeddedPostgres({ dataDir: path.join(varDir, 'postgres'), secretsDir: path.join(varDir, 'secrets'), port: Number(env.EMBEDDED_PG_PORT), logger: createLogger({ level: 'silent' }) });
      try {
        const result = await lectern(['user:list', '--json'], env);
        expect(result.code, result.stderr).to.equal(0);
        expect((JSON.parse(result.stdout) as { username: string }[]).map((u) => u.username)).to.deep.equal(['first']);
        expect(existsSync(path.join(varDir, 'postgres', 'postmaster.pid'))).to.equal(true);
      } finally {
        await running.stop();
      }
    });
  });
});
