// How enrichment details are written for people (pure).

const FILE_TYPES: readonly [RegExp, string][] = [
  [/^application\/pdf$/, 'PDF'],
  [/wordprocessingml|^application\/msword$|opendocument\.text/, 'Word'],
  [/spreadsheetml|^application\/vnd\.ms-excel$|opendocument\.spreadsheet|^text\/csv$/, 'Spreadsheet'],
  [/presentationml|^application\/vnd\.ms-powerpoint$|opendocument\.presentation/, 'Slides'],
  [/^application\/(zip|x-zip-compressed)$/, 'ZIP'],
  [/^text\/plain$/, 'TXT'],
];

/**
 * A short name for a document's type: "PDF", "Word", "Spreadsheet", "Slides", "ZIP", "TXT",
 * else the file's extension ("ODG"), else the MIME subtype ("PNG"), else "".
 */
export function fileTypeLabel(fileType: string | null, fileName: string | null): string {
  const mime = (fileType ?? '').toLowerCase().split(';')[0]?.trim() ?? '';
  const known = FILE_TYPES.find(([pattern]) => pattern.test(mime));
  if (known) return known[1];
  const extension = /\.([a-z0-9]{1,8})$/i.exec(fileName ?? '')?.[1];
  if (extension) return extension.toUpperCase();
  const subtype = /^[a-z]+\/([a-z0-9.+-]+)$/.exec(mime)?.[1];
  return subtype ? subtype.toUpperCase() : '';
}

/** The host a link goes to, without "www." ("example.org"); "" when it is not a web URL. */
export function linkHost(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return '';
    return parsed.hostname.replace(/^www\./, '');
  } catch {
    // Not an absolute URL (a relative link on this site): no host to show.
    return '';
  }
}

/** Whether a link may be followed: http(s) or same-site, never javascript: or data:. */
export function isSafeLink(url: string): boolean {
  if (url.startsWith('/') && !url.startsWith('//')) return true;
  return linkHost(url) !== '';
}
