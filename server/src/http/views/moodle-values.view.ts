import type { Request } from 'express';
import type { ApiToken } from '../../domain/tokens/api-token.js';
import { html, type SafeHtml } from './html.js';

export interface MoodleValuesOptions {
  /** Lectern's public URL (config.publicUrl, never with a trailing slash). */
  readonly publicUrl: string;
  readonly key: ApiToken;
  /** The key itself, right after its creation; afterwards only its prefix is named. */
  readonly secret?: string;
  readonly siteName: string;
}

/** The encoded-file extensions Lectern produces (MP4 renditions, MP3, M4A for audio-only sources). */
export const POD_EXTENSIONS = 'mp4,mp3,m4a';

const code = (text: string | number): SafeHtml => html`<code>${text}</code>`;

/**
 * "Values to enter in Moodle": the repository_pod instance settings for this key
 * (../shared/specs/pod-compat.md §1.2, moodle-observed.md §8.1 and §8.4), one row per setting.
 */
export function moodleValuesPanel(req: Request, options: MoodleValuesOptions): SafeHtml {
  const t = req.t;
  const { key } = options;
  const state = (on: boolean) => t(on ? 'moodle.values.checked' : 'moodle.values.unchecked');
  const rows: [string, SafeHtml | string, string][] = [
    ['pod_url', code(options.publicUrl.replace(/\/+$/, '')), t('moodle.values.pod_url')],
    ['pod_api_key', options.secret ? code(options.secret) : t('moodle.values.existingKey', { prefix: `${key.prefix}…` }), t('moodle.values.pod_api_key')],
    ['page_size', code(key.pageSize), t('moodle.values.page_size')],
    ['extensions', code(POD_EXTENSIONS), t('moodle.values.extensions')],
    ['https', state(options.publicUrl.startsWith('https://')), t('moodle.values.https')],
    ['qualitymode', t('moodle.values.either', { first: 'lower', second: 'best' }), t('moodle.values.qualitymode')],
    ['thumbnail', state(false), t('moodle.values.thumbnail')],
    ['usernamehook', state(key.usernameMapping === 'email'), t('moodle.values.usernamehook')],
    ['enrichedviewmode', t('moodle.values.either', { first: state(false), second: state(true) }), t('moodle.values.enrichedviewmode')],
    ['site_id', code(1), t('moodle.values.site_id', { site: options.siteName })],
  ];
  return html`<section aria-labelledby="moodle-values-heading" class="moodle-values">
      <h2 id="moodle-values-heading">${t('moodle.values.title')}</h2>
      <p>${t('moodle.values.where')}</p>
      <table>
        <thead><tr><th scope="col">${t('moodle.values.setting')}</th><th scope="col">${t('moodle.values.value')}</th><th scope="col">${t('moodle.values.why')}</th></tr></thead>
        <tbody>${rows.map(([name, value, why]) => html`<tr data-setting="${name}"><th scope="row"><code>${name}</code></th><td>${value}</td><td>${why}</td></tr>`)}</tbody>
      </table>
    </section>`;
}
