/** An encoding request and how it went: the row owners and admins see. */
export const ENCODING_JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type EncodingJobStatus = (typeof ENCODING_JOB_STATUSES)[number];

/** The steps of an encoding, in order, with the share of the progress bar each one fills. */
export const ENCODING_STEPS = [
  { step: 'probe', weight: 2 },
  { step: 'transcode', weight: 84 },
  { step: 'mp4', weight: 3 },
  { step: 'thumbnails', weight: 4 },
  { step: 'storyboard', weight: 4 },
  { step: 'publish', weight: 3 },
] as const;
export type EncodingStep = (typeof ENCODING_STEPS)[number]['step'];

/** Overall percentage when `step` is `fraction` (0–1) done. */
export function overallProgress(step: EncodingStep, fraction: number): number {
  let before = 0;
  for (const entry of ENCODING_STEPS) {
    if (entry.step === step) {
      const clamped = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
      return Math.round((before + entry.weight * clamped) * 10) / 10;
    }
    before += entry.weight;
  }
  throw new Error(`Unknown encoding step: ${step}`);
}

export interface EncodingLogEntry {
  readonly at: string;
  readonly level: 'info' | 'warn' | 'error';
  readonly message: string;
}

export interface EncodingJob {
  readonly id: string;
  readonly videoId: number;
  readonly siteId: number;
  readonly requestedBy: number | null;
  readonly status: EncodingJobStatus;
  readonly step: EncodingStep | null;
  readonly progress: number;
  readonly attempts: number;
  readonly worker: string | null;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly stderrTail: string | null;
  readonly log: readonly EncodingLogEntry[];
  readonly queuedAt: Date;
  readonly retryAt: Date | null;
  readonly startedAt: Date | null;
  readonly heartbeatAt: Date | null;
  readonly finishedAt: Date | null;
}

/** A job with what the admin page shows of its video. */
export interface EncodingJobListing extends EncodingJob {
  readonly videoTitle: string;
  readonly videoSlug: string;
  readonly ownerUsername: string;
  /** Whether this job is the video's latest request (older ones are history). */
  readonly isCurrent: boolean;
}
