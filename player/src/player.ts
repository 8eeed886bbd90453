// The watch page's player: reads the PlayerConfig the server put in the page and builds the
// player inside #lectern-player (see player/player/mount.ts; state.ts documents the
// read-only `window.lecternPlayer` handle and the data attributes tests wait on).
import { readPlayerConfig } from './player/config.js';
import { mountPlayer } from './player/mount.js';

const root = document.getElementById('lectern-player');
if (root) {
  try {
    mountPlayer(root, readPlayerConfig(document));
  } catch (error) {
    root.dataset.error = 'config';
    throw error;
  }
}
