import type { AccessRepository } from '../access/access-repository.js';
import type { DomainLogger } from '../logger.js';
import { ConflictError, ForbiddenError, NotFoundError, PreconditionFailedError, ValidationError } from '../errors.js';
import type { EncodingQueue } from '../encoding/encoding-jobs.js';
import type { MediaStorage } from '../media/media-storage.js';
import { hashPassword } from '../users/password-hasher.js';
import type { UserRepository } from '../users/user-repository.js';
import { canUpload, type User } from '../users/user.js';
import { sanitizeDescription } from '../html/html-sanitizer.js';
import type { ReferenceDataRepository } from './reference-data-repository.js';
import type { VideoChanges, VideoRepository } from './video-repository.js';
import { canManageVideo, normaliseTags, type Video, type VideoCreate, type VideoPatch, type VideoStatus } from './video.js';

export const DEFAULT_VIDEO_TYPE_ID = 1;
export const MAX_PAGE_SIZE = 100;

export interface VideoServiceDeps {
  readonly videos: VideoRepository;
  readonly users: UserRepository;
  readonly referenceData: ReferenceDataRepository;
  readonly access: AccessRepository;
  readonly storage: MediaStorage;
  readonly queue: EncodingQueue;
  /** Told when who may watch a video changed (its access epoch moved on). */
  readonly onAccessChanged?: (videoId: number) => void;
  readonly logger: DomainLogger;
}

export interface VideoListParams {
  readonly search?: string | null;
  readonly page?: number;
  readonly pageSize?: number;
  /** "all" lists the whole site: administrators only. */
  readonly scope?: 'mine' | 'all';
  /** Only videos in one of these statuses (unset or empty: any). */
  readonly statuses?: readonly VideoStatus[];
}

export interface VideoPage {
  readonly items: Video[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

/** A co-owner who becomes the owner stops being a co-owner (an owner is never both). */
function withoutNewOwnerAsCoOwner(video: Video, changes: VideoChanges): VideoChanges {
  const newOwner = changes.ownerId;
  if (newOwner === undefined || changes.additionalOwnerIds !== undefined || !video.additionalOwners.some((o) => o.id === newOwner)) return changes;
  return { ...changes, additionalOwnerIds: video.additionalOwners.map((o) => o.id).filter((id) => id !== newOwner) };
}

export function createVideoService(deps: VideoServiceDeps) {
  const { videos, users, referenceData, access, storage, queue, logger } = deps;

  async function resolveChanges(siteId: number, currentOwnerId: number, patch: VideoPatch): Promise<VideoChanges> {
    const problems: { path: string; message: string }[] = [];
    if (patch.ownerId !== undefined && patch.ownerId !== currentOwnerId) await checkOwner(siteId, patch.ownerId, problems);
    const ownerId = patch.ownerId ?? currentOwnerId;
    if (patch.typeId !== undefined) {
      const types = await referenceData.listTypes(siteId);
      if (!types.some((type) => type.id === patch.typeId)) problems.push({ path: 'type_id', message: `unknown video type ${patch.typeId}` });
    }
    if (patch.disciplineIds && patch.disciplineIds.length > 0) {
      const known = new Set((await referenceData.listDisciplines(siteId)).map((d) => d.id));
      const unknown = patch.disciplineIds.filter((id) => !known.has(id));
      if (unknown.length) problems.push({ path: 'disciplines', message: `unknown disciplines ${unknown.join(', ')}` });
    }
    const accessGroupIds = patch.accessGroups === undefined ? undefined : await resolveGroups(siteId, patch.accessGroups, problems);
    let additionalOwnerIds: number[] | undefined;
    if (patch.additionalOwners) {
      const wanted = [...new Set(patch.additionalOwners.map((name) => name.toLowerCase()))];
      const found = await users.findManyByUsernames(siteId, wanted);
      const foundNames = new Set(found.map((user) => user.username.toLowerCase()));
      const unknown = wanted.filter((name) => !foundNames.has(name));
      if (unknown.length) problems.push({ path: 'additional_owners', message: `unknown users ${unknown.join(', ')}` });
      additionalOwnerIds = found.map((user) => user.id).filter((id) => id !== ownerId);
    }
    if (problems.length) {
      throw new ValidationError('invalid_video_fields', 'Some fields refer to things that do not exist.', { fields: problems });
    }
    return {
      ownerId: patch.ownerId,
      title: patch.title?.trim(),
      description: patch.description === undefined ? undefined : sanitizeDescription(patch.description),
      typeId: patch.typeId,
      tags: patch.tags ? normaliseTags(patch.tags) : undefined,
      disciplineIds: patch.disciplineIds ? [...new Set(patch.disciplineIds)] : undefined,
      licence: patch.licence,
      mainLang: patch.mainLang,
      dateEvt: patch.dateEvt,
      isDraft: patch.isDraft,
      isRestricted: patch.isRestricted,
      passwordHash: patch.password === undefined ? undefined : patch.password === null ? null : await hashPassword(patch.password),
      allowDownloading: patch.allowDownloading,
      additionalOwnerIds,
      accessGroupIds,
    };
  }

  /** A new owner: a user of the video's site who may own videos (staff or administrator). */
  async function checkOwner(siteId: number, ownerId: number, problems: { path: string; message: string }[]): Promise<void> {
    const owner = await users.findById(ownerId);
    if (!owner || owner.siteId !== siteId) problems.push({ path: 'owner', message: `unknown user ${ownerId}` });
    else if (!owner.isActive || !canUpload(owner)) problems.push({ path: 'owner', message: `${owner.username} cannot own videos: only active staff members and administrators can` });
  }

  /** Giving a video to someone else is for its owner and the site's administrators. */
  function assertMayGive(actor: User, currentOwnerId: number, ownerId: number | undefined): void {
    if (ownerId === undefined || ownerId === currentOwnerId) return;
    if (actor.id !== currentOwnerId && actor.role !== 'admin') throw new ForbiddenError('owner_only', 'Only the owner or an administrator can give a video to someone else.');
  }

  async function resolveGroups(siteId: number, codes: readonly string[], problems: { path: string; message: string }[]): Promise<number[]> {
    const found = await access.findGroupsByCodes(siteId, codes);
    const known = new Set(found.map((group) => group.codeName.toLowerCase()));
    const unknown = codes.filter((code) => !known.has(code.toLowerCase()));
    if (unknown.length) problems.push({ path: 'restrict_access_to_groups', message: `unknown access groups ${unknown.join(', ')}` });
    return found.map((group) => group.id);
  }

  /** Courses a manager may add: those they belong to (admins: any course of the site). Those already set may stay. */
  async function resolveCourses(actor: User, video: Video | null, courseIds: readonly number[]): Promise<number[]> {
    const wanted = [...new Set(courseIds)];
    const kept = new Set(video?.courses.map((course) => course.id) ?? []);
    const allowed = new Set(
      actor.role === 'admin' ? (await access.findCourses(actor.siteId, wanted)).map((c) => c.id) : (await access.coursesOf(actor.id)).filter((c) => c.siteId === actor.siteId).map((c) => c.id),
    );
    const refused = wanted.filter((id) => !kept.has(id) && !allowed.has(id));
    if (refused.length) {
      throw new ValidationError('invalid_video_fields', 'You can only restrict a video to courses you belong to.', { fields: [{ path: 'courses', message: `unknown or not yours: ${refused.join(', ')}` }] });
    }
    return wanted;
  }

  async function getManageable(actor: User, id: number): Promise<Video> {
    const video = await videos.findById(id);
    if (!video || video.siteId !== actor.siteId) throw new NotFoundError('video_not_found', `No video with id ${id}.`);
    if (!canManageVideo(video, actor)) throw new ForbiddenError('not_video_manager', 'You are not an owner of this video.');
    return video;
  }

  return {
    getManageable,

    async create(actor: User, input: VideoCreate): Promise<Video> {
      if (!canUpload(actor)) throw new ForbiddenError('upload_not_allowed', 'Only staff members can add videos.');
      assertMayGive(actor, actor.id, input.ownerId);
      const resolved = await resolveChanges(actor.siteId, actor.id, { typeId: DEFAULT_VIDEO_TYPE_ID, ...input });
      const changes = input.courseIds === undefined ? resolved : { ...resolved, courseIds: await resolveCourses(actor, null, input.courseIds) };
      const video = await videos.insert({ ...changes, siteId: actor.siteId, ownerId: changes.ownerId ?? actor.id, title: changes.title ?? input.title, typeId: changes.typeId ?? DEFAULT_VIDEO_TYPE_ID });
      logger.info({ videoId: video.id, userId: actor.id, ownerId: video.owner.id }, 'video created');
      return video;
    },

    async list(actor: User, params: VideoListParams = {}): Promise<VideoPage> {
      if (params.scope === 'all' && actor.role !== 'admin') {
        throw new ForbiddenError('admin_only', 'Only administrators can list every video.');
      }
      const pageSize = Math.min(Math.max(params.pageSize ?? 20, 1), MAX_PAGE_SIZE);
      const page = Math.max(params.page ?? 1, 1);
      const search = params.search?.trim() || null;
      const { items, total } = await videos.list({
        siteId: actor.siteId,
        managerId: params.scope === 'all' ? null : actor.id,
        search,
        ...(params.statuses?.length ? { statuses: params.statuses } : {}),
        offset: (page - 1) * pageSize,
        limit: pageSize,
      });
      if (items.length === 0 && page > 1 && total > 0) {
        throw new NotFoundError('page_out_of_range', `Page ${page} is past the last page.`);
      }
      return { items, total, page, pageSize };
    },

    async update(actor: User, id: number, patch: VideoPatch, expectedVersion: number | null = null): Promise<Video> {
      const video = await getManageable(actor, id);
      if (patch.additionalOwners !== undefined && video.owner.id !== actor.id && actor.role !== 'admin') {
        throw new ForbiddenError('owner_only', 'Only the owner can change who co-owns a video.');
      }
      assertMayGive(actor, video.owner.id, patch.ownerId);
      const resolved = withoutNewOwnerAsCoOwner(video, await resolveChanges(video.siteId, video.owner.id, patch));
      const changes = patch.courseIds === undefined ? resolved : { ...resolved, courseIds: await resolveCourses(actor, video, patch.courseIds) };
      const outcome = await videos.update(id, changes, expectedVersion);
      if (outcome.kind === 'not_found') throw new NotFoundError('video_not_found', `No video with id ${id}.`);
      if (outcome.kind === 'version_mismatch') {
        throw new PreconditionFailedError('version_mismatch', `The video changed since you read it (now version ${outcome.current}); reload and try again.`, {
          params: { current: outcome.current },
        });
      }
      if (outcome.video.accessEpoch !== video.accessEpoch) deps.onAccessChanged?.(id);
      logger.info({ videoId: id, userId: actor.id, version: outcome.video.version }, 'video updated');
      return outcome.video;
    },

    /** The owner picks which of the encoding's thumbnail candidates represents the video. */
    async chooseThumbnail(actor: User, id: number, index: number): Promise<Video> {
      const video = await getManageable(actor, id);
      if (!video.media) throw new ConflictError('not_encoded', 'This video has no thumbnails yet: it has not been encoded.');
      const count = video.media.manifest.thumbnails.length;
      if (!Number.isInteger(index) || index < 0 || index >= count) {
        throw new ValidationError('invalid_thumbnail', `Choose a thumbnail between 0 and ${count - 1}.`, { params: { max: count - 1 } });
      }
      const updated = await videos.setThumbnailIndex(id, index);
      if (!updated) throw new NotFoundError('video_not_found', `No video with id ${id}.`);
      logger.info({ videoId: id, userId: actor.id, index }, 'thumbnail chosen');
      return updated;
    },

    async remove(actor: User, id: number): Promise<void> {
      const video = await getManageable(actor, id);
      if (video.owner.id !== actor.id && actor.role !== 'admin') {
        throw new ForbiddenError('owner_only', 'Only the owner can delete a video.');
      }
      if (!(await videos.delete(id))) throw new NotFoundError('video_not_found', `No video with id ${id}.`);
      // Its encoding job rows went with it: a running encoding sees that at its next progress
      // report and kills its ffmpeg; queued ones are removed from the queue here.
      await queue.cancelVideo(id).catch((error: unknown) => {
        // A queued job left behind finds no job row when it runs and does nothing: safe.
        logger.error({ err: error, videoId: id }, 'could not remove the deleted video from the encoding queue');
      });
      try {
        await storage.removeVideo(id);
      } catch (error) {
        // The row is gone, so nothing can reach these files any more and the user's request is
        // done; the operator must remove the leftovers, so this is logged as an error.
        logger.error({ err: error, videoId: id }, 'video deleted but its files could not be removed');
      }
      logger.info({ videoId: id, userId: actor.id }, 'video deleted');
    },
  };
}

export type VideoService = ReturnType<typeof createVideoService>;
