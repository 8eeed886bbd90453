import type { Locale } from '../../config/config.js';
import { formatByteSize } from '../../config/byte-size.js';

export function formatDate(date: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function formatBytes(bytes: number, locale: Locale): string {
  const text = formatByteSize(bytes);
  return locale === 'fr' ? text.replace('.', ',').replace(/B$/, 'o').replace('KiB', 'Kio').replace('MiB', 'Mio').replace('GiB', 'Gio').replace('TiB', 'Tio') : text;
}

export function formatTime(date: Date, locale: Locale, options: { seconds?: boolean } = {}): string {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { timeStyle: options.seconds ? 'medium' : 'short' }).format(date);
}
