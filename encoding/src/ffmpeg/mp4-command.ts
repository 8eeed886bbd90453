// The progressive MP4 (downloads, Moodle's repository_pod, old players): made from a finished
// HLS rendition file by re-muxing, 0.09 s, instead of a fourth encode in the main pass,
// which costs +26 % wall time (ARCHITECTURE.md §6).
import { GLOBAL_OPTIONS, type FfmpegInvocation } from './ffmpeg-invocation.js';

/**
 * Re-packages a finished HLS rendition file (fragmented MP4) into a progressive MP4 with the
 * index at the front (+faststart, so browsers can start playing before the download ends),
 * without re-encoding (-c copy). e.g. ('hls/720p.mp4', 'mp4/720p.mp4').
 */
export function progressiveMp4Invocation(input: string, output: string): FfmpegInvocation {
  return {
    global: GLOBAL_OPTIONS,
    inputs: [{ path: input, options: [] }],
    filterComplex: null,
    outputs: [{ path: output, options: ['-map', '0:v:0', '-map', '0:a:0?', '-c', 'copy', '-map_metadata', '-1', '-movflags', '+faststart', '-f', 'mp4'] }],
  };
}
