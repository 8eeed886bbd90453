import type { Locale } from '../../config/config.js';
import { translator } from '../i18n/i18n.js';
import { escapeHtml } from '../views/html.js';
import { formatMeetingDate } from '../views/meetings.view.js';

/**
 * The description of a video imported from a BigBlueButton recording, in the site's language:
 * a rich-text paragraph saying which meeting it was recorded in, and when (on the meetings' clocks).
 */
export function recordingImportDescriber(locale: Locale) {
  const t = translator(locale);
  return (recording: { readonly meetingName: string; readonly recordedAt: Date; readonly timeZone: string }): string =>
    `<p>${t('bbbImport.videoDescription', { meeting: escapeHtml(recording.meetingName), date: escapeHtml(formatMeetingDate(recording.recordedAt, locale, recording.timeZone)) })}</p>`;
}
