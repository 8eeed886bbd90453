import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { DomainLogger } from '../logger.js';
import type { User } from '../users/user.js';
import type { Video } from '../videos/video.js';
import type { Chapter } from './enrichment.js';
import type { ChapterRepository, ChapterRow } from './enrichment-repository.js';
import { found, manageableVideo, type VideoLookup } from './item-rules.js';
import { formatTime, roundToMs } from './time-range.js';

export interface ChapterInput {
  readonly title: string;
  readonly start: number;
}

export interface ChapterServiceDeps {
  readonly videos: VideoLookup;
  readonly chapters: ChapterRepository;
  readonly logger: DomainLogger;
}

/** Chapters: a title and a start, in [0, duration) when the duration is known; one chapter per start. */
export function createChapterService({ videos, chapters, logger }: ChapterServiceDeps) {
  function checkStart(video: Video, start: number): void {
    if (video.durationSeconds === null || start < roundToMs(video.durationSeconds)) return;
    const duration = formatTime(video.durationSeconds);
    const message = `A chapter must start before the end of the video (${duration}).`;
    throw new ValidationError('chapter_start_out_of_range', message, { fields: [{ path: 'start', message }], params: { duration } });
  }

  function startTaken(other: Chapter | undefined): ConflictError {
    const params = { title: other?.title ?? '?', start: formatTime(other?.start ?? 0) };
    const message = `Another chapter (“${params.title}”) already starts at ${params.start}.`;
    return new ConflictError('chapter_start_taken', message, { params, fields: [{ path: 'start', message }] });
  }

  async function save(video: Video, row: ChapterRow, chapterId: number | null): Promise<Chapter> {
    checkStart(video, row.start);
    const existing = await chapters.list(video.id);
    const same = existing.find((chapter) => chapter.id !== chapterId && chapter.start === row.start);
    if (same) throw startTaken(same);
    const outcome = chapterId === null ? await chapters.insert(video.id, row) : await chapters.update(video.id, chapterId, row);
    if (outcome.kind === 'conflict') throw startTaken((await chapters.list(video.id)).find((chapter) => chapter.start === row.start));
    if (outcome.kind === 'not_found') throw new NotFoundError('chapter_not_found', 'This chapter no longer exists.');
    return outcome.item;
  }

  return {
    async list(actor: User, videoId: number): Promise<Chapter[]> {
      await manageableVideo(videos, actor, videoId);
      return chapters.list(videoId);
    },

    async get(actor: User, videoId: number, chapterId: number): Promise<Chapter> {
      await manageableVideo(videos, actor, videoId);
      return found(await chapters.find(videoId, chapterId), 'chapter_not_found', 'chapter', chapterId);
    },

    /** A chapter by its own id, when the actor may edit its video (else, like an unknown id, a 404). */
    async locate(actor: User, chapterId: number): Promise<Chapter> {
      const videoId = await chapters.videoIdOf(chapterId);
      if (videoId === null) throw new NotFoundError('chapter_not_found', `No chapter with id ${chapterId}.`);
      await manageableVideo(videos, actor, videoId);
      return found(await chapters.find(videoId, chapterId), 'chapter_not_found', 'chapter', chapterId);
    },

    async create(actor: User, videoId: number, input: ChapterInput): Promise<Chapter> {
      const video = await manageableVideo(videos, actor, videoId);
      const chapter = await save(video, { title: input.title, start: roundToMs(input.start) }, null);
      logger.info({ videoId, chapterId: chapter.id, userId: actor.id }, 'chapter added');
      return chapter;
    },

    async update(actor: User, videoId: number, chapterId: number, patch: Partial<ChapterInput>): Promise<Chapter> {
      const video = await manageableVideo(videos, actor, videoId);
      const current = found(await chapters.find(videoId, chapterId), 'chapter_not_found', 'chapter', chapterId);
      const chapter = await save(video, { title: patch.title ?? current.title, start: roundToMs(patch.start ?? current.start) }, chapterId);
      logger.info({ videoId, chapterId, userId: actor.id }, 'chapter changed');
      return chapter;
    },

    async remove(actor: User, videoId: number, chapterId: number): Promise<void> {
      await manageableVideo(videos, actor, videoId);
      found(await chapters.delete(videoId, chapterId), 'chapter_not_found', 'chapter', chapterId);
      logger.info({ videoId, chapterId, userId: actor.id }, 'chapter deleted');
    },
  };
}

export type ChapterService = ReturnType<typeof createChapterService>;
