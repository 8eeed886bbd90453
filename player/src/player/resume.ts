// Saves where a logged-in viewer is: every ~10 s while playing, on pause, seek and end, and
// when the page goes away. A failed save never disturbs playback (logged at debug level).
import { savePosition, type ResumeTarget } from './position-save.js';
import type { Player } from './vjs.js';

const SAVE_EVERY_MS = 10_000;

export function addResumeSaving(player: Player, target: ResumeTarget): void {
  let lastSaved = -1;
  let lastSaveAt = 0;
  const save = () => {
    const position = Math.floor(player.currentTime() ?? 0);
    lastSaveAt = Date.now();
    if (position === lastSaved) return;
    lastSaved = position;
    void savePosition(target, position);
  };
  player.on('play', () => {
    if (lastSaveAt === 0) lastSaveAt = Date.now();
  });
  player.on('timeupdate', () => {
    if (!player.paused() && Date.now() - lastSaveAt >= SAVE_EVERY_MS) save();
  });
  player.on(['pause', 'seeked', 'ended'], save);
  window.addEventListener('pagehide', save);
  // Mobile browsers may never fire pagehide for a tab sent to the background and killed.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') save();
  });
}
