import { execFile } from 'node:child_process';
import ffmpeg from 'fluent-ffmpeg';
import type { FfmpegInvocation } from './ffmpeg-invocation.js';
import { invocationArgs } from './ffmpeg-invocation.js';
import { timemarkSeconds } from './progress.js';

/**
 * The one executor of ffmpeg, and the only file importing fluent-ffmpeg (archived upstream:
 * keep it swappable). It runs a planned invocation, streams progress, stops on an abort
 * signal, and keeps the stderr tail for the job log.
 */

export interface RunnerLogger {
  info(context: object, message: string): void;
  warn(context: object, message: string): void;
}

export interface RunOptions {
  /** ffmpeg runs here: planned output paths are relative to it. */
  readonly cwd: string;
  /** Seconds of output written so far (from ffmpeg's `time=` stats). */
  readonly onProgress?: (seconds: number) => void;
  readonly signal?: AbortSignal;
  /**
   * ffmpeg is killed when it prints nothing for this long: a stuck process (a demuxer spinning
   * on a bad seek, a stalled network mount) must not hold a job forever. Default 5 minutes.
   */
  readonly idleTimeoutMs?: number;
  readonly logger: RunnerLogger;
  readonly context?: Record<string, unknown>;
}

/** ffmpeg did not finish: how it ended, and the end of what it said. */
export class FfmpegError extends Error {
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly signal: string | null,
    readonly stderrTail: string,
    readonly aborted: boolean,
    /** Killed by the runner after printing nothing for the idle timeout. */
    readonly stalled = false,
  ) {
    super(message);
    this.name = 'FfmpegError';
  }
}

const STDERR_LINES = 60;
const DEFAULT_IDLE_TIMEOUT_MS = 5 * 60_000;
/** `frame=  120 fps= 60 q=28.0 size=    1024kB time=00:00:04.00 bitrate=…` */
const STATS_TIME = /\btime=\s*(\S+)/;

function endOf(error: Error): { exitCode: number | null; signal: string | null } {
  const exit = /ffmpeg exited with code (\d+)/.exec(error.message);
  const signal = /ffmpeg was killed with signal (\w+)/.exec(error.message);
  return { exitCode: exit ? Number(exit[1]) : null, signal: signal ? signal[1]! : null };
}

/** Several arguments are passed verbatim (fluent-ffmpeg splits only a lone "name value" string). */
function addOptions(add: (...options: string[]) => unknown, options: readonly string[]): void {
  if (options.length > 0) add(...options);
}

export interface FfmpegRunner {
  readonly binary: string;
  run(invocation: FfmpegInvocation, options: RunOptions): Promise<void>;
  /** First line of `ffmpeg -version`, e.g. "ffmpeg version 5.1.6-0+deb12u1". */
  version(): Promise<string>;
}

export function createFfmpegRunner(binary: string): FfmpegRunner {
  return {
    binary,

    run(invocation, options) {
      const { cwd, onProgress, signal, logger, context = {}, idleTimeoutMs = DEFAULT_IDLE_TIMEOUT_MS } = options;
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(new FfmpegError('ffmpeg was not started: the job was stopped', null, null, '', true));
          return;
        }
        const command = ffmpeg({ cwd, stdoutLines: STDERR_LINES }).setFfmpegPath(binary);
        invocation.inputs.forEach((input, index) => {
          command.input(input.path);
          addOptions((...o) => command.inputOptions(...o), index === 0 ? [...invocation.global, ...input.options] : input.options);
        });
        if (invocation.filterComplex) command.complexFilter(invocation.filterComplex);
        for (const output of invocation.outputs) {
          command.output(output.path);
          addOptions((...o) => command.outputOptions(...o), output.options);
        }
        let aborted = false;
        let stalled = false;
        const onAbort = () => {
          aborted = true;
          command.kill('SIGKILL');
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        let idle: NodeJS.Timeout | undefined;
        let settled = false;
        const stillAlive = () => {
          // stderr lines may still arrive after the end: never re-arm the timer then.
          if (settled) return;
          clearTimeout(idle);
          idle = setTimeout(() => {
            stalled = true;
            command.kill('SIGKILL');
          }, idleTimeoutMs);
        };
        const settle = () => {
          settled = true;
          clearTimeout(idle);
          signal?.removeEventListener('abort', onAbort);
        };
        command.on('start', () => {
          stillAlive();
          logger.info({ ...context, args: invocationArgs(invocation) }, 'ffmpeg started');
        });
        // Progress comes from ffmpeg's own stats lines. fluent-ffmpeg's 'progress' event is not
        // used: listening to it makes fluent-ffmpeg run an extra ffprobe of the input first.
        command.on('stderr', (line: string) => {
          stillAlive();
          const time = STATS_TIME.exec(line)?.[1];
          const seconds = time ? timemarkSeconds(time) : null;
          if (seconds !== null) onProgress?.(seconds);
        });
        command.on('error', (error: Error, _stdout: string | null, stderr: string | null) => {
          settle();
          const { exitCode, signal: killSignal } = endOf(error);
          const tail = (stderr ?? '').trim();
          if (!aborted) logger.warn({ ...context, exitCode, signal: killSignal, stalled, stderr: tail }, 'ffmpeg failed');
          const message = aborted ? 'ffmpeg was stopped' : stalled ? `ffmpeg printed nothing for ${Math.round(idleTimeoutMs / 1000)} s and was killed` : error.message.split('\n')[0]!;
          reject(new FfmpegError(message, exitCode, killSignal, tail, aborted, stalled));
        });
        command.on('end', () => {
          settle();
          resolve();
        });
        command.run();
      });
    },

    version() {
      return new Promise((resolve, reject) => {
        execFile(binary, ['-hide_banner', '-version'], { timeout: 10_000 }, (error, stdout) => {
          if (error) reject(error);
          else resolve(stdout.split('\n')[0]!.replace(/\s+Copyright.*$/, '').trim());
        });
      });
    },
  };
}
