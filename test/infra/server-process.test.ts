import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { freePort, startNodeProcess, waitForText, type Running } from '../helpers/processes.js';

/** The real web process (server/src/main.ts): first run, restart, clean stop, bad configuration. */

function startServer(env: Record<string, string>): Running {
  return startNodeProcess('server/src/main.ts', env);
}

describe('the web process', function () {
  this.timeout(120_000);
  let varDir: string;
  let env: Record<string, string>;

  before(async () => {
    varDir = await mkdtemp(path.join(os.tmpdir(), 'lectern-process-'));
    await chmod(varDir, 0o755);
    const port = await freePort();
    env = { PORT: String(port), HOST: '127.0.0.1', EMBEDDED_PG_PORT: String(await freePort()), LECTERN_VAR_DIR: varDir, PUBLIC_URL: `http://127.0.0.1:${port}` };
  });
  after(async () => {
    await rm(varDir, { recursive: true, force: true });
  });

  it('first run: creates the embedded database and an admin, prints the URL and the password once, stops cleanly', async () => {
    const server = startServer(env);
    await waitForText(server, 'This password is shown only once');
    expect(server.output()).to.include(`Lectern is running at ${env.PUBLIC_URL}`);
    const password = /password: (\S+)/.exec(server.output())![1]!;
    expect(password).to.have.length(20);
    const ready = await fetch(`${env.PUBLIC_URL}/readyz`);
    expect(ready.status).to.equal(200);
    // The printed password logs in.
    const loginPage = await fetch(`${env.PUBLIC_URL}/login`);
    const cookie = loginPage.headers.get('set-cookie')!.split(';')[0]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await loginPage.text())![1]!;
    const login = await fetch(`${env.PUBLIC_URL}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, username: 'admin', password }).toString(),
    });
    expect(login.status).to.equal(303);
    expect(login.headers.get('location')).to.equal('/my/videos');

    server.child.kill('SIGTERM');
    expect(await server.exited).to.equal(0);
    expect(existsSync(path.join(varDir, 'postgres', 'postmaster.pid'))).to.equal(false);
  });

  it('second run: keeps the data, creates no admin, tells where to log in; stops on SIGINT', async () => {
    const server = startServer(env);
    await waitForText(server, 'Log in at');
    expect(server.output()).to.not.include('password:');
    server.child.kill('SIGINT');
    expect(await server.exited).to.equal(0);
    expect(existsSync(path.join(varDir, 'postgres', 'postmaster.pid'))).to.equal(false);
  });

  it('refuses to start with an invalid configuration, listing every problem', async () => {
    const server = startServer({ ...env, PORT: '99999', UPLOAD_MAX_SIZE: 'big', PUBLIC_URL: 'nowhere' });
    expect(await server.exited).to.equal(1);
    expect(server.output()).to.include('Invalid configuration').and.include('PORT:').and.include('UPLOAD_MAX_SIZE:').and.include('PUBLIC_URL:');
  });
});
