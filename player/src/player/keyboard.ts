// Runs the player's keyboard shortcuts (keyboard-map.ts says which key does what). video.js
// calls this only when the focus is inside the player and no control used the key itself
// (the progress and volume sliders keep their own arrows, buttons their Space and Enter).
import type { Announcer } from './announcer.js';
import { clampVolume, keyAction, nextRate, type KeyAction } from './keyboard-map.js';
import type { Texts } from './texts.js';
import { playQuietly } from './log.js';
import type { Player } from './vjs.js';

export interface ShortcutTargets {
  readonly player: Player;
  readonly rates: readonly number[];
  readonly locale: string;
  readonly texts: Texts;
  readonly announcer: Announcer;
  toggleFullscreen(): void;
  /** The label now shown, '' when turned off, null when there are no subtitles. */
  toggleCaptions(): string | null;
  openHelp(): void;
}

function seekTo(player: Player, seconds: number): void {
  const duration = player.duration() ?? 0;
  player.currentTime(Math.max(0, duration > 0 ? Math.min(seconds, duration) : seconds));
}

function captions(targets: ShortcutTargets): void {
  const shown = targets.toggleCaptions();
  const { texts } = targets;
  targets.announcer.say(shown === null ? texts('noCaptions') : shown === '' ? texts('captionsOff') : texts('captionsOn', { label: shown }));
}

function run(action: KeyAction, targets: ShortcutTargets): void {
  const { player } = targets;
  switch (action.type) {
    case 'togglePlay':
      if (player.paused()) playQuietly(player);
      else player.pause();
      return;
    case 'toggleFullscreen':
      return targets.toggleFullscreen();
    case 'toggleMute':
      player.muted(!player.muted());
      return;
    case 'toggleCaptions':
      return captions(targets);
    case 'seekBy':
      return seekTo(player, (player.currentTime() ?? 0) + action.seconds);
    case 'seekToFraction':
      return seekTo(player, (player.duration() ?? 0) * action.fraction);
    case 'volumeBy':
      player.muted(false);
      player.volume(clampVolume((player.volume() ?? 1) + action.delta));
      return;
    case 'rateStep': {
      const rate = nextRate(targets.rates, player.playbackRate() ?? 1, action.direction);
      player.playbackRate(rate);
      targets.announcer.say(targets.texts('speed', { rate: new Intl.NumberFormat(targets.locale).format(rate) }));
      return;
    }
    case 'help':
      return targets.openHelp();
  }
}

/** The `userActions.hotkeys` function of the video.js options. */
export function hotkeys(targets: ShortcutTargets): (event: KeyboardEvent) => void {
  return (event) => {
    const action = keyAction(event);
    if (!action) return;
    event.preventDefault();
    run(action, targets);
  };
}
