/**
 * Every text the player shows, by key: `texts.<key>` comes from the server's `player.<key>`
 * message (server/src/http/i18n/player.en.ts and player.fr.ts; a unit test keeps them in step).
 */
export const TEXT_KEYS = [
  'quality', 'qualityCurrent', 'qualityAuto', 'qualityAutoPlaying',
  'chapters', 'chapterMarker',
  'shortcuts', 'shortcutsIntro', 'shortcutPlayPause', 'shortcutFullscreen', 'shortcutMute',
  'shortcutBack5', 'shortcutForward5', 'shortcutBack10', 'shortcutForward10',
  'shortcutVolumeUp', 'shortcutVolumeDown', 'shortcutCaptions', 'shortcutJump',
  'shortcutSlower', 'shortcutFaster', 'shortcutHelp', 'keySpace', 'keyOr', 'keyTo',
  'fullscreenNewTab',
  'enrichments', 'enrichmentsAll', 'enrichmentNone', 'enrichmentShown', 'enrichmentPaused',
  'typeImage', 'typeRichtext', 'typeWeblink', 'typeDocument', 'typeEmbed',
  'newTab', 'download', 'downloadTyped',
  'resumed', 'startOver', 'speed', 'captionsOn', 'captionsOff', 'noCaptions', 'unplayable',
] as const;

export type TextKey = (typeof TEXT_KEYS)[number];
