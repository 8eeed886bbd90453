/**
 * File names come from users: they are only ever shown, never used as paths. `safeFilename`
 * keeps the last path segment, without control characters, at most 200 code points.
 */
const MAX_NAME = 200;

const KNOWN_EXTENSIONS = new Set([
  'mp4', 'm4v', 'mov', 'mkv', 'webm', 'avi', 'mpg', 'mpeg', 'ts', 'mts', 'm2ts', 'flv', 'wmv', 'ogv', '3gp',
  'mp3', 'm4a', 'aac', 'wav', 'flac', 'ogg', 'oga', 'opus', 'wma',
]);

const EXTENSION_BY_FORMAT: Record<string, string> = {
  mov: 'mp4', mp4: 'mp4', matroska: 'mkv', webm: 'webm', avi: 'avi', mpegts: 'ts', mpeg: 'mpg', flv: 'flv',
  asf: 'wmv', ogg: 'ogg', mp3: 'mp3', wav: 'wav', flac: 'flac', aac: 'aac',
};

export function safeFilename(raw: string): string {
  const lastSegment = raw.split(/[\\/]/).pop() ?? '';
  const cleaned = lastSegment
    .normalize('NFC')
    .replace(/\p{Cc}/gu, '')
    .replace(/^\.+/, '')
    .trim();
  const limited = [...cleaned].slice(0, MAX_NAME).join('');
  return limited || 'upload';
}

export function titleFromFilename(filename: string): string {
  const withoutExtension = filename.replace(/\.[^.]{1,5}$/, '');
  const spaced = withoutExtension.replace(/[_]+/g, ' ').trim();
  return [...(spaced || filename)].slice(0, 250).join('');
}

/** The stored file's extension: the user's if it is a known media one, else from the format. */
export function mediaExtension(filename: string, formatName: string): string {
  const fromName = /\.([a-z0-9]{1,5})$/i.exec(filename)?.[1]?.toLowerCase();
  if (fromName && KNOWN_EXTENSIONS.has(fromName)) return fromName;
  for (const format of formatName.split(',')) {
    const extension = EXTENSION_BY_FORMAT[format];
    if (extension) return extension;
  }
  return 'media';
}
