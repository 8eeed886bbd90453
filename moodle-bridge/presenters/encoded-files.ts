import type { EncodedMedia } from '../../server/src/domain/encoding/encoded-media.js';

/**
 * The files of an encoding as Esup-Pod registers them (EncodingVideo, EncodingAudio and
 * PlaylistVideo rows), derived from Lectern's manifest. Pod's rows have ids; ours are computed
 * from the video id and the file's place in its family (`video id × 64 + slot`), so they are
 * stable for an encoding and decode back to the video without a table. Pure.
 */
export type EncodedFamily = 'video' | 'audio' | 'playlist';

export interface EncodedFile {
  readonly id: number;
  readonly family: EncodedFamily;
  readonly videoId: number;
  /** Pod's name: the rendition ("360p"), "audio", or "playlist" for the master. */
  readonly name: string;
  /** Pod's encoding_format. m4a files are "video/mp4", as in Pod. */
  readonly format: string;
  /** Extension without the dot (the key of `video_files`). */
  readonly extension: string;
  readonly height: number | null;
  /** The file's key in the video's storage folder (`media-<job>/<file>`). */
  readonly key: string;
}

const SLOTS = 64;

export function encodedFileId(videoId: number, slot: number): number {
  return videoId * SLOTS + slot;
}

/** The video an encoded file id belongs to, and the file's slot in its family. */
export function decodeEncodedFileId(id: number): { videoId: number; slot: number } | null {
  if (!Number.isSafeInteger(id) || id < SLOTS) return null;
  return { videoId: Math.floor(id / SLOTS), slot: id % SLOTS };
}

interface PublishedMedia {
  readonly folder: string;
  readonly manifest: EncodedMedia;
}

const extensionOf = (file: string) => file.slice(file.lastIndexOf('.') + 1).toLowerCase();

/** Progressive MP4 renditions, lowest first (Pod sorts video files by height). */
export function videoFiles(videoId: number, media: PublishedMedia | null): EncodedFile[] {
  if (!media) return [];
  const folder = media.folder.split('/').pop()!;
  return [...media.manifest.renditions]
    .sort((a, b) => a.height - b.height || a.bandwidth - b.bandwidth)
    .flatMap((rendition, slot) =>
      rendition.mp4
        ? [{ id: encodedFileId(videoId, slot), family: 'video' as const, videoId, name: rendition.name, format: 'video/mp4', extension: extensionOf(rendition.mp4.file), height: rendition.height, key: `${folder}/${rendition.mp4.file}` }]
        : [],
    );
}

/** The mp3 (slot 0) and the m4a (slot 1), when made. */
export function audioFiles(videoId: number, media: PublishedMedia | null): EncodedFile[] {
  if (!media) return [];
  const folder = media.folder.split('/').pop()!;
  const { mp3, m4a } = media.manifest.audio;
  const files: EncodedFile[] = [];
  if (mp3) files.push({ id: encodedFileId(videoId, 0), family: 'audio', videoId, name: 'audio', format: 'audio/mp3', extension: extensionOf(mp3), height: null, key: `${folder}/${mp3}` });
  if (m4a) files.push({ id: encodedFileId(videoId, 1), family: 'audio', videoId, name: 'audio', format: 'video/mp4', extension: extensionOf(m4a), height: null, key: `${folder}/${m4a}` });
  return files;
}

/** The HLS master ("playlist", slot 0) and each rendition's media playlist (slots 1…). */
export function playlistFiles(videoId: number, media: PublishedMedia | null): EncodedFile[] {
  if (!media?.manifest.master) return [];
  const folder = media.folder.split('/').pop()!;
  const renditions = [...media.manifest.renditions].sort((a, b) => a.height - b.height || a.bandwidth - b.bandwidth);
  return [
    { id: encodedFileId(videoId, 0), family: 'playlist', videoId, name: 'playlist', format: 'application/x-mpegURL', extension: 'm3u8', height: null, key: `${folder}/${media.manifest.master}` },
    ...renditions.map((rendition, index) => ({
      id: encodedFileId(videoId, index + 1),
      family: 'playlist' as const,
      videoId,
      name: rendition.name,
      format: 'application/x-mpegURL',
      extension: 'm3u8',
      height: rendition.height,
      key: `${folder}/${rendition.playlist}`,
    })),
  ];
}

export function filesOfFamily(family: EncodedFamily, videoId: number, media: PublishedMedia | null): EncodedFile[] {
  return family === 'video' ? videoFiles(videoId, media) : family === 'audio' ? audioFiles(videoId, media) : playlistFiles(videoId, media);
}

/** Pod's `extension` filter of encoded files: the source file name ends with it (case-insensitive). */
export function withExtension(files: readonly EncodedFile[], extension: string | null): EncodedFile[] {
  if (!extension) return [...files];
  const wanted = extension.toLowerCase();
  return files.filter((file) => file.key.toLowerCase().endsWith(wanted));
}
