import sanitizeHtml from 'sanitize-html';

/**
 * The one use of sanitize-html (ARCHITECTURE.md §4.9): every piece of user HTML we keep goes
 * through one of these named policies, on input, before it is stored.
 *
 * - description: a video's description, simple formatting and links;
 * - richtext: a rich-text enrichment, the description's tags plus headings, tables and https images;
 * - overlay: text shown over the video, inline formatting and links only;
 * - embed: a single `<iframe>` with an https `src`, sandboxed, and nothing else.
 *
 * None of them keeps scripts, event handlers, `style`, `srcdoc`, forms or non-http(s) URLs.
 * Links get rel="noopener noreferrer nofollow".
 */
export type HtmlPolicy = 'description' | 'richtext' | 'overlay' | 'embed';

const SAFE_LINK = sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow' });

const INLINE_TAGS = ['br', 'strong', 'b', 'em', 'i', 'u', 's', 'a', 'code', 'span', 'sub', 'sup', 'mark', 'small'];
const DESCRIPTION_TAGS = ['p', 'strong', 'b', 'em', 'i', 'u', 's', 'br', 'ul', 'ol', 'li', 'a', 'blockquote', 'code', 'pre', 'h3', 'h4', 'h5', 'h6', 'span', 'sub', 'sup'];
const RICHTEXT_TAGS = [...DESCRIPTION_TAGS, 'h2', 'hr', 'mark', 'small', 'dl', 'dt', 'dd', 'table', 'caption', 'thead', 'tbody', 'tr', 'th', 'td', 'figure', 'figcaption', 'img'];

/** Sandbox of embedded frames: the player page never gets navigated or scripted by them. */
export const EMBED_SANDBOX = 'allow-scripts allow-same-origin allow-popups allow-presentation allow-forms';

function isHttpsUrl(value: string | undefined): value is string {
  if (!value) return false;
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    // Not an absolute URL (relative, or garbage): not an https one.
    return false;
  }
}

/** Keeps an image only with an absolute https source (no data: or relative URLs, no tracking through http). */
function httpsImage(tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  const { src, alt, width, height, title } = attribs;
  return { tagName, attribs: { ...(isHttpsUrl(src) ? { src } : {}), alt: alt ?? '', ...(width ? { width } : {}), ...(height ? { height } : {}), ...(title ? { title } : {}) } };
}

/** An iframe keeps an https src, a few layout attributes, and gets our sandbox and referrer policy. */
function safeIframe(tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  const kept: sanitizeHtml.Attributes = {};
  if (isHttpsUrl(attribs.src)) kept.src = attribs.src;
  for (const name of ['width', 'height'] as const) if (attribs[name] && /^\d{1,4}%?$/.test(attribs[name])) kept[name] = attribs[name];
  if (attribs.title) kept.title = attribs.title;
  if (attribs.allow) kept.allow = attribs.allow.split(';').map((item) => item.trim()).filter((item) => /^[a-z-]+(?: [^;]*)?$/.test(item) && item.length < 100).join('; ');
  if ('allowfullscreen' in attribs) kept.allowfullscreen = '';
  kept.sandbox = EMBED_SANDBOX;
  kept.referrerpolicy = 'strict-origin-when-cross-origin';
  kept.loading = 'lazy';
  return { tagName, attribs: kept };
}

const COMMON: sanitizeHtml.IOptions = {
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['https'], iframe: ['https'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
};

const POLICIES: Record<HtmlPolicy, sanitizeHtml.IOptions> = {
  description: {
    ...COMMON,
    allowedTags: DESCRIPTION_TAGS,
    allowedAttributes: { a: ['href', 'title', 'lang', 'rel'], span: ['lang'], p: ['lang'] },
    transformTags: { a: SAFE_LINK },
  },
  richtext: {
    ...COMMON,
    allowedTags: RICHTEXT_TAGS,
    allowedAttributes: { a: ['href', 'title', 'lang', 'rel'], span: ['lang'], p: ['lang'], img: ['src', 'alt', 'width', 'height', 'title'], th: ['scope', 'colspan', 'rowspan'], td: ['colspan', 'rowspan'] },
    transformTags: { a: SAFE_LINK, img: httpsImage },
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  },
  overlay: {
    ...COMMON,
    allowedTags: ['p', ...INLINE_TAGS],
    allowedAttributes: { a: ['href', 'title', 'lang', 'rel'], span: ['lang'], p: ['lang'] },
    transformTags: { a: SAFE_LINK },
  },
  embed: {
    ...COMMON,
    allowedTags: ['iframe'],
    allowedAttributes: { iframe: ['src', 'width', 'height', 'title', 'allow', 'allowfullscreen', 'sandbox', 'referrerpolicy', 'loading'] },
    allowedSchemes: ['https'],
    transformTags: { iframe: safeIframe },
    exclusiveFilter: (frame) => frame.tag === 'iframe' && !frame.attribs.src,
    // Text around or inside the frame is dropped: an embed is the frame and nothing else.
    textFilter: () => '',
  },
};

/** Sanitizes `html` under a policy; the result is safe to insert into a page as is. */
export function sanitizeHtmlAs(policy: HtmlPolicy, html: string): string {
  const clean = sanitizeHtml(html, POLICIES[policy]).trim();
  if (policy !== 'embed') return clean;
  // One frame per embed: the first one (our own output, so this pattern matches it exactly).
  return /^<iframe\b[^>]*><\/iframe>/.exec(clean)?.[0] ?? '';
}

export function sanitizeDescription(html: string): string {
  return sanitizeHtmlAs('description', html);
}
