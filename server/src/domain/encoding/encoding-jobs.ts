import { z } from 'zod';

/**
 * The job contract between the web process (which only enqueues) and the workers in
 * `encoding/` (which process): names, payload schemas, the queue port and the retry policy.
 */
export const ENCODE_VIDEO_JOB = 'video.encode';

export const encodeVideoPayloadSchema = z.object({
  encodingJobId: z.uuid(),
  videoId: z.number().int().positive(),
});
export type EncodeVideoPayload = z.infer<typeof encodeVideoPayloadSchema>;

/** Port: the job queue (Agenda on PostgreSQL in infra). */
export interface EncodingQueue {
  enqueueEncode(payload: EncodeVideoPayload): Promise<void>;
  /** Drops the video's jobs that have not started; a running one stops at its next report. */
  cancelVideo(videoId: number): Promise<void>;
}

export interface RetryPolicy {
  /** Attempts in all, the first included; a worker that died mid-job used one. */
  readonly maxAttempts: number;
  /** Delay before the first retry; each further retry waits twice as long. */
  readonly baseDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 30_000 };

/** Delay before attempt `attempt + 1`, or null when `attempt` was the last one allowed. */
export function retryDelayMs(policy: RetryPolicy, attempt: number): number | null {
  if (attempt >= policy.maxAttempts) return null;
  return policy.baseDelayMs * 2 ** Math.max(0, attempt - 1);
}

/** Thrown by a job handler to have the queue run the job again after `delayMs`; any other error ends it. */
export class RetryLater extends Error {
  constructor(
    readonly delayMs: number,
    message: string,
  ) {
    super(message);
    this.name = 'RetryLater';
  }
}
