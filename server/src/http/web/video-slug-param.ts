/**
 * The video id in an Esup-Pod slug (`0042-my-title`, or a bare `42`): Pod resolves pages by
 * this id, so links keep working when the title (and so the slug) changes.
 */
export function videoIdFromSlug(slug: unknown): number | null {
  if (typeof slug !== 'string') return null;
  const match = /^(\d{1,10})(?:-[\w-]*)?$/.exec(slug);
  if (!match) return null;
  const id = Number(match[1]);
  return id > 0 && id <= 2_147_483_647 ? id : null;
}
