/**
 * The shape of media URLs, `/media/<grant>/<video id>/<key>`, where the key is relative to
 * the video's storage folder (`videos/<id>/`). Pure: no file system, no decoding. A key is only
 * ever made of plain ASCII segments, so nothing needs percent-decoding and nothing can climb
 * out of the video's folder: `..`, dotfiles, `%2e%2e`, `%2f` and backslashes are all refused.
 */
export const MEDIA_PREFIX = '/media/';

/** The grant and the rest of the path (query string dropped), or null for URLs outside /media/. */
export interface MediaUrlParts {
  readonly grant: string;
  readonly rest: string;
}

const MAX_SEGMENTS = 5;
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const MEDIA_FOLDER = /^media-[A-Za-z0-9_-]{1,64}$/;
const OTHER_FOLDERS: ReadonlySet<string> = new Set(['tracks', 'enrichments']);

export function isMediaUrl(url: string): boolean {
  return url.startsWith(MEDIA_PREFIX);
}

export function splitMediaUrl(url: string): MediaUrlParts | null {
  if (!isMediaUrl(url)) return null;
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  const slash = path.indexOf('/', MEDIA_PREFIX.length);
  if (slash === -1) return { grant: path.slice(MEDIA_PREFIX.length), rest: '' };
  return { grant: path.slice(MEDIA_PREFIX.length, slash), rest: path.slice(slash + 1) };
}

/**
 * The key of a file under `videos/<id>/`, or null when the path is not one Lectern could have
 * made: 2 to 5 segments, the first `media-<job id>`, `tracks` or `enrichments`, each segment
 * letters, digits, `_`, `-` and `.` without a leading dot or a `..`.
 */
export function parseMediaKey(rest: string): string | null {
  const segments = rest.split('/');
  if (segments.length < 2 || segments.length > MAX_SEGMENTS) return null;
  const first = segments[0]!;
  if (!OTHER_FOLDERS.has(first) && !MEDIA_FOLDER.test(first)) return null;
  for (const segment of segments) {
    if (!SEGMENT.test(segment) || segment.includes('..')) return null;
  }
  return rest;
}

/** `<video id>/<key>`: the video the URL names and the key of the file in its folder, or null. */
export function parseMediaTarget(rest: string): { videoId: number; key: string } | null {
  const slash = rest.indexOf('/');
  const id = rest.slice(0, slash);
  if (slash === -1 || !/^[1-9]\d{0,9}$/.test(id)) return null;
  const key = parseMediaKey(rest.slice(slash + 1));
  return key === null ? null : { videoId: Number(id), key };
}

/** Files of an encoding (`media-<id>/…`) never change: a new encoding writes a new folder. */
export function isImmutableKey(key: string): boolean {
  return key.startsWith('media-');
}

/** The URL path with the grant replaced, for logs (grants are credentials). */
export function redactMediaPath(path: string): string {
  // Case-insensitive: Express routes `/MEDIA/…` to a 404 whose log line must not show a grant either.
  if (path.slice(0, MEDIA_PREFIX.length).toLowerCase() !== MEDIA_PREFIX) return path;
  const slash = path.indexOf('/', MEDIA_PREFIX.length);
  return `${MEDIA_PREFIX}<redacted>${slash === -1 ? '' : path.slice(slash)}`;
}
