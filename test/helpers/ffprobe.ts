import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { resolveFfmpegBinaries } from '../../server/src/infra/media/ffmpeg-binaries.js';

const { ffprobe } = resolveFfmpegBinaries({ ffmpegPath: null, ffprobePath: process.env.FFPROBE_PATH ?? null }, process.env.PATH);
const exec = promisify(execFile);

/** What ffprobe prints (errors only on stderr) for these arguments: to check encoded files. */
export async function ffprobeOutput(args: readonly string[]): Promise<string> {
  const { stdout } = await exec(ffprobe, ['-v', 'error', ...args], { maxBuffer: 16 << 20 });
  return stdout;
}
