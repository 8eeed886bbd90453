import type { accessEn } from './access.en.js';

/** Textes français : access rules, share links, password form. */
export const accessFr: Record<keyof typeof accessEn, string> = {
  'access.placeholder': 'access',
};
