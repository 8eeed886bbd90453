// The video.js options Lectern uses.
import type { PlayerConfig } from '../contract/player-config.js';
import { audioModes, type Engine } from './engine-choice.js';

export const PLAYBACK_RATES: readonly number[] = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2];

export interface ActionHandlers {
  hotkeys(event: KeyboardEvent): void;
  doubleClick(): void;
}

export function playerOptions(config: PlayerConfig, engine: Engine | null, handlers: ActionHandlers): Record<string, unknown> {
  return {
    controls: true,
    preload: 'auto',
    playsinline: true,
    language: config.locale,
    poster: config.poster ?? undefined,
    playbackRates: PLAYBACK_RATES,
    responsive: true,
    enableSmoothSeeking: true,
    techOrder: ['html5'],
    ...audioModes(config.kind, engine, config.poster),
    controlBar: {
      // Lectern's own chapters menu replaces video.js's (which needs a chapters text track).
      chaptersButton: false,
      descriptionsButton: false,
      audioTrackButton: false,
      remainingTimeDisplay: false,
      volumePanel: { inline: true },
    },
    userActions: { hotkeys: handlers.hotkeys, doubleClick: handlers.doubleClick },
  };
}
