// A polite live region: what changed without the viewer looking (an enrichment appeared, the
// video paused for it, the speed changed).
import { h } from './dom.js';

export interface Announcer {
  say(text: string): void;
}

const CLEAR_AFTER_MS = 7000;

export function createAnnouncer(parent: Element): Announcer {
  const region = h('div', 'lectern-visually-hidden lectern-announcer', { 'aria-live': 'polite', 'aria-atomic': 'true' });
  parent.appendChild(region);
  let setTimer: ReturnType<typeof setTimeout> | undefined;
  let clearTimer: ReturnType<typeof setTimeout> | undefined;
  return {
    say(text) {
      // Emptied first, so that the same sentence twice is read twice.
      region.textContent = '';
      clearTimeout(setTimer);
      clearTimeout(clearTimer);
      setTimer = setTimeout(() => {
        region.textContent = text;
      }, 50);
      clearTimer = setTimeout(() => {
        region.textContent = '';
      }, CLEAR_AFTER_MS);
    },
  };
}
