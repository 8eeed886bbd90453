// The two engines' quality choices, as the quality menu sees them.
import type { PlayerSourceMp4 } from '../contract/player-config.js';
import type { HlsHandle } from './hls-engine.js';
import { playQuietly } from './log.js';
import { qualityOptions } from './quality-options.js';
import type { QualitySource } from './quality-menu.js';
import type { Player } from './vjs.js';

/** hls.js levels, with Auto (adaptive bitrate). */
export function hlsQualitySource(hls: HlsHandle): QualitySource {
  return {
    hasAuto: true,
    options: () => qualityOptions(hls.levels()),
    requested: () => hls.requestedLevel(),
    playing: () => hls.playingLevel(),
    request: (index) => hls.requestLevel(index),
    onChange: (listener) => hls.onChange(() => listener()),
  };
}

/** Sets `src` and brings back the time, rate and playing state once it has loaded. */
function swapSource(player: Player, src: string): void {
  const time = player.currentTime() ?? 0;
  const rate = player.playbackRate() ?? 1;
  const wasPlaying = !player.paused();
  player.src({ src, type: 'video/mp4' });
  player.one('loadedmetadata', () => {
    player.currentTime(time);
    player.playbackRate(rate);
    if (wasPlaying) playQuietly(player);
  });
}

/** The progressive MP4 files (no Auto): choosing one swaps the source at the same time. */
export function mp4QualitySource(player: Player, files: readonly PlayerSourceMp4[], initial: number): QualitySource {
  let current = initial;
  const listeners: (() => void)[] = [];
  return {
    hasAuto: false,
    options: () => qualityOptions(files.map((file) => ({ height: file.height, bitrate: 0 }))).map((option) => ({ ...option, label: files[option.index]?.label ?? option.label })),
    requested: () => current,
    playing: () => current,
    request: (index) => {
      const file = files[index];
      if (!file || index === current) return;
      current = index;
      swapSource(player, file.src);
      listeners.forEach((listener) => listener());
    },
    onChange: (listener) => listeners.push(listener),
  };
}
