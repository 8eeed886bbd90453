import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../../server/src/infra/project-root.js';

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
