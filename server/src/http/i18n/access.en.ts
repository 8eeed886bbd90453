/** English texts of access rules, share links, password form. */
export const accessEn = {
  'access.placeholder': 'access',
} as const;
