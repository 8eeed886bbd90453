import type { playerEn } from './player.en.js';

/** Textes français : the player and the video page. */
export const playerFr: Record<keyof typeof playerEn, string> = {
  'player.placeholder': 'player',
};
