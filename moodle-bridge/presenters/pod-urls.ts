import { mediaPath } from '../../server/src/domain/access/media-grant.js';

/**
 * URLs in Esup-Pod's shapes, built from Lectern's configured public URL (never from the request's
 * Host header): DRF hyperlinks (`<base>/rest/videos/12/`), Pod's protocol-relative page and
 * thumbnail URLs (`//host/video/0012-title/`), and media URLs behind a grant. Pure.
 */
export interface PodUrls {
  /** Absolute URL of a REST resource: `rest('videos', 12)` → `https://host/rest/videos/12/`. */
  rest(collection: string, id?: number | string): string;
  /** Absolute URL of a path of this server. */
  absolute(path: string): string;
  /** `//host/path`, which the Moodle plugin prefixes with `http:` or `https:`. */
  protocolRelative(path: string): string;
  /** Root-relative URL of a file of the granted video (`/media/<grant>/<id>/<key>`). */
  media(grant: string, key: string): string;
}

export function podUrls(publicUrl: string): PodUrls {
  const base = publicUrl.replace(/\/+$/, '');
  const withoutScheme = base.replace(/^[a-z][a-z0-9+.-]*:/i, '');
  return {
    rest: (collection, id) => `${base}/rest/${collection}/${id === undefined ? '' : `${id}/`}`,
    absolute: (path) => `${base}${path}`,
    protocolRelative: (path) => `${withoutScheme}${path}`,
    media: (grant, key) => mediaPath(grant, key),
  };
}

/** The resources under `/rest/` (the order of Esup-Pod's router), which `GET /rest/` lists. */
export const POD_COLLECTIONS = [
  'users',
  'sites',
  'accessgroups',
  'types',
  'discipline',
  'videos',
  'renditions',
  'encodings_video',
  'encodings_audio',
  'playlist_videos',
  'tracks',
  'chapters',
] as const;
