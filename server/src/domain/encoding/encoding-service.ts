import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError } from '../errors.js';
import type { DomainLogger } from '../logger.js';
import { requireAdminRole, type User } from '../users/user.js';
import type { VideoService } from '../videos/video-service.js';
import type { Video } from '../videos/video.js';
import type { EncodingJob, EncodingJobListing, EncodingJobStatus } from './encoding-job.js';
import type { EncodingJobRepository } from './encoding-job-repository.js';
import type { EncodingQueue } from './encoding-jobs.js';

export interface EncodingServiceDeps {
  readonly jobs: EncodingJobRepository;
  readonly queue: EncodingQueue;
  readonly videoService: VideoService;
  readonly logger: DomainLogger;
}

const IN_PROGRESS: readonly string[] = ['queued', 'encoding'];

/**
 * The web side of encoding: request (after an upload, or an owner's retry), look at jobs.
 * It only enqueues; workers in `encoding/` do the work and move the state forward.
 */
export function createEncodingService(deps: EncodingServiceDeps) {
  const { jobs, queue, videoService, logger } = deps;

  async function request(video: Video, requestedBy: number | null): Promise<string> {
    const id = randomUUID();
    if (!(await jobs.request({ id, videoId: video.id, siteId: video.siteId, requestedBy }))) {
      throw new NotFoundError('video_not_found', `No video with id ${video.id}.`);
    }
    try {
      await queue.enqueueEncode({ encodingJobId: id, videoId: video.id });
    } catch (error) {
      // The video must not sit "queued" forever with nobody to run it: fail it visibly, with a retry.
      logger.error({ err: error, videoId: video.id, jobId: id }, 'could not enqueue the encoding job');
      await jobs.fail(id, { code: 'queue_unavailable', message: 'The encoding queue could not be reached; retry in a moment.', stderrTail: null });
      return id;
    }
    logger.info({ videoId: video.id, jobId: id, requestedBy }, 'encoding queued');
    return id;
  }

  return {
    /** Called once a new source is in place. */
    request,

    /** An owner (or admin) asks again: after a failure, or to re-encode a ready video. */
    async retry(actor: User, videoId: number): Promise<Video> {
      const video = await videoService.getManageable(actor, videoId);
      if (!video.source) throw new ConflictError('no_source', 'This video has no uploaded file to encode.');
      if (IN_PROGRESS.includes(video.status)) throw new ConflictError('encoding_in_progress', 'This video is already being encoded.');
      await request(video, actor.id);
      return videoService.getManageable(actor, videoId);
    },

    /** Jobs of the admin's site, newest first. */
    async list(actor: User, statuses: readonly EncodingJobStatus[], limit = 100): Promise<{ jobs: EncodingJobListing[]; counts: Record<EncodingJobStatus, number> }> {
      requireAdminRole(actor, 'Only administrators can see the encoding jobs.');
      const [list, counts] = await Promise.all([jobs.list({ siteId: actor.siteId, statuses, limit }), jobs.countByStatus(actor.siteId)]);
      return { jobs: list, counts };
    },

    /** The video's latest encoding with its log, for the video's managers. */
    async forVideo(actor: User, videoId: number): Promise<EncodingJob> {
      const video = await videoService.getManageable(actor, videoId);
      const job = video.encoding ? await jobs.findById(video.encoding.jobId) : null;
      if (!job) throw new NotFoundError('not_encoded', 'This video has not been sent to encoding yet.');
      return job;
    },
  };
}

export type EncodingService = ReturnType<typeof createEncodingService>;
