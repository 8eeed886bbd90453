import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { videoFolderKey, type MediaStorage } from '../../domain/media/media-storage.js';
import { fsyncFile, fsyncFolder } from './durable-files.js';

/** MediaStorage on the local filesystem (or a shared mount), rooted at ./var/media. */
export function createLocalMediaStorage(root: string): MediaStorage {
  const resolved = path.resolve(root);

  function pathOf(key: string): string {
    const full = path.resolve(resolved, key);
    if (!full.startsWith(resolved + path.sep)) throw new Error(`Storage key escapes the media folder: ${key}`);
    return full;
  }

  async function moveFile(from: string, to: string): Promise<void> {
    try {
      await fs.rename(from, to);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      // Another filesystem (uploads on local disk, media on a shared mount): copy, then remove.
      const partial = `${to}.partial`;
      await pipeline(createReadStream(from, { highWaterMark: 1 << 20 }), createWriteStream(partial));
      await fsyncFile(partial);
      await fs.rename(partial, to);
      await fs.unlink(from);
    }
  }

  return {
    async importFile(localPath, key) {
      const target = pathOf(key);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await moveFile(localPath, target);
      await fsyncFolder(path.dirname(target));
      return (await fs.stat(target)).size;
    },
    async writeFile(key, data) {
      const target = pathOf(key);
      await fs.mkdir(path.dirname(target), { recursive: true });
      const partial = `${target}.${randomBytes(6).toString('hex')}.partial`;
      try {
        await fs.writeFile(partial, data);
        await fsyncFile(partial);
        await fs.rename(partial, target);
      } catch (error) {
        await fs.rm(partial, { force: true });
        throw error;
      }
      await fsyncFolder(path.dirname(target));
      return (await fs.stat(target)).size;
    },
    async readFile(key) {
      return fs.readFile(pathOf(key));
    },
    localPath: pathOf,
    async exists(key) {
      return fs.access(pathOf(key)).then(
        () => true,
        () => false,
      );
    },
    async remove(key) {
      await fs.rm(pathOf(key), { force: true });
    },
    async removeVideo(videoId) {
      await fs.rm(pathOf(videoFolderKey(videoId)), { recursive: true, force: true });
    },
    async createFolder(key) {
      const folder = pathOf(key);
      await fs.rm(folder, { recursive: true, force: true });
      await fs.mkdir(folder, { recursive: true });
      return folder;
    },
    async publishFolder(fromKey, toKey) {
      const target = pathOf(toKey);
      await fs.rm(target, { recursive: true, force: true });
      await fs.rename(pathOf(fromKey), target);
      await fsyncFolder(path.dirname(target));
    },
    async removeFolder(key) {
      await fs.rm(pathOf(key), { recursive: true, force: true });
    },
    async list(key) {
      try {
        return await fs.readdir(pathOf(key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
    },
  };
}
