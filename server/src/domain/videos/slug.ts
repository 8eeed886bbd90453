/**
 * Esup-Pod's video slug: `"%04d-%s" % (id, slugify(title))`. slugify follows Django's:
 * NFKD, drop what is not ASCII, lower case, keep word characters, spaces and hyphens, then
 * collapse runs of spaces and hyphens into one hyphen. A title with nothing left (emoji only)
 * gives "video" rather than Pod's trailing hyphen.
 */
const MAX_SLUG_TEXT = 200;

export function slugify(text: string): string {
  const ascii = text
    .normalize('NFKD')
    .replace(/\P{ASCII}/gu, '')
    .toLowerCase()
    .replace(/[^\w\s-]/g, '')
    .trim();
  return ascii
    .replace(/[-\s]+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '')
    .slice(0, MAX_SLUG_TEXT)
    .replace(/-+$/, '');
}

export function videoSlug(id: number, title: string): string {
  return `${String(id).padStart(4, '0')}-${slugify(title) || 'video'}`;
}

/** The id a video slug starts with (`0042-my-talk` → 42), or null when it has no id prefix. */
export function videoIdOfSlug(slug: string): number | null {
  const match = /^(\d{1,9})-/.exec(slug);
  return match ? Number(match[1]) : null;
}
