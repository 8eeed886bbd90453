import { execFile } from 'node:child_process';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export interface ReadOnlyFolder {
  /** Makes the folder writable again. */
  restore(): Promise<void>;
}

async function writable(folder: string): Promise<boolean> {
  const probe = path.join(folder, `.write-probe-${process.pid}`);
  try {
    await writeFile(probe, 'x');
    await rm(probe, { force: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes `folder` refuse new files, as a full or read-only disk does. chmod is not enough for
 * root (tests here run as root), so the folder is made immutable with chattr; for other users
 * chmod 555 does it. Returns null, with the reason, when neither works on this filesystem.
 */
export async function makeReadOnly(folder: string): Promise<ReadOnlyFolder | { unavailable: string }> {
  await mkdir(folder, { recursive: true });
  if (process.getuid?.() === 0) {
    try {
      await exec('chattr', ['+i', folder]);
    } catch (error) {
      return { unavailable: `chattr +i failed (${(error as Error).message.split('\n')[0]}): cannot make a folder read-only for root here` };
    }
    if (await writable(folder)) {
      await exec('chattr', ['-i', folder]);
      return { unavailable: 'chattr +i did not stop writes on this filesystem' };
    }
    return { restore: async () => void (await exec('chattr', ['-i', folder])) };
  }
  await chmod(folder, 0o555);
  if (await writable(folder)) return { unavailable: 'chmod 555 did not stop writes' };
  return { restore: () => chmod(folder, 0o755) };
}
