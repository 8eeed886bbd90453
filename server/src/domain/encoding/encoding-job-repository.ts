import type { TrackRow } from '../enrichments/enrichment-repository.js';
import type { EncodedMedia } from './encoded-media.js';
import type { EncodingJob, EncodingJobListing, EncodingJobStatus, EncodingLogEntry, EncodingStep } from './encoding-job.js';

export interface NewEncodingJob {
  readonly id: string;
  readonly videoId: number;
  readonly siteId: number;
  readonly requestedBy: number | null;
}

export interface JobFailure {
  readonly code: string;
  readonly message: string;
  readonly stderrTail: string | null;
}

export interface PublishedMedia {
  readonly folder: string;
  readonly media: EncodedMedia;
  readonly thumbnailIndex: number | null;
  /** Tracks made from the source's text subtitles: inserted unless the video has one of that kind and language. */
  readonly tracks?: readonly TrackRow[];
}

export interface PublishOutcome {
  readonly previousFolder: string | null;
  /** File keys of the `tracks` that were inserted (the others' files are the caller's to remove). */
  readonly insertedTrackKeys: readonly string[];
}

/**
 * Port: encoding jobs and the video state they drive. Every state change is conditional (on
 * the job still being the video's current one, still running, still held by this worker), so
 * a stale, cancelled or duplicated job can never overwrite a newer outcome.
 */
export interface EncodingJobRepository {
  /** Records a queued job, makes it the video's current one (status `queued`) and cancels older ones. */
  request(job: NewEncodingJob): Promise<boolean>;
  findById(id: string): Promise<EncodingJob | null>;
  list(query: { siteId: number; statuses: readonly EncodingJobStatus[]; limit: number }): Promise<EncodingJobListing[]>;
  countByStatus(siteId: number): Promise<Record<EncodingJobStatus, number>>;

  /** Worker: takes the job (queued, or running after a worker died); counts an attempt. Null when it is not ours to run. */
  claim(id: string, worker: string): Promise<EncodingJob | null>;
  /** Worker: progress and heartbeat. False when the job is no longer this worker's to run: stop. */
  report(id: string, worker: string, step: EncodingStep, progress: number): Promise<boolean>;
  appendLog(id: string, entry: EncodingLogEntry): Promise<void>;
  /** Worker: back to the queue after a retryable failure (or a shutdown, which gives the attempt back). */
  requeue(id: string, worker: string, retryAt: Date, failure: JobFailure | null, refundAttempt: boolean): Promise<void>;
  /** Marks the job failed and, if it is still current, the video too. */
  fail(id: string, failure: JobFailure): Promise<void>;
  /**
   * Worker: points the video at its new media folder and marks it ready, if this job is still
   * current and running, in one transaction with its extracted tracks. Returns the folder it
   * replaced (to delete), or `undefined` when the job was superseded: the caller then deletes its
   * own folder.
   */
  publish(id: string, worker: string, published: PublishedMedia): Promise<PublishOutcome | undefined>;
  /** The folder the video's media are served from, if any (a retry keeps it, removes the rest). */
  currentMediaFolder(videoId: number): Promise<string | null>;
}
