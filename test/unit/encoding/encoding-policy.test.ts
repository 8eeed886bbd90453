import { expect } from 'chai';
import { defaultThumbnailIndex } from '../../../server/src/domain/encoding/encoded-media.js';
import { EncodingFailure } from '../../../server/src/domain/encoding/encoding-failure.js';
import { overallProgress } from '../../../server/src/domain/encoding/encoding-job.js';
import { retryDelayMs } from '../../../server/src/domain/encoding/encoding-jobs.js';
import { MediaProbeError } from '../../../server/src/domain/media/media-probe.js';
import { classifyFailure, lastMeaningfulLine } from '../../../encoding/src/pipeline/classify-failure.js';
import { FfmpegError } from '../../../encoding/src/ffmpeg/ffmpeg-runner.js';

describe('encoding policy', () => {
  it('spreads the steps over one progress bar, in order, from 0 to 100', () => {
    expect(overallProgress('probe', 0)).to.equal(0);
    expect(overallProgress('transcode', 0)).to.equal(2);
    expect(overallProgress('transcode', 0.5)).to.equal(44);
    expect(overallProgress('transcode', 7)).to.equal(86, 'clamped: ffmpeg may report a little past the duration');
    expect(overallProgress('transcode', Number.NaN)).to.equal(2);
    expect(overallProgress('mp4', 1)).to.equal(89);
    expect(overallProgress('publish', 1)).to.equal(100);
  });

  it('retries with doubling delays and stops after the last attempt', () => {
    const policy = { maxAttempts: 3, baseDelayMs: 1000 };
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(policy, attempt))).to.deep.equal([1000, 2000, null, null]);
    expect(retryDelayMs({ maxAttempts: 1, baseDelayMs: 1000 }, 1)).to.equal(null);
  });

  it('shows the middle thumbnail by default, as Esup-Pod', () => {
    expect(defaultThumbnailIndex({ thumbnails: ['a', 'b', 'c'] })).to.equal(1);
    expect(defaultThumbnailIndex({ thumbnails: ['a'] })).to.equal(0);
    expect(defaultThumbnailIndex({ thumbnails: [] })).to.equal(null);
  });
});

describe('failure classification', () => {
  const ffmpegFailure = (stderr: string, exitCode: number | null = 1, signal: string | null = null) => new FfmpegError('ffmpeg exited with code 1', exitCode, signal, stderr, false);
  const summary = (failure: EncodingFailure) => [failure.code, failure.retryable];

  it('blames the file for what ffmpeg cannot decode: no retry', () => {
    const failure = classifyFailure(ffmpegFailure('[h264 @ 0x1] Invalid NAL unit size\nframe=    0 fps=0.0 q=0.0\nError while decoding stream #0:0: Invalid data found when processing input\nConversion failed!'));
    expect(summary(failure)).to.deep.equal(['decode_failed', false]);
    expect(failure.message).to.equal('ffmpeg could not encode this file: Error while decoding stream #0:0: Invalid data found when processing input');
  });

  it('blames the machine for a full or read-only disk and a killed ffmpeg: retry', () => {
    expect(summary(classifyFailure(ffmpegFailure('hls/360p.mp4: No space left on device')))).to.deep.equal(['storage_error', true]);
    expect(summary(classifyFailure(ffmpegFailure('Could not open hls/360p.m3u8: Read-only file system')))).to.deep.equal(['storage_error', true]);
    expect(summary(classifyFailure(ffmpegFailure('frame= 100', null, 'SIGKILL')))).to.deep.equal(['ffmpeg_killed', true]);
    expect(summary(classifyFailure(Object.assign(new Error('ENOSPC: no space left on device, mkdir'), { code: 'ENOSPC' })))).to.deep.equal(['storage_error', true]);
  });

  it('keeps typed failures, maps probe errors, and treats the unexpected as retryable', () => {
    const typed = new EncodingFailure('source_missing', 'gone', false);
    expect(classifyFailure(typed)).to.equal(typed);
    expect(summary(classifyFailure(new MediaProbeError('ffprobe failed', 'moov atom not found')))).to.deep.equal(['source_unreadable', false]);
    expect(summary(classifyFailure(new TypeError('x is undefined')))).to.deep.equal(['internal_error', true]);
  });

  it('finds the line that explains the failure in ffmpeg’s stderr', () => {
    expect(lastMeaningfulLine('Input #0\r\nframe=  10 fps=0\rframe=  20 fps=0\nsomething broke\nConversion failed!\n')).to.equal('something broke');
    expect(lastMeaningfulLine('')).to.equal('');
  });
});
