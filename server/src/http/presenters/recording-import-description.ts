import type { Locale } from '../../config/config.js';
import { translator } from '../i18n/i18n.js';
import { formatDate } from '../views/format.js';
import { escapeHtml } from '../views/html.js';

/**
 * The description of a video imported from a BigBlueButton recording, in the site's language:
 * a rich-text paragraph saying which meeting it was recorded in, and when.
 */
export function recordingImportDescriber(locale: Locale) {
  const t = translator(locale);
  return (recording: { readonly meetingName: string; readonly recordedAt: Date }): string =>
    `<p>${t('bbbImport.videoDescription', { meeting: escapeHtml(recording.meetingName), date: escapeHtml(formatDate(recording.recordedAt, locale)) })}</p>`;
}
