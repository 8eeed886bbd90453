import { randomBytes } from 'node:crypto';
import { ConflictError, ForbiddenError, NotFoundError, PayloadTooLargeError, ValidationError } from '../errors.js';
import type { DomainLogger } from '../logger.js';
import { videoFolderKey, type MediaStorage } from '../media/media-storage.js';
import type { User } from '../users/user.js';
import type { VideoRepository } from '../videos/video-repository.js';
import { canManageVideo, type Video } from '../videos/video.js';
import { checkSpan, findOverlap, formatTime, type TimeSpan } from './time-range.js';

/** Shared rules of the enrichment services: who may edit, times, overlaps, files. */

export type VideoLookup = Pick<VideoRepository, 'findById'>;

/** The video, if the actor may edit what enriches it (its owners, co-owners and the site's admins). */
export async function manageableVideo(videos: VideoLookup, actor: User, videoId: number): Promise<Video> {
  const video = await videos.findById(videoId);
  if (!video || video.siteId !== actor.siteId) throw new NotFoundError('video_not_found', `No video with id ${videoId}.`);
  if (!canManageVideo(video, actor)) throw new ForbiddenError('not_video_manager', 'You are not an owner of this video.');
  return video;
}

/** The item, or a 404 with `code` (also when it belongs to another video). */
export function found<T>(item: T | null, code: string, what: string, id: number): T {
  if (!item) throw new NotFoundError(code, `No ${what} with id ${id} on this video.`);
  return item;
}

/** 0 ≤ start < end ≤ the video's duration (when known). */
export function assertSpan(span: TimeSpan, video: Pick<Video, 'durationSeconds'>): void {
  const problem = checkSpan(span, video.durationSeconds);
  if (!problem) return;
  if (problem.code === 'invalid_time_range') {
    const message = `The end (${formatTime(span.end)}) must come after the start (${formatTime(span.start)}).`;
    throw new ValidationError('invalid_time_range', message, { fields: [{ path: problem.field, message }], params: { start: formatTime(span.start), end: formatTime(span.end) } });
  }
  const duration = formatTime(video.durationSeconds ?? 0);
  const message = `The end (${formatTime(span.end)}) is after the end of the video (${duration}).`;
  throw new ValidationError('time_beyond_duration', message, { fields: [{ path: problem.field, message }], params: { end: formatTime(span.end), duration } });
}

/** Refuses a span that meets another item's, naming that item. */
export function assertNoOverlap<T extends TimeSpan & { readonly id: number; readonly title: string }>(items: readonly T[], span: TimeSpan, exceptId: number | null, code: string): void {
  const other = findOverlap(items, span, exceptId);
  if (other) throw overlapError(code, other);
}

export function overlapError(code: string, other: (TimeSpan & { readonly id: number; readonly title: string }) | null): ConflictError {
  if (!other) return new ConflictError(code, 'This overlaps another item of the video: times must not overlap.', { params: { title: '?', start: '?', end: '?' } });
  const params = { id: other.id, title: other.title, start: formatTime(other.start), end: formatTime(other.end) };
  const message = `This overlaps “${other.title}” (${params.start}–${params.end}): times must not overlap.`;
  return new ConflictError(code, message, { params, fields: [{ path: 'start', message }] });
}

/**
 * Storage key for a new file of a video; the row keeps the part after `videos/<id>/`. Hex names:
 * media URLs take plain ASCII segments that do not start with `-` or `.`.
 */
export function newFileKey(folder: 'tracks' | 'enrichments', extension: string): string {
  return `${folder}/${randomBytes(12).toString('hex')}.${extension}`;
}

export function storageKey(videoId: number, fileKey: string): string {
  return `${videoFolderKey(videoId)}/${fileKey}`;
}

/** "2 MiB": limits as people read them. */
export function mebibytes(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;
}

export function assertSize(size: number, limit: number): void {
  if (size > limit) throw new PayloadTooLargeError('file_too_large', `The file is larger than the ${mebibytes(limit)} limit.`, { params: { max: mebibytes(limit) } });
}

/**
 * Removes a file the database no longer points at. The change it follows is committed, so a
 * failure only leaves an unreachable file (deleted with the video): logged, not thrown.
 */
export async function removeUnreferenced(storage: MediaStorage, logger: DomainLogger, videoId: number, fileKey: string): Promise<void> {
  await storage.remove(storageKey(videoId, fileKey)).catch((error: unknown) => {
    logger.error({ err: error, videoId, fileKey }, 'could not remove a replaced or deleted file');
  });
}

/**
 * Runs `save` after a file was written for it; removes that file when the save fails (thrown
 * or refused), so a failed request leaves the storage as it found it.
 */
export async function withNewFile<T>(storage: MediaStorage, key: string | null, save: () => Promise<T>, kept: (result: T) => boolean): Promise<T> {
  let result: T;
  try {
    result = await save();
  } catch (error) {
    if (key) await storage.remove(key);
    throw error;
  }
  if (key && !kept(result)) await storage.remove(key);
  return result;
}
