/** English texts of the player and the video page. */
export const playerEn = {
  'player.placeholder': 'player',
} as const;
