import { EncodingAborted } from '../../../server/src/domain/encoding/encoding-failure.js';
import { overallProgress, type EncodingStep } from '../../../server/src/domain/encoding/encoding-job.js';
import type { EncodingJobRepository } from '../../../server/src/domain/encoding/encoding-job-repository.js';
import type { DomainLogger } from '../../../server/src/domain/logger.js';

export interface ProgressTrackerDeps {
  readonly jobs: EncodingJobRepository;
  readonly jobId: string;
  readonly worker: string;
  /** Extends the queue lock (Agenda's touch). */
  readonly heartbeat: () => Promise<void>;
  readonly reportIntervalMs: number;
  readonly heartbeatIntervalMs: number;
  readonly controller: AbortController;
  readonly logger: DomainLogger;
}

export interface ProgressTracker {
  /** Records where the job is; written to the database at the next tick. */
  set(step: EncodingStep, fraction: number): void;
  /** Writes the current state now (step changes are worth showing at once). */
  flush(): Promise<void>;
  stop(): void;
}

/**
 * Reports progress every few seconds and keeps the job's locks alive. A report that finds the
 * job no longer ours (the video was deleted, a newer encoding replaced it) aborts the job,
 * which kills its ffmpeg: that is how a deletion on the web side reaches a worker anywhere.
 */
export function startProgressTracker(deps: ProgressTrackerDeps): ProgressTracker {
  const { jobs, jobId, worker, heartbeat, controller, logger } = deps;
  let step: EncodingStep = 'probe';
  let progress = 0;
  let lastHeartbeat = Date.now();
  let running: Promise<void> = Promise.resolve();

  async function tick(): Promise<void> {
    if (controller.signal.aborted) return;
    if (!(await jobs.report(jobId, worker, step, progress))) {
      logger.info({ jobId, worker }, 'job cancelled or replaced: stopping it');
      controller.abort(new EncodingAborted('cancelled'));
      return;
    }
    if (Date.now() - lastHeartbeat >= deps.heartbeatIntervalMs) {
      lastHeartbeat = Date.now();
      await heartbeat();
    }
  }

  const schedule = (): Promise<void> => {
    running = running.then(tick).catch((error: unknown) => {
      // A lost database connection for one tick is survivable (the next tick retries); the
      // lock lifetime leaves several ticks of margin before another worker may take the job.
      logger.warn({ err: error, jobId, worker }, 'could not report encoding progress');
    });
    return running;
  };

  const timer = setInterval(() => void schedule(), deps.reportIntervalMs);
  timer.unref();

  return {
    set(nextStep, fraction) {
      step = nextStep;
      progress = overallProgress(nextStep, fraction);
    },
    flush: schedule,
    stop() {
      clearInterval(timer);
    },
  };
}
