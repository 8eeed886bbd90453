import type { Request } from 'express';
import { ENCODING_JOB_STATUSES, type EncodingJobListing, type EncodingJobStatus } from '../../domain/encoding/encoding-job.js';
import { encodeButton, failureReason, progressBar, retryText, stepName } from './encoding-state.view.js';
import { encodingLog } from './encoding-log.view.js';
import { formatDate } from './format.js';
import { html, type SafeHtml } from './html.js';
import { renderPage } from './layout.view.js';

export interface AdminEncodingOptions {
  readonly jobs: readonly EncodingJobListing[];
  readonly counts: Readonly<Record<EncodingJobStatus, number>>;
  /** The statuses shown; null for the default filter (queued, running and failed). */
  readonly filter: readonly EncodingJobStatus[] | null;
}

const jobStatus = (req: Request, status: EncodingJobStatus): string => req.t(`encoding.jobStatus.${status}`);

function countLinks(req: Request, options: AdminEncodingOptions): SafeHtml {
  const only = options.filter?.length === 1 ? options.filter[0] : null;
  const link = (status: EncodingJobStatus) =>
    html`<li><a href="/admin/encoding?status=${status}"${only === status ? html` aria-current="true"` : ''}>${jobStatus(req, status)}</a> <span class="count">${options.counts[status]}</span></li>`;
  return html`<section aria-labelledby="counts-heading">
      <h2 id="counts-heading">${req.t('admin.encoding.counts')}</h2>
      <ul class="status-counts">
        ${ENCODING_JOB_STATUSES.map(link)}
        <li><a href="/admin/encoding"${options.filter ? '' : html` aria-current="true"`}>${req.t('admin.encoding.showDefault')}</a></li>
      </ul>
    </section>`;
}

function stateCell(req: Request, job: EncodingJobListing): SafeHtml {
  if (job.status === 'running') return html`<div class="encoding-progress">${progressBar(req, job.progress, job.step)}</div>`;
  // The reason of the last failure has a column of its own.
  if (job.status === 'queued') return html`${retryText(req, { retryAt: job.retryAt, errorCode: null, errorMessage: null })}`;
  if (job.status === 'succeeded' || !job.step) return html``;
  return html`${req.t('encoding.progressText', { percent: Math.floor(job.progress), step: stepName(req, job.step) })}`;
}

function jobRow(req: Request, csrf: string, job: EncodingJobListing, retry: boolean): SafeHtml {
  const next = req.originalUrl;
  const video = { id: job.videoId, title: job.videoTitle };
  return html`<tr data-job-id="${job.id}">
      <th scope="row"><a href="/my/videos/${job.videoId}/edit">${job.videoTitle}</a></th>
      <td>${job.ownerUsername}</td>
      <td><span class="badge job-${job.status}">${jobStatus(req, job.status)}</span></td>
      <td>${stateCell(req, job)}</td>
      <td>${job.attempts}</td>
      <td>${job.worker ? html`<code>${job.worker}</code>` : '—'}</td>
      <td><time datetime="${job.queuedAt.toISOString()}">${formatDate(job.queuedAt, req.locale)}</time>
        ${job.startedAt ? html`<br><time datetime="${job.startedAt.toISOString()}">${formatDate(job.startedAt, req.locale)}</time>` : ''}</td>
      <td>${job.errorCode ? html`<p class="encoding-error">${failureReason(req, job.errorCode, job.errorMessage)}</p>` : ''}
        ${retry ? encodeButton(req, csrf, video, { label: 'encoding.retry', next, titled: true }) : ''}
        ${encodingLog(req, job, html`${req.t('admin.encoding.details')}<span class="visually-hidden"> ${job.videoTitle}</span>`)}</td>
    </tr>`;
}

function jobTable(req: Request, csrf: string, jobs: readonly EncodingJobListing[]): SafeHtml {
  if (!jobs.length) return html`<p class="empty">${req.t('admin.encoding.empty')}</p>`;
  // Only a failure that is still the video's current encoding is offered a retry: an old
  // failure of a video encoded since stays listed as history.
  const rows = jobs.map((job) => jobRow(req, csrf, job, job.status === 'failed' && job.isCurrent));
  const t = req.t;
  return html`<table class="encoding-jobs">
      <caption class="visually-hidden">${t('admin.encoding.title')}</caption>
      <thead><tr>
        <th scope="col">${t('admin.encoding.col.video')}</th>
        <th scope="col">${t('admin.encoding.col.owner')}</th>
        <th scope="col">${t('admin.encoding.col.status')}</th>
        <th scope="col">${t('admin.encoding.col.progress')}</th>
        <th scope="col">${t('admin.encoding.col.attempts')}</th>
        <th scope="col">${t('admin.encoding.col.worker')}</th>
        <th scope="col">${t('admin.encoding.col.times')}</th>
        <th scope="col">${t('admin.encoding.col.error')}</th>
      </tr></thead>
      <tbody>${rows}</tbody>
    </table>`;
}

/** /admin/encoding: the site's encoding jobs by status, with retries and logs. Refreshed by hand. */
export function renderAdminEncodingPage(req: Request, csrf: string, options: AdminEncodingOptions): string {
  const t = req.t;
  const showing = options.filter ? options.filter.map((status) => jobStatus(req, status)).join(', ') : t('admin.encoding.showDefault');
  return renderPage(req, csrf, {
    title: t('admin.encoding.title'),
    body: html`<div class="page-head"><h1>${t('admin.encoding.title')}</h1><a class="button" href="${req.originalUrl}">${t('admin.encoding.refresh')}</a></div>
      ${countLinks(req, options)}
      <h2>${t('admin.encoding.showing', { statuses: showing })}</h2>
      ${jobTable(req, csrf, options.jobs)}`,
  });
}
