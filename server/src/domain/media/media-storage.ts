/**
 * Port: where media files live. The local filesystem implements it now (infra/storage);
 * object storage can later. Keys are relative, slash-separated and chosen by the domain,
 * never by a user.
 */
export interface MediaStorage {
  /** Moves a finished local file into storage under `key`; returns its size in bytes. */
  importFile(localPath: string, key: string): Promise<number>;
  /** Writes `data` under `key` atomically (a temporary file renamed into place); returns its size in bytes. */
  writeFile(key: string, data: Uint8Array | string): Promise<number>;
  /** The whole object (small files only: subtitles). */
  readFile(key: string): Promise<Buffer>;
  /** A local path for reading the object (ffprobe, ffmpeg, streaming). */
  localPath(key: string): string;
  exists(key: string): Promise<boolean>;
  remove(key: string): Promise<void>;
  /** Removes every file of a video. */
  removeVideo(videoId: number): Promise<void>;
  /** Creates an empty folder (removing a leftover one of the same key); returns its local path. */
  createFolder(key: string): Promise<string>;
  /** Moves a finished folder to `toKey` by one rename (atomic: readers see all of it or nothing). */
  publishFolder(fromKey: string, toKey: string): Promise<void>;
  removeFolder(key: string): Promise<void>;
  /** Names of the entries directly under `key` (none when it does not exist). */
  list(key: string): Promise<string[]>;
}

/** Where an encoding job builds its outputs, next to the video's media so publishing is a rename. */
export function videoWorkFolderKey(videoId: number, jobId: string, attempt: number): string {
  return `videos/${videoId}/.work-${jobId}-${attempt}`;
}

/** Where a finished encoding lives; the video row points at one such folder. */
export function videoMediaFolderKey(videoId: number, jobId: string): string {
  return `videos/${videoId}/media-${jobId}`;
}

export function videoFolderKey(videoId: number): string {
  return `videos/${videoId}`;
}

export function videoSourceKey(videoId: number, name: string, extension: string): string {
  return `${videoFolderKey(videoId)}/source/${name}.${extension}`;
}
