import type { TextKey } from './text-keys.js';

/** A text of the interface, with its `{name}` placeholders filled. */
export type Texts = (key: TextKey, params?: Readonly<Record<string, string | number>>) => string;

/**
 * The translator over `config.texts` (the server's `player.*` messages without the prefix).
 * A missing text shows its key, so that the gap is visible rather than silent (pure).
 */
export function createTexts(texts: Readonly<Record<string, string>>): Texts {
  return (key, params) => {
    const text = Object.hasOwn(texts, key) ? (texts[key] ?? key) : key;
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole: string, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
  };
}
