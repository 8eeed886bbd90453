import type { Request } from 'express';
import type { EncodingJob } from '../../domain/encoding/encoding-job.js';
import type { Video } from '../../domain/videos/video.js';
import { encodeForm, encodingState, liveAttributes } from './encoding-state.view.js';
import { encodingLog } from './encoding-log.view.js';
import { formatDate } from './format.js';
import { html, type SafeHtml } from './html.js';

/** Radio buttons over the thumbnail candidates (arrow keys move within the group). */
function thumbnailChooser(req: Request, csrf: string, video: Video): SafeHtml {
  const media = video.media;
  const count = media?.manifest.thumbnails.length ?? 0;
  if (!media || count === 0) return html``;
  const version = media.encodedAt.getTime();
  const options = media.manifest.thumbnails.map(
    (_file, index) => html`<div class="thumbnail-option">
        <input type="radio" id="thumbnail-${index}" name="index" value="${index}" ${index === media.thumbnailIndex ? 'checked' : ''}>
        <label for="thumbnail-${index}"><img src="/api/v1/videos/${video.id}/thumbnails/${index}?v=${version}" alt="${req.t('encoding.thumbnail.alt', { n: index + 1, count })}" width="160" height="90"></label>
      </div>`,
  );
  return html`<form method="post" action="/my/videos/${video.id}/thumbnail" class="thumbnail-chooser">
      <input type="hidden" name="_csrf" value="${csrf}">
      <fieldset aria-describedby="thumbnail-help">
        <legend>${req.t('encoding.thumbnail.legend')}</legend>
        <p class="help" id="thumbnail-help">${req.t('encoding.thumbnail.help')}</p>
        <div class="thumbnail-options">${options}</div>
      </fieldset>
      <button type="submit">${req.t('encoding.thumbnail.save')}</button>
    </form>`;
}

function summary(req: Request, video: Video): SafeHtml | string {
  if (video.status === 'ready' && video.media) return html`<p class="muted">${req.t('encoding.readyAt', { date: formatDate(video.media.encodedAt, req.locale) })}</p>`;
  if (!video.encoding && video.status !== 'failed') return html`<p class="muted">${req.t('encoding.notEncoded')}</p>`;
  return encodingState(req, video);
}

/**
 * The edit page's Encoding section: where the encoding stands (live while it runs), a retry or
 * re-encode button, the latest job's log, and the thumbnail chooser. Also served alone, as the
 * fragment the page script swaps in when the encoding ends.
 */
export function encodingSection(req: Request, csrf: string, video: Video, job: EncodingJob | null): SafeHtml {
  const t = req.t;
  return html`<section id="encoding" class="encoding-section" aria-labelledby="encoding-heading"${liveAttributes(video, `/my/videos/${video.id}/fragments/encoding`)}>
      <h2 id="encoding-heading">${t('encoding.title')}</h2>
      ${summary(req, video)}
      ${video.encoding && video.encoding.attempts > 1 ? html`<p class="muted">${t('encoding.attempts', { attempts: video.encoding.attempts })}</p>` : ''}
      ${encodeForm(req, csrf, video, { next: `/my/videos/${video.id}/edit`, reencode: true })}
      ${job ? encodingLog(req, job, t('encoding.log')) : ''}
      ${thumbnailChooser(req, csrf, video)}
    </section>`;
}
