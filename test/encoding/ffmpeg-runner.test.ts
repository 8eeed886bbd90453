import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import type { FfmpegInvocation } from '../../encoding/src/ffmpeg/ffmpeg-invocation.js';
import { createFfmpegRunner, FfmpegError } from '../../encoding/src/ffmpeg/ffmpeg-runner.js';
import { classifyFailure } from '../../encoding/src/pipeline/classify-failure.js';
import { resolveFfmpegBinaries } from '../../server/src/infra/media/ffmpeg-binaries.js';
import { ffmpegProcessesIn } from '../helpers/processes.js';
import { makeReadOnly } from '../helpers/read-only-folder.js';

const { ffmpeg } = resolveFfmpegBinaries({ ffmpegPath: process.env.FFMPEG_PATH ?? null, ffprobePath: null }, process.env.PATH);
const runner = createFfmpegRunner(ffmpeg);
const logger = { info: () => {}, warn: () => {} };

/** `seconds` of test pattern encoded to `output`: real work that reports progress. */
function testPattern(seconds: number, output: string): FfmpegInvocation {
  return {
    global: ['-hide_banner', '-nostdin', '-y'],
    inputs: [{ path: `testsrc2=size=640x360:rate=25:duration=${seconds}`, options: ['-f', 'lavfi'] }],
    filterComplex: null,
    outputs: [{ path: output, options: ['-c:v', 'libx264', '-preset', 'veryslow'] }],
  };
}

async function rejection(promise: Promise<unknown>): Promise<FfmpegError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(FfmpegError);
    return error as FfmpegError;
  }
  throw new Error('ffmpeg was expected to fail');
}

describe('ffmpeg runner', function () {
  this.timeout(60_000);
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-runner-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs an invocation in its folder and reports the seconds written', async () => {
    const seen: number[] = [];
    await runner.run(testPattern(4, 'out.mp4'), { cwd: dir, logger, onProgress: (seconds) => seen.push(seconds) });
    expect((await stat(path.join(dir, 'out.mp4'))).size).to.be.above(1000);
    expect(seen.length).to.be.at.least(1);
    expect(seen.at(-1)).to.be.closeTo(4, 0.2);
    expect(seen).to.deep.equal([...seen].sort((a, b) => a - b));
    expect(await runner.version()).to.match(/^ffmpeg version \S+/);
  });

  it('kills ffmpeg at once when the job is stopped', async () => {
    const controller = new AbortController();
    const running = runner.run(testPattern(600, 'long.mp4'), { cwd: dir, logger, signal: controller.signal, onProgress: () => controller.abort() });
    const error = await rejection(running);
    expect(error.aborted).to.equal(true);
    expect(await ffmpegProcessesIn(dir)).to.deep.equal([]);
    const before = await rejection(runner.run(testPattern(1, 'never.mp4'), { cwd: dir, logger, signal: controller.signal }));
    expect(before.aborted, 'an already stopped job starts no ffmpeg').to.equal(true);
  });

  it('kills an ffmpeg that prints nothing for the idle timeout (a stuck input), as a retryable stall', async () => {
    const fifo = path.join(dir, 'never-written.fifo');
    await promisify(execFile)('mkfifo', [fifo]);
    const stuck: FfmpegInvocation = {
      global: ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error'],
      inputs: [{ path: fifo, options: ['-f', 'rawvideo', '-pixel_format', 'gray', '-video_size', '16x16'] }],
      filterComplex: null,
      outputs: [{ path: 'out.mp4', options: [] }],
    };
    const error = await rejection(runner.run(stuck, { cwd: dir, logger, idleTimeoutMs: 500 }));
    expect([error.stalled, error.aborted, error.signal]).to.deep.equal([true, false, 'SIGKILL']);
    expect(error.message).to.equal('ffmpeg printed nothing for 1 s and was killed');
    expect(classifyFailure(error)).to.include({ code: 'ffmpeg_stalled', retryable: true });
  });

  it('fails with the exit code and stderr when the output folder refuses writes', async function () {
    const readOnly = await makeReadOnly(path.join(dir, 'locked'));
    if ('unavailable' in readOnly) {
      process.stdout.write(`      skipped: ${readOnly.unavailable}\n`);
      this.skip();
    }
    try {
      const error = await rejection(runner.run(testPattern(1, 'locked/out.mp4'), { cwd: dir, logger }));
      expect(error.exitCode).to.be.a('number').and.not.equal(0);
      expect(error.stderrTail).to.match(/Permission denied|Operation not permitted|Read-only/);
      expect(classifyFailure(error)).to.include({ code: 'storage_error', retryable: true });
    } finally {
      await readOnly.restore();
    }
  });
});
