import { EncodingFailure } from '../../../server/src/domain/encoding/encoding-failure.js';
import { MediaProbeError } from '../../../server/src/domain/media/media-probe.js';
import { FfmpegError } from '../ffmpeg/ffmpeg-runner.js';

/**
 * Turns whatever stopped an encoding into an EncodingFailure: the file's fault (fail now, with
 * a reason the owner can act on) or the machine's (retry with backoff). Pure.
 */

const STORAGE_PATTERNS = [/No space left on device/i, /Read-only file system/i, /Permission denied/i, /Operation not permitted/i, /Disk quota exceeded/i, /Input\/output error/i];
const STORAGE_CODES = new Set(['ENOSPC', 'EROFS', 'EACCES', 'EPERM', 'EDQUOT', 'EIO', 'EMFILE', 'ENFILE']);

/** The last line of ffmpeg's stderr that says what went wrong (not its progress stats). */
export function lastMeaningfulLine(stderr: string): string {
  const lines = stderr
    .split(/\r?\n|\r/)
    .map((line) => line.trim())
    .filter((line) => line && !/^(frame=|size=|video:|Conversion failed|Exiting normally)/.test(line));
  return lines.at(-1) ?? '';
}

export function classifyFailure(error: unknown): EncodingFailure {
  if (error instanceof EncodingFailure) return error;
  if (error instanceof MediaProbeError) {
    return new EncodingFailure('source_unreadable', `ffprobe cannot read the uploaded file: ${error.message}`, false, error.stderrTail);
  }
  if (error instanceof FfmpegError) {
    if (error.stalled) return new EncodingFailure('ffmpeg_stalled', `${error.message}.`, true, error.stderrTail);
    if (STORAGE_PATTERNS.some((pattern) => pattern.test(error.stderrTail))) {
      return new EncodingFailure('storage_error', `The encoded files could not be written: ${lastMeaningfulLine(error.stderrTail)}`, true, error.stderrTail);
    }
    if (error.signal) {
      return new EncodingFailure('ffmpeg_killed', `ffmpeg was killed by ${error.signal} (out of memory, or stopped by the system).`, true, error.stderrTail);
    }
    const reason = lastMeaningfulLine(error.stderrTail) || error.message;
    return new EncodingFailure('decode_failed', `ffmpeg could not encode this file: ${reason}`, false, error.stderrTail);
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && STORAGE_CODES.has(code)) {
    return new EncodingFailure('storage_error', `The encoded files could not be written: ${(error as Error).message}`, true);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new EncodingFailure('internal_error', `Unexpected error while encoding: ${message}`, true);
}
