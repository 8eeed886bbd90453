/**
 * Port: where media files live. The local filesystem implements it now (infra/storage);
 * object storage can later. Keys are relative, slash-separated and chosen by the domain,
 * never by a user.
 */
export interface MediaStorage {
  /** Moves a finished local file into storage under `key`; returns its size in bytes. */
  importFile(localPath: string, key: string): Promise<number>;
  /** A local path for reading the object (ffprobe, ffmpeg, streaming). */
  localPath(key: string): string;
  exists(key: string): Promise<boolean>;
  remove(key: string): Promise<void>;
  /** Removes every file of a video. */
  removeVideo(videoId: number): Promise<void>;
}

export function videoSourceKey(videoId: number, name: string, extension: string): string {
  return `videos/${videoId}/source/${name}.${extension}`;
}
