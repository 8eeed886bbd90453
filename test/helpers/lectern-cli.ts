import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { User } from '../../server/src/domain/users/user.js';
import { projectRoot } from '../../server/src/infra/project-root.js';
import { buildTestApp, type TestApp } from './test-app.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the `lectern` command (from its TypeScript source) with only `env`, from another folder; `input` is written to its stdin. */
export function lectern(args: readonly string[], env: Record<string, string>, options: { input?: string } = {}): Promise<CliRun> {
  const cli = path.join(projectRoot(), 'server', 'src', 'cli', 'lectern.ts');
  // From another folder (no .env of the project is read): import tsx by its full URL.
  const tsx = pathToFileURL(path.join(projectRoot(), 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['--import', tsx, cli, ...args], { cwd: os.tmpdir(), env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

export interface CliWorld {
  readonly ctx: TestApp;
  /** The command's environment: the test app's database and folder, plus `extraEnv`. */
  readonly env: Record<string, string>;
  /** `cli.admin`, an administrator of site 1; `cli.staff` exists too. */
  readonly admin: User;
}

/** A test app whose database the command runs against, with an administrator and a staff member to act as. */
export async function cliWorld(extraEnv: Record<string, string> = {}): Promise<CliWorld> {
  const ctx = await buildTestApp();
  const env = { DATABASE_URL: ctx.testDatabase.url, LECTERN_VAR_DIR: ctx.varDir, ...extraEnv };
  const admin = await ctx.services.userService.create({ username: 'cli.admin', role: 'admin' });
  await ctx.services.userService.create({ username: 'cli.staff', role: 'staff' });
  return { ctx, env, admin };
}
