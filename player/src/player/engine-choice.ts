// Which engine plays the media in this browser (pure).

export type Engine = 'hls.js' | 'native' | 'mp4' | 'audio';

export interface EngineInputs {
  readonly kind: 'video' | 'audio';
  readonly hasHls: boolean;
  readonly mp4Count: number;
  readonly audioCount: number;
  /** hls.js can run (Media Source Extensions with H.264/AAC). */
  readonly hlsJsSupported: boolean;
  /** The media element plays HLS itself (`canPlayType('application/vnd.apple.mpegurl')`). */
  readonly nativeHls: boolean;
}

/**
 * hls.js where it runs, else the browser's own HLS (iOS Safari), else the progressive MP4s.
 * Audio-only media play their audio files. Null: nothing this browser can play.
 */
export function chooseEngine(inputs: EngineInputs): Engine | null {
  if (inputs.kind === 'audio' && inputs.audioCount > 0) return 'audio';
  if (inputs.hasHls && inputs.hlsJsSupported) return 'hls.js';
  if (inputs.hasHls && inputs.nativeHls) return 'native';
  if (inputs.mp4Count > 0) return 'mp4';
  if (inputs.audioCount > 0) return 'audio';
  return null;
}

export interface Mp4Choice {
  readonly height: number;
}

/** The progressive rendition to start with: the tallest up to 720 lines, else the smallest. */
export function defaultMp4Index(renditions: readonly Mp4Choice[], maxHeight = 720): number {
  let best = -1;
  renditions.forEach((rendition, index) => {
    const current = renditions[best];
    if (rendition.height <= maxHeight && (current === undefined || rendition.height > current.height)) best = index;
  });
  if (best >= 0) return best;
  let smallest = 0;
  renditions.forEach((rendition, index) => {
    if (rendition.height < (renditions[smallest]?.height ?? Infinity)) smallest = index;
  });
  return smallest;
}

/**
 * Audio-only media: over their poster when they have one (audioPosterMode), else as a plain
 * control bar (audioOnlyMode), never a black 16:9 box (pure).
 */
export function audioModes(kind: 'video' | 'audio', engine: Engine | null, poster: string | null): { audioPosterMode: boolean; audioOnlyMode: boolean } {
  const audio = kind === 'audio' || engine === 'audio';
  return { audioPosterMode: audio && poster !== null, audioOnlyMode: audio && poster === null };
}
