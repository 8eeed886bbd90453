import { rm } from 'node:fs/promises';
import path from 'node:path';
import { RetryLater, retryDelayMs, type RetryPolicy } from '../../domain/encoding/encoding-jobs.js';
import { AppError, NotFoundError, UnsupportedMediaError } from '../../domain/errors.js';
import { BbbUnavailableError } from '../../domain/meetings/bbb.js';
import type { BbbApis, BbbServerRepository } from '../../domain/meetings/bbb-server.js';
import { urlExtension } from '../../domain/meetings/playback-page.js';
import { recordingImportPayloadSchema, type RecordingImport, type RecordingImportRepository } from '../../domain/meetings/recording-import.js';
import type { RecordingImportService } from '../../domain/meetings/recording-import-service.js';
import type { RunningJob } from '../agenda.js';
import type { Logger } from '../logger.js';
import { DownloadError, downloadResumable, loggableUrl, type DownloadProblem, type RefreshSource } from './recording-download.js';
import { fetchCaptions, headSource, locateMedia, type LocatedMedia } from './recording-source.js';

export interface DownloadSettings {
  readonly maxSize: number;
  /** No byte for this long: the request is abandoned (and resumed). */
  readonly timeoutMs: number;
  /** Requests per job run for the media file, the first included. */
  readonly attempts: number;
  /** Wait before resuming the first time, doubled each time. */
  readonly backoffMs: number;
}

export interface ImportRecordingJobDeps {
  readonly imports: RecordingImportRepository;
  readonly service: Pick<RecordingImportService, 'complete' | 'checkQuota'>;
  readonly servers: Pick<BbbServerRepository, 'findById'>;
  readonly apis: BbbApis;
  /** Where `<import id>.part` files are downloaded (`<varDir>/uploads/bbb`). */
  readonly downloadDir: string;
  readonly download: DownloadSettings;
  readonly retry: RetryPolicy;
  /** How often a running import extends its job's lock (well within the lock lifetime). */
  readonly heartbeatMs: number;
  readonly logger: Logger;
}

export interface Failure {
  readonly code: string;
  readonly message: string;
  /** Worth another job run (the .part file is kept for it). */
  readonly retryable: boolean;
}

/** Download problems that are final for the import: the download already retried them, or asked BBB for a fresh URL. */
const DOWNLOAD_CODES: Partial<Record<DownloadProblem, string>> = {
  too_large: 'bbb_recording_too_large',
  incomplete: 'bbb_download_incomplete',
  refused: 'bbb_media_not_found',
  redirects: 'bbb_media_not_found',
};

/** One place that says what each error means for the import: its code, and whether to run again. */
export function classifyImportFailure(error: unknown): Failure {
  if (error instanceof BbbUnavailableError) return { code: error.code, message: error.message, retryable: true };
  // BBB's own refusals (checksumError…), malformed answers and our rules fail at once.
  if (error instanceof AppError) return { code: error.code, message: error.message, retryable: false };
  if (error instanceof DownloadError) {
    const code = DOWNLOAD_CODES[error.problem];
    if (code) return { code, message: error.message, retryable: false };
    // As for the download itself: the network, a stall and HTTP 5xx are worth another run; another HTTP error is not.
    return error.retryable ? { code: 'bbb_download_failed', message: error.message, retryable: true } : { code: 'bbb_media_not_found', message: error.message, retryable: false };
  }
  return { code: 'bbb_import_error', message: error instanceof Error ? error.message : String(error), retryable: true };
}

/**
 * The `bbb.import-recording` job: the recording's media file is found afresh (getRecordings,
 * then its playback page), its size checked, downloaded to `<import id>.part` (resumed from what
 * is on disk, also after a restart), its captions fetched, and the service makes the draft
 * video. A failure marks the import failed with its code and removes the .part file; BBB being
 * unreachable (and network trouble) is retried per `retry` first, resuming the download.
 */
export function createImportRecordingHandler(deps: ImportRecordingJobDeps) {
  const { imports, download, logger } = deps;
  const partPathOf = (id: number) => path.join(deps.downloadDir, `${id}.part`);

  async function run(imported: RecordingImport, log: Logger): Promise<void> {
    const server = await deps.servers.findById(imported.serverId);
    if (!server) throw new NotFoundError('bbb_server_gone', 'The BigBlueButton server of this recording was removed from Lectern.');
    const api = deps.apis.forServer(server);
    let located: LocatedMedia = await locateMedia(api, imported.recordId, download.timeoutMs);
    // A refused HEAD or download (a spent token, an expired cookie): BBB is asked for a fresh playback URL.
    const refresh: RefreshSource = async (refusal) => {
      log.info({ status: refusal.status }, 'media refused: asking BigBlueButton for a fresh playback URL');
      located = await locateMedia(api, imported.recordId, download.timeoutMs);
      return located.source;
    };
    const head = await headSource(located.source, { timeoutMs: download.timeoutMs, refresh });
    await imports.setMedia(imported.id, { mediaUrl: loggableUrl(head.url), bytesExpected: head.size });
    if (head.size !== null && head.size > download.maxSize) {
      throw new UnsupportedMediaError('bbb_recording_too_large', `The recording's file is ${head.size} bytes, more than the ${download.maxSize} allowed.`, { params: { size: head.size, max: download.maxSize } });
    }
    if (head.size !== null) await deps.service.checkQuota(imported, head.size);
    log.info({ url: loggableUrl(head.url), bytes: head.size, captions: located.captions.length }, 'downloading recording');
    const { size } = await downloadResumable({
      partPath: partPathOf(imported.id),
      source: { url: head.url, jar: head.source.jar },
      expectedSize: head.size,
      maxSize: download.maxSize,
      timeoutMs: download.timeoutMs,
      attempts: download.attempts,
      backoffMs: download.backoffMs,
      refresh,
      onProgress: (bytes) => imports.setProgress(imported.id, bytes),
      logger: log,
    });
    const captions = await fetchCaptions(located, download.timeoutMs, log);
    const extension = urlExtension(head.url) || 'm4v';
    await deps.service.complete(imported, { localPath: partPathOf(imported.id), filename: `bbb-${imported.recordId}.${extension}`, size, captions });
  }

  async function removePart(id: number, log: Logger): Promise<void> {
    await rm(partPathOf(id), { force: true }).catch((error: unknown) => log.error({ err: error }, 'could not remove the partial download of a failed import'));
  }

  async function failed(imported: RecordingImport, error: unknown, log: Logger): Promise<void> {
    const failure = classifyImportFailure(error);
    const delay = failure.retryable ? retryDelayMs(deps.retry, imported.attempts) : null;
    if (delay !== null) {
      await imports.noteRetry(imported.id, failure);
      log.warn({ attempt: imported.attempts, code: failure.code, reason: failure.message, retryInMs: delay }, 'recording import interrupted: it will be retried');
      throw new RetryLater(delay, failure.message);
    }
    await removePart(imported.id, log);
    await imports.fail(imported.id, failure);
    const context = { attempt: imported.attempts, code: failure.code, reason: failure.message };
    if (failure.code === 'bbb_import_error') log.error({ ...context, err: error }, 'recording import failed');
    else log.warn(context, 'recording import failed');
  }

  return async (job: RunningJob): Promise<void> => {
    const parsed = recordingImportPayloadSchema.safeParse(job.data);
    if (!parsed.success) {
      logger.error({ jobId: job.id, data: job.data }, 'recording import job with an invalid payload: dropped');
      return;
    }
    const { importId } = parsed.data;
    const log = logger.child({ jobId: job.id, importId });
    const imported = await imports.startAttempt(importId);
    if (!imported) {
      log.info({}, 'recording import is no longer waiting (done, failed or removed): nothing to do');
      return;
    }
    // A download of gigabytes outlives the job's lock: keep it while the import runs.
    const heartbeat = setInterval(() => job.heartbeat().catch((error: unknown) => log.warn({ err: error }, 'could not extend the import job\'s lock')), deps.heartbeatMs);
    heartbeat.unref();
    try {
      await run(imported, log);
    } catch (error) {
      await failed(imported, error, log);
    } finally {
      clearInterval(heartbeat);
    }
  };
}
