import type { MediaInfo } from '../media/media-info.js';
import type { Licence, Video, VideoStatus } from './video.js';

/** Column values after the service has validated and transformed the user's fields. */
export interface VideoChanges {
  readonly ownerId?: number;
  readonly title?: string;
  readonly description?: string;
  readonly typeId?: number;
  readonly tags?: readonly string[];
  readonly disciplineIds?: readonly number[];
  readonly licence?: Licence | null;
  readonly mainLang?: string;
  readonly dateEvt?: string | null;
  readonly isDraft?: boolean;
  readonly isRestricted?: boolean;
  readonly passwordHash?: string | null;
  readonly allowDownloading?: boolean;
  readonly additionalOwnerIds?: readonly number[];
  readonly accessGroupIds?: readonly number[];
  readonly courseIds?: readonly number[];
}

export interface NewVideoRow extends VideoChanges {
  readonly siteId: number;
  readonly ownerId: number;
  readonly title: string;
  readonly typeId: number;
  /** Set by CSV imports (unique per site): re-running an import finds the video it made. */
  readonly importKey?: string | null;
}

export interface VideoListQuery {
  readonly siteId: number;
  /** Only videos this user owns or co-owns; null lists the whole site (admins). */
  readonly managerId: number | null;
  readonly search: string | null;
  /** Only videos in one of these statuses (unset: any). */
  readonly statuses?: readonly VideoStatus[];
  readonly offset: number;
  readonly limit: number;
}

/** Esup-Pod's video filters (the Moodle bridge's listings). Unset fields do not filter. */
export interface VideoFilter {
  readonly siteId: number;
  /** Owner only (not co-owners), as Pod's `owner` and `user_videos` filters. */
  readonly ownerId?: number;
  readonly typeId?: number;
  readonly isDraft?: boolean;
  readonly isRestricted?: boolean;
  /** Queued or encoding. */
  readonly encodingInProgress?: boolean;
  /** Case- and accent-insensitive substring of the title. */
  readonly titleContains?: string;
  /** Added in [from, before). */
  readonly addedFrom?: Date;
  readonly addedBefore?: Date;
}

export interface SourceUpdate {
  readonly filename: string;
  readonly size: number;
  readonly key: string;
  readonly info: MediaInfo;
  readonly status: VideoStatus;
}

export type UpdateOutcome = { readonly kind: 'updated'; readonly video: Video } | { readonly kind: 'not_found' } | { readonly kind: 'version_mismatch'; readonly current: number };

/** Port: where videos are stored. */
export interface VideoRepository {
  insert(row: NewVideoRow): Promise<Video>;
  findById(id: number): Promise<Video | null>;
  list(query: VideoListQuery): Promise<{ items: Video[]; total: number }>;
  /** Newest first (date added, then id), as Esup-Pod orders videos. */
  findPage(filter: VideoFilter, offset: number, limit: number): Promise<{ items: Video[]; total: number }>;
  /** Applies changes under a row lock; with expectedVersion, only if it is still current. */
  update(id: number, changes: VideoChanges, expectedVersion: number | null): Promise<UpdateOutcome>;
  /** Records a new source file; returns the key of the one it replaced, if any. */
  setSource(id: number, source: SourceUpdate): Promise<{ previousKey: string | null } | null>;
  /** Which published thumbnail candidate is shown. */
  setThumbnailIndex(id: number, index: number): Promise<Video | null>;
  delete(id: number): Promise<boolean>;
  /** The viewing password's hash, or null when none is set. */
  passwordHashOf(id: number): Promise<string | null>;
  /** The current access epoch and site of a video (null when it does not exist): the media routes' one lookup. */
  accessEpochOf(id: number): Promise<{ epoch: number; siteId: number } | null>;
  /** Bytes of source files owned by the user. */
  storageUsedBy(userId: number): Promise<number>;
}
