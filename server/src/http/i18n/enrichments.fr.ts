import type { enrichmentsEn } from './enrichments.en.js';

/** Textes français : chapters, tracks, enrichments and overlays editors. */
export const enrichmentsFr: Record<keyof typeof enrichmentsEn, string> = {
  'enrichments.placeholder': 'enrichments',
};
