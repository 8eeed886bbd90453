/** English texts of chapters, tracks, enrichments and overlays editors. */
export const enrichmentsEn = {
  'enrichments.placeholder': 'enrichments',
} as const;
