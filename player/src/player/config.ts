import type { PlayerConfig } from '../contract/player-config.js';

export const CONFIG_ELEMENT_ID = 'lectern-player-config';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks the parts the player cannot do without; the server's presenter owns the rest. */
function checkConfig(value: unknown): PlayerConfig {
  if (!isRecord(value)) throw new Error('the player config is not an object');
  const sources = value.sources;
  if (!isRecord(sources) || !Array.isArray(sources.mp4) || !Array.isArray(sources.audio)) {
    throw new Error('the player config has no sources');
  }
  for (const list of ['tracks', 'chapters', 'enrichments', 'overlays'] as const) {
    if (!Array.isArray(value[list])) throw new Error(`the player config has no ${list} list`);
  }
  if (!isRecord(value.texts)) throw new Error('the player config has no texts');
  return value as unknown as PlayerConfig;
}

/** The PlayerConfig the server put in the page as JSON. */
export function readPlayerConfig(doc: Document): PlayerConfig {
  const element = doc.getElementById(CONFIG_ELEMENT_ID);
  if (!element?.textContent) throw new Error(`#${CONFIG_ELEMENT_ID} is missing or empty`);
  return checkConfig(JSON.parse(element.textContent));
}
