import sanitizeHtml from 'sanitize-html';

/**
 * The one use of sanitize-html: descriptions keep simple formatting and links, nothing that
 * runs or restyles the page. Links get rel="noopener noreferrer nofollow".
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'b', 'em', 'i', 'u', 's', 'ul', 'ol', 'li', 'a', 'blockquote', 'code', 'pre', 'h3', 'h4', 'h5', 'h6', 'span', 'sub', 'sup'],
  allowedAttributes: { a: ['href', 'title', 'lang', 'rel'], span: ['lang'], p: ['lang'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow' }),
  },
  disallowedTagsMode: 'discard',
};

export function sanitizeDescription(html: string): string {
  return sanitizeHtml(html, OPTIONS).trim();
}
