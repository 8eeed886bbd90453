import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface FfmpegBinaries {
  readonly ffmpeg: string;
  readonly ffprobe: string;
  readonly source: { readonly ffmpeg: BinarySource; readonly ffprobe: BinarySource };
}

export type BinarySource = 'configured' | 'system' | 'npm';

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, envPath: string | undefined): string | null {
  for (const dir of (envPath ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

function fromNpm(packageName: string): string {
  const require = createRequire(import.meta.url);
  const installer = require(packageName) as { path: string };
  return installer.path;
}

function pick(name: 'ffmpeg' | 'ffprobe', configured: string | null, envPath: string | undefined): { file: string; source: BinarySource } {
  if (configured) return { file: configured, source: 'configured' };
  const system = onPath(name, envPath);
  if (system) return { file: system, source: 'system' };
  return { file: fromNpm(name === 'ffmpeg' ? '@ffmpeg-installer/ffmpeg' : '@ffprobe-installer/ffprobe'), source: 'npm' };
}

/**
 * FFMPEG_PATH / FFPROBE_PATH, else the system's (Debian's ffmpeg is newer and sturdier), else
 * the static builds shipped by @ffmpeg-installer and @ffprobe-installer.
 */
export function resolveFfmpegBinaries(configured: { ffmpegPath: string | null; ffprobePath: string | null }, envPath: string | undefined): FfmpegBinaries {
  const ffmpeg = pick('ffmpeg', configured.ffmpegPath, envPath);
  const ffprobe = pick('ffprobe', configured.ffprobePath, envPath);
  return { ffmpeg: ffmpeg.file, ffprobe: ffprobe.file, source: { ffmpeg: ffmpeg.source, ffprobe: ffprobe.source } };
}
