import type { Locale } from '../../config/config.js';
import { en, type MessageKey } from './messages.en.js';
import { fr } from './messages.fr.js';

export type { MessageKey };
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export const LOCALES: readonly Locale[] = ['fr', 'en'];
const CATALOGUES: Record<Locale, Record<MessageKey, string>> = { en, fr };

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

export function translator(locale: Locale): Translate {
  const catalogue = CATALOGUES[locale];
  return (key, params) => {
    const text = catalogue[key] ?? en[key] ?? key;
    return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : text;
  };
}

export function isLocale(value: unknown): value is Locale {
  return value === 'fr' || value === 'en';
}

/** The best of our locales for an Accept-Language header, or null. */
export function negotiateLocale(acceptLanguage: string | undefined): Locale | null {
  if (!acceptLanguage) return null;
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { language: tag.trim().toLowerCase().split('-')[0] ?? '', q: q ? Number(q) : 1 };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  return ranked.map((entry) => entry.language).find(isLocale) ?? null;
}

/** The texts whose key starts with `prefix`, keyed without it (e.g. the player's `player.*`). */
export function textsWithPrefix(locale: Locale, prefix: string): Record<string, string> {
  const catalogue = CATALOGUES[locale];
  const texts: Record<string, string> = {};
  for (const key of Object.keys(en) as MessageKey[]) {
    if (key.startsWith(prefix)) texts[key.slice(prefix.length)] = catalogue[key] ?? en[key];
  }
  return texts;
}
