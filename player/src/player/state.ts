// What tests and people debugging can see, read-only: data attributes on #lectern-player and
// `window.lecternPlayer`.
//
//   data-engine          hls.js | native | mp4 | audio | none (changes to mp4 if hls.js gives up)
//   data-ready           "true" once the media's metadata is loaded
//   data-quality         the quality asked for: "auto" or a height ("720"); hls.js and mp4 only
//   data-loading-height  the height of the level hls.js loads now
//   data-playing-height  the height of the level playing now
//   data-error           the MediaError code, when playback failed
//
//   window.lecternPlayer = { player, hls, engine, config }: the video.js player, the hls.js
//   instance (null with other engines), the engine's name and the PlayerConfig. For reading
//   state; driving the player through it is not a supported API.
import type { PlayerConfig } from '../contract/player-config.js';
import type { Engine } from './engine-choice.js';
import type { HlsHandle } from './hls-engine.js';
import type { Player } from './vjs.js';

export interface LecternPlayerHandle {
  readonly player: Player;
  readonly hls: object | null;
  readonly engine: Engine | null;
  readonly config: PlayerConfig;
}

declare global {
  interface Window {
    lecternPlayer?: LecternPlayerHandle;
  }
}

export interface PlayerState {
  setEngine(engine: Engine | null): void;
  setHls(hls: HlsHandle | null): void;
  setQuality(requested: number | 'auto'): void;
}

function heightOf(hls: HlsHandle, level: number): string {
  return String(hls.levels()[level]?.height ?? '');
}

export function exposeState(root: HTMLElement, player: Player, config: PlayerConfig): PlayerState {
  let engine: Engine | null = null;
  let hls: HlsHandle | null = null;
  window.lecternPlayer = Object.freeze({
    player,
    config,
    get hls() {
      return hls?.instance ?? null;
    },
    get engine() {
      return engine;
    },
  });
  player.on('loadedmetadata', () => {
    root.dataset.ready = 'true';
  });
  player.on('error', () => {
    root.dataset.error = String(player.error()?.code ?? 'unknown');
  });
  return {
    setEngine(value) {
      engine = value;
      root.dataset.engine = value ?? 'none';
    },
    setHls(handle) {
      hls = handle;
      handle?.onChange((event, level) => {
        if (event === 'loading') root.dataset.loadingHeight = heightOf(handle, level);
        if (event === 'playing') root.dataset.playingHeight = heightOf(handle, level);
      });
    },
    setQuality(requested) {
      root.dataset.quality = String(requested);
    },
  };
}
