import type { Request } from 'express';
import type { EncodingJob } from '../../domain/encoding/encoding-job.js';
import { formatTime } from './format.js';
import { html, type SafeHtml } from './html.js';

/** A job's log, and ffmpeg's last words when it failed, folded in a <details>. */
export function encodingLog(req: Request, job: EncodingJob, summary: SafeHtml | string): SafeHtml {
  const entries = job.log.map((entry) => {
    const at = new Date(entry.at);
    const time = Number.isNaN(at.getTime()) ? entry.at : formatTime(at, req.locale, { seconds: true });
    return html`<li class="log-${entry.level}"><time datetime="${entry.at}">${time}</time> ${entry.message}</li>`;
  });
  return html`<details class="encoding-log">
      <summary>${summary}</summary>
      ${entries.length ? html`<ol class="log-entries">${entries}</ol>` : html`<p class="muted">${req.t('encoding.logEmpty')}</p>`}
      ${job.stderrTail ? html`<p class="log-heading" id="stderr-${job.id}">${req.t('encoding.stderr')}</p><pre class="stderr" tabindex="0" aria-labelledby="stderr-${job.id}">${job.stderrTail}</pre>` : ''}
    </details>`;
}
