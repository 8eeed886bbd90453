import { execFile } from 'node:child_process';
import { parseProbeOutput } from '../../domain/media/media-info.js';
import { MediaProbeError, type MediaProbe } from '../../domain/media/media-probe.js';

const TIMEOUT_MS = 60_000;

/** MediaProbe with ffprobe's JSON output. */
export function createFfprobeMediaProbe(ffprobePath: string): MediaProbe {
  return {
    probe(filePath) {
      const args = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', filePath];
      return new Promise((resolve, reject) => {
        execFile(ffprobePath, args, { timeout: TIMEOUT_MS, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
          const tail = stderr.slice(-2000);
          if (error) {
            if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
              reject(new Error(`ffprobe not found at ${ffprobePath}`));
              return;
            }
            reject(new MediaProbeError(`ffprobe failed: ${error.message.split('\n')[0]}`, tail));
            return;
          }
          try {
            resolve(parseProbeOutput(JSON.parse(stdout)));
          } catch {
            reject(new MediaProbeError('ffprobe printed something that is not JSON', tail));
          }
        });
      });
    },
  };
}
