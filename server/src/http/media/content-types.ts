/**
 * What a media file is served as, by its extension. Pure. Types a browser could run (SVG can
 * carry script) get a sandboxing Content-Security-Policy; office documents and anything unknown
 * are downloads (`Content-Disposition: attachment`). Every media answer also says nosniff.
 */
export interface MediaType {
  readonly contentType: string;
  readonly attachment: boolean;
  /** Content-Security-Policy for types that may hold active content, else null. */
  readonly csp: string | null;
}

const SANDBOX_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

const inline = (contentType: string): MediaType => ({ contentType, attachment: false, csp: null });
const download = (contentType: string): MediaType => ({ contentType, attachment: true, csp: null });

const TYPES: ReadonlyMap<string, MediaType> = new Map([
  ['m3u8', inline('application/vnd.apple.mpegurl')],
  ['mp4', inline('video/mp4')],
  ['m4v', inline('video/mp4')],
  ['m4s', inline('video/iso.segment')],
  ['ts', inline('video/mp2t')],
  ['m4a', inline('audio/mp4')],
  ['mp3', inline('audio/mpeg')],
  ['aac', inline('audio/aac')],
  ['vtt', inline('text/vtt; charset=utf-8')],
  ['txt', inline('text/plain; charset=utf-8')],
  ['jpg', inline('image/jpeg')],
  ['jpeg', inline('image/jpeg')],
  ['png', inline('image/png')],
  ['webp', inline('image/webp')],
  ['gif', inline('image/gif')],
  ['avif', inline('image/avif')],
  ['svg', { contentType: 'image/svg+xml', attachment: false, csp: SANDBOX_CSP }],
  ['pdf', inline('application/pdf')],
  ['doc', download('application/msword')],
  ['docx', download('application/vnd.openxmlformats-officedocument.wordprocessingml.document')],
  ['xls', download('application/vnd.ms-excel')],
  ['xlsx', download('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')],
  ['ppt', download('application/vnd.ms-powerpoint')],
  ['pptx', download('application/vnd.openxmlformats-officedocument.presentationml.presentation')],
  ['odt', download('application/vnd.oasis.opendocument.text')],
  ['ods', download('application/vnd.oasis.opendocument.spreadsheet')],
  ['odp', download('application/vnd.oasis.opendocument.presentation')],
  ['zip', download('application/zip')],
]);

const UNKNOWN = download('application/octet-stream');

export function mediaTypeOf(fileName: string): MediaType {
  const dot = fileName.lastIndexOf('.');
  if (dot === -1) return UNKNOWN;
  return TYPES.get(fileName.slice(dot + 1).toLowerCase()) ?? UNKNOWN;
}
