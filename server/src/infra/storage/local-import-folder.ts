import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ImportFileCheck, ImportFolder } from '../../domain/imports/import-folder.js';
import { safeFilename } from '../../domain/uploads/upload-filename.js';
import { fsyncFile } from './durable-files.js';

/** Errors that mean "no such file here" for a path someone wrote (a missing folder, a file used as a folder, a link loop). */
const NOT_THERE = new Set(['ENOENT', 'ENOTDIR', 'ELOOP', 'ENAMETOOLONG']);

const isInside = (root: string, target: string): boolean => {
  const relative = path.relative(root, target);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
};

async function realPathOrNull(target: string): Promise<string | null> {
  try {
    return await fs.realpath(target);
  } catch (error) {
    if (NOT_THERE.has((error as NodeJS.ErrnoException).code ?? '')) return null;
    throw error;
  }
}

/**
 * The import folder on the local filesystem. A path is resolved inside `root` (relative, or
 * absolute within it), then with its symbolic links followed, and must still be inside the
 * root's real path: `..`, other absolute paths and links leading out are refused. Checked
 * files are copied into `stagingDir` (on the media folder's filesystem, so that storing the
 * copy is a rename); the originals are never changed.
 */
export function createLocalImportFolder(root: string, stagingDir: string): ImportFolder {
  const resolvedRoot = path.resolve(root);

  return {
    root: resolvedRoot,

    async check(pathInCsv): Promise<ImportFileCheck> {
      const candidate = path.resolve(resolvedRoot, pathInCsv.trim());
      if (!isInside(resolvedRoot, candidate)) return { kind: 'outside' };
      const [realRoot, real] = await Promise.all([realPathOrNull(resolvedRoot), realPathOrNull(candidate)]);
      if (realRoot === null || real === null) return { kind: 'missing' };
      if (!isInside(realRoot, real)) return { kind: 'outside' };
      const stat = await fs.stat(real);
      if (!stat.isFile()) return { kind: 'not_a_file' };
      return { kind: 'ok', absolutePath: real, filename: safeFilename(path.basename(candidate)) };
    },

    async stage(absolutePath) {
      await fs.mkdir(stagingDir, { recursive: true });
      const target = path.join(stagingDir, `import-${randomBytes(12).toString('hex')}`);
      try {
        // A reflink where the filesystem has them (instant), else a plain copy.
        await fs.copyFile(absolutePath, target, constants.COPYFILE_FICLONE);
        await fsyncFile(target);
      } catch (error) {
        await fs.rm(target, { force: true });
        if (NOT_THERE.has((error as NodeJS.ErrnoException).code ?? '')) return null;
        throw error;
      }
      return target;
    },

    async discard(stagedPath) {
      await fs.rm(stagedPath, { force: true });
    },
  };
}
