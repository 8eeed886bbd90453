import type { EncodedMedia } from '../encoding/encoded-media.js';
import type { EncodingJobStatus, EncodingStep } from '../encoding/encoding-job.js';

export const LICENCES = ['by', 'by-nd', 'by-nc-nd', 'by-nc', 'by-nc-sa', 'by-sa'] as const;
export type Licence = (typeof LICENCES)[number];

export const VIDEO_STATUSES = ['awaiting_upload', 'uploaded', 'queued', 'encoding', 'ready', 'failed'] as const;
export type VideoStatus = (typeof VIDEO_STATUSES)[number];

/** Where the video's current encoding stands (its latest request). */
export interface VideoEncodingState {
  readonly jobId: string;
  readonly status: EncodingJobStatus;
  readonly step: EncodingStep | null;
  readonly progress: number;
  readonly attempts: number;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly queuedAt: Date;
  readonly retryAt: Date | null;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
}

export const TITLE_MAX_LENGTH = 250;
export const DESCRIPTION_MAX_LENGTH = 100_000;
export const TAG_MAX_LENGTH = 100;
export const TAGS_MAX_COUNT = 50;

export interface UserRef {
  readonly id: number;
  readonly username: string;
  readonly firstName: string;
  readonly lastName: string;
}

/** An access group (Esup-Pod's AccessGroup): members may watch videos restricted to it. */
export interface AccessGroupRef {
  readonly id: number;
  readonly codeName: string;
  readonly displayName: string;
}

/** An LMS course (an LTI context) a video can be restricted to. */
export interface CourseRef {
  readonly id: number;
  readonly title: string;
  readonly label: string;
}

export interface Video {
  readonly id: number;
  readonly siteId: number;
  readonly slug: string;
  readonly title: string;
  readonly description: string;
  readonly typeId: number;
  readonly owner: UserRef;
  readonly additionalOwners: readonly UserRef[];
  readonly tags: readonly string[];
  readonly disciplineIds: readonly number[];
  readonly licence: Licence | null;
  readonly mainLang: string;
  readonly dateEvt: string | null;
  readonly isDraft: boolean;
  readonly isRestricted: boolean;
  readonly hasPassword: boolean;
  /** Restricted to members of these groups (or of these courses), when any is set. */
  readonly accessGroups: readonly AccessGroupRef[];
  readonly courses: readonly CourseRef[];
  readonly allowDownloading: boolean;
  readonly status: VideoStatus;
  readonly durationSeconds: number | null;
  readonly source: { readonly filename: string; readonly size: number; readonly key: string } | null;
  readonly encoding: VideoEncodingState | null;
  /** Published media: the storage folder and its manifest (null until a first encoding succeeds). */
  readonly media: { readonly folder: string; readonly manifest: EncodedMedia; readonly thumbnailIndex: number | null; readonly encodedAt: Date } | null;
  /** Bumped whenever who may watch changes; media grants issued under an older epoch stop working. */
  readonly accessEpoch: number;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** Fields a user may set. `password`: a string sets it, null removes it. */
export interface VideoFields {
  readonly title: string;
  readonly description: string;
  readonly typeId: number;
  readonly tags: readonly string[];
  readonly disciplineIds: readonly number[];
  readonly licence: Licence | null;
  readonly mainLang: string;
  readonly dateEvt: string | null;
  readonly isDraft: boolean;
  readonly isRestricted: boolean;
  readonly password: string | null;
  readonly allowDownloading: boolean;
  readonly additionalOwners: readonly string[];
  /** Access group code names. */
  readonly accessGroups: readonly string[];
  /** Course ids; a manager may only add courses they belong to (admins: any of the site). */
  readonly courseIds: readonly number[];
  /** The owner (a user id of the site who may own videos); only the owner or an administrator gives a video to someone else. */
  readonly ownerId: number;
}

export type VideoCreate = Pick<VideoFields, 'title'> & Partial<VideoFields>;
export type VideoPatch = Partial<VideoFields>;

/** Trims, drops empties and duplicates (case-insensitive), keeps order. */
export function normaliseTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim().replace(/\s+/g, ' ');
    if (!tag || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    result.push(tag);
  }
  return result;
}

export function canManageVideo(video: Pick<Video, 'owner' | 'additionalOwners' | 'siteId'>, user: { id: number; role: string; siteId: number }): boolean {
  if (user.role === 'admin' && user.siteId === video.siteId) return true;
  return video.owner.id === user.id || video.additionalOwners.some((owner) => owner.id === user.id);
}
