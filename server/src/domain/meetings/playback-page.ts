/**
 * Where the bytes of a BigBlueButton `video` playback are (bbb-xapi-sso.md §1.6), pure: BBB's
 * `index.html` (record-and-playback/video/playback/video/index.html.erb) lists the media files
 * as `<source src="video-<i>.<ext>">` and the captions as `<track kind="captions"
 * src="caption_<locale>.vtt" srclang="<locale>">`, both relative to the page. When the page
 * names no usable source, BBB's stock file `video-0.m4v` next to the page is the guess.
 */

/** Media files an import accepts (Pod's VIDEO_ALLOWED_EXTENSIONS for BBB recordings). */
export const RECORDING_MEDIA_EXTENSIONS: readonly string[] = ['m4v', 'mp4', 'webm', 'mkv'];
/** BBB's stock media file, in the playback's folder. */
export const DEFAULT_RECORDING_MEDIA = 'video-0.m4v';

export interface PlaybackCaption {
  readonly url: string;
  /** As BBB names it (`fr`, `pt-BR`, `en_US`): the caller normalises it into a language tag. */
  readonly locale: string;
  readonly label: string | null;
}

export interface PlaybackMedia {
  readonly videoUrl: string;
  /** False when the page named no usable source and `video-0.m4v` is a guess. */
  readonly fromPage: boolean;
  readonly captions: readonly PlaybackCaption[];
}

type Attributes = ReadonlyMap<string, string>;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", '#x27': "'", '#47': '/', '#x2F': '/' };

function decodeEntities(value: string): string {
  return value.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (whole, name: string) => {
    const known = ENTITIES[name] ?? ENTITIES[name.toLowerCase()];
    if (known !== undefined) return known;
    if (/^#x/i.test(name)) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return whole;
  });
}

/** The attributes of every `<name …>` start tag outside comments, scripts and styles, in page order. */
function startTags(html: string, name: string): Attributes[] {
  const visible = html.replace(/<!--[\s\S]*?-->/g, '').replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '');
  const tags: Attributes[] = [];
  const tagPattern = new RegExp(`<${name}\\b((?:[^>"']|"[^"]*"|'[^']*')*)>`, 'gi');
  for (const match of visible.matchAll(tagPattern)) {
    const attributes = new Map<string, string>();
    for (const attribute of (match[1] ?? '').matchAll(/([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)) {
      const key = attribute[1]!.toLowerCase();
      if (!attributes.has(key)) attributes.set(key, decodeEntities(attribute[2] ?? attribute[3] ?? attribute[4] ?? ''));
    }
    tags.push(attributes);
  }
  return tags;
}

/** The absolute http(s) URL of `reference` on the page at `base`, or null. */
function resolve(reference: string, base: string): URL | null {
  try {
    const url = new URL(reference.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    // Not a URL a browser would follow either: this tag is ignored.
    return null;
  }
}

/** The file extension of a URL's last path segment, lower-cased ('' when none). */
export function urlExtension(url: string | URL): string {
  const pathname = typeof url === 'string' ? new URL(url).pathname : url.pathname;
  const last = pathname.split('/').pop() ?? '';
  const dot = last.lastIndexOf('.');
  return dot > 0 ? last.slice(dot + 1).toLowerCase() : '';
}

export function isRecordingMediaUrl(url: string | URL): boolean {
  return RECORDING_MEDIA_EXTENSIONS.includes(urlExtension(url));
}

/** The first `<source>` that is a video file we accept (an audio or unknown type is skipped). */
function videoSource(html: string, pageUrl: string): URL | null {
  for (const tag of startTags(html, 'source')) {
    const url = resolve(tag.get('src') ?? '', pageUrl);
    const type = tag.get('type')?.toLowerCase() ?? '';
    if (url && isRecordingMediaUrl(url) && !type.startsWith('audio/')) return url;
  }
  return null;
}

const CAPTION_FILE = /^caption_([A-Za-z0-9_-]{2,35})\.vtt$/;

/** `caption_<locale>.vtt` tracks, the locale from the file's name; one per locale. */
function captions(html: string, pageUrl: string): PlaybackCaption[] {
  const found = new Map<string, PlaybackCaption>();
  for (const tag of startTags(html, 'track')) {
    const url = resolve(tag.get('src') ?? '', pageUrl);
    const locale = url ? CAPTION_FILE.exec(decodeURIComponent(url.pathname.split('/').pop() ?? ''))?.[1] : undefined;
    if (!url || !locale || found.has(locale.toLowerCase())) continue;
    found.set(locale.toLowerCase(), { url: url.href, locale, label: tag.get('label')?.trim() || null });
  }
  return [...found.values()];
}

/**
 * What relative references on the page resolve against. BBB lists the page as
 * `…/playback/video/<id>/` and its nginx redirects `…/<id>` there (301), as Scalelite does to
 * `/video/<id>/`; a page served at `…/<id>` itself (a proxy that does not redirect) is still
 * the folder `<id>/`, which holds its files: a last segment without an extension is a folder.
 */
function pageFolder(pageUrl: string): string {
  const url = new URL(pageUrl);
  if (!url.pathname.endsWith('/') && urlExtension(url) === '') url.pathname += '/';
  return url.href;
}

/**
 * The media file and captions of a playback page fetched from `pageUrl` (the URL it was
 * finally served from, after redirects: relative references resolve against its folder).
 */
export function parsePlaybackPage(html: string, pageUrl: string): PlaybackMedia {
  const base = pageFolder(pageUrl);
  const source = videoSource(html, base);
  return {
    videoUrl: (source ?? new URL(DEFAULT_RECORDING_MEDIA, base)).href,
    fromPage: source !== null,
    captions: captions(html, base),
  };
}
