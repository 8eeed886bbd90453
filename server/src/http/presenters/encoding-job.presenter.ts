import type { z } from 'zod';
import type { EncodingJob, EncodingJobListing } from '../../domain/encoding/encoding-job.js';
import type { encodingJobJson, encodingJobListJson } from '../api/encoding.schemas.js';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export function presentEncodingJob(job: EncodingJob): z.infer<typeof encodingJobJson> {
  return {
    id: job.id,
    video_id: job.videoId,
    status: job.status,
    step: job.step,
    progress: job.progress,
    attempts: job.attempts,
    worker: job.worker,
    error_code: job.errorCode,
    error_message: job.errorMessage,
    stderr_tail: job.stderrTail,
    log: [...job.log],
    queued_at: job.queuedAt.toISOString(),
    retry_at: iso(job.retryAt),
    started_at: iso(job.startedAt),
    heartbeat_at: iso(job.heartbeatAt),
    finished_at: iso(job.finishedAt),
  };
}

export function presentEncodingJobListing(job: EncodingJobListing): z.infer<typeof encodingJobListJson>['results'][number] {
  return { ...presentEncodingJob(job), video_title: job.videoTitle, video_slug: job.videoSlug, owner: job.ownerUsername, is_current: job.isCurrent };
}
