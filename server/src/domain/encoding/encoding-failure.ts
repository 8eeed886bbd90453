/**
 * Why an encoding did not finish. `code` is stable (the UI translates it, the API returns it);
 * `message` is the English explanation kept in the job log. `retryable` failures (the machine's
 * fault: disk, a killed process) are tried again with backoff; the others (the file's fault)
 * fail at once: retrying a corrupt file only delays the bad news.
 */
export const ENCODING_FAILURE_CODES = [
  'source_missing',
  'source_unreadable',
  'no_media_stream',
  'decode_failed',
  'storage_error',
  'ffmpeg_killed',
  'ffmpeg_stalled',
  'worker_lost',
  'internal_error',
  'queue_unavailable',
] as const;
export type EncodingFailureCode = (typeof ENCODING_FAILURE_CODES)[number];

export class EncodingFailure extends Error {
  constructor(
    readonly code: EncodingFailureCode,
    message: string,
    readonly retryable: boolean,
    readonly stderrTail: string | null = null,
  ) {
    super(message);
    this.name = 'EncodingFailure';
  }
}

/** The encoding was stopped on purpose (video deleted, re-encode requested, worker shutting down). */
export class EncodingAborted extends Error {
  constructor(readonly reason: 'cancelled' | 'shutdown') {
    super(reason === 'shutdown' ? 'The worker is shutting down.' : 'The encoding was cancelled.');
    this.name = 'EncodingAborted';
  }
}
