import { runFfmpeg } from './ffmpeg-tool.js';

/**
 * How close a rendition is to the source: SSIM and PSNR (and VMAF when this ffmpeg has
 * libvmaf) of the rendition against the source scaled to the rendition's size with bicubic
 * (what a player would show if it had the source). Both streams start at 0 (setpts) so frame
 * n meets frame n; the rendition has the source's 30 fps, so no frame is dropped or repeated.
 */
export interface QualityFigures {
  /** SSIM "All" (luma and chroma weighted), 0–1. */
  readonly ssim: number;
  /** PSNR "average", dB. */
  readonly psnr: number;
  readonly vmaf: number | null;
  /** How long the measurement took (not part of any figure). */
  readonly ms: number;
}

function filterGraph(width: number, height: number, vmaf: boolean): string {
  const ways = vmaf ? 3 : 2;
  const labels = (prefix: string) => Array.from({ length: ways }, (_, k) => `[${prefix}${k}]`).join('');
  return [
    `[0:v]setpts=PTS-STARTPTS,setsar=1,split=${ways}${labels('d')}`,
    `[1:v]setpts=PTS-STARTPTS,scale=${width}:${height}:flags=bicubic,setsar=1,split=${ways}${labels('r')}`,
    '[d0][r0]ssim=shortest=1',
    '[d1][r1]psnr=shortest=1',
    ...(vmaf ? ['[d2][r2]libvmaf=shortest=1'] : []),
  ].join(';');
}

function number(text: string | undefined): number {
  if (text === undefined) return Number.NaN;
  return text === 'inf' ? Number.POSITIVE_INFINITY : Number(text);
}

export function parseQuality(stderr: string): { ssim: number; psnr: number; vmaf: number | null } {
  const ssim = /SSIM .*All:([\d.]+|inf)/.exec(stderr);
  const psnr = /PSNR .*average:([\d.]+|inf)/.exec(stderr);
  const vmaf = /VMAF score[:=]\s*([\d.]+)/.exec(stderr);
  if (!ssim || !psnr) throw new Error(`no SSIM/PSNR summary in ffmpeg's output:\n${stderr.trim().split('\n').slice(-8).join('\n')}`);
  return { ssim: number(ssim[1]), psnr: number(psnr[1]), vmaf: vmaf ? number(vmaf[1]) : null };
}

/** Measures `rendition` (e.g. a 1280x720 HLS file) against `source`. */
export async function measureQuality(ffmpeg: string, rendition: string, source: string, size: { width: number; height: number }, vmaf: boolean, cwd: string): Promise<QualityFigures> {
  const args = ['-hide_banner', '-nostdin', '-i', rendition, '-i', source, '-lavfi', filterGraph(size.width, size.height, vmaf), '-f', 'null', '-'];
  const run = await runFfmpeg(ffmpeg, args, cwd);
  return { ...parseQuality(run.stderr), ms: run.ms };
}
