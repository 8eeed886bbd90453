import type { Request } from 'express';
import { ENCODING_STEPS } from '../../domain/encoding/encoding-job.js';
import { IMPORT_RUN_STATUSES, isBlockedRun, type ImportedVideoState, type ImportRun } from '../../domain/imports/import-run.js';
import { VIDEO_STATUSES } from '../../domain/videos/video.js';
import { failureReason, isLiveStatus, progressBar } from './encoding-state.view.js';
import { html, type SafeHtml } from './html.js';
import { problemsTable, runStatusName } from './import-report.view.js';
import { renderPage } from './layout.view.js';

/** The words under the bar: where the run is, or how it ended. */
function outcome(req: Request, run: ImportRun): string {
  if (run.status === 'running') return req.t('imports.run.running');
  if (run.status === 'interrupted') return req.t('imports.run.interrupted');
  if (isBlockedRun(run)) return req.t('imports.run.blocked', { rows: run.rejected });
  if (run.status === 'failed') return req.t('imports.run.failed', { error: run.errorMessage ?? '' });
  return req.t('imports.run.succeeded');
}

const rowsText = (req: Request, run: ImportRun) => req.t('imports.run.rows', { processed: run.processed, total: run.total, created: run.created, unchanged: run.unchanged, rejected: run.rejected });

/** Texts the page script (player/src/pages/import-progress.ts) fills, in the page language. */
function scriptTexts(req: Request) {
  const t = req.t;
  return {
    rows: t('imports.run.rows'),
    runStatus: { ...Object.fromEntries(IMPORT_RUN_STATUSES.map((status) => [status, t(`imports.status.${status}`)])), blocked: t('imports.status.blocked') },
    videoStatus: Object.fromEntries(VIDEO_STATUSES.map((status) => [status, t(`status.${status}`)])),
    step: Object.fromEntries(ENCODING_STEPS.map(({ step }) => [step, t(`encoding.step.${step}`)])),
    starting: t('encoding.starting'),
    progress: t('encoding.progress'),
    progressText: t('encoding.progressText'),
  };
}

function videoRow(req: Request, video: ImportedVideoState): SafeHtml {
  const encoding = video.encoding;
  const state =
    video.status === 'encoding'
      ? html`<div class="encoding-progress">${progressBar(req, encoding?.progress ?? 0, encoding?.step ?? null)}</div>`
      : video.status === 'failed'
        ? html`<p class="encoding-error">${failureReason(req, encoding?.errorCode ?? null, encoding?.errorMessage ?? null)}</p>`
        : html`<div class="encoding-progress" hidden>${progressBar(req, 0, null)}</div>`;
  return html`<tr data-video-id="${video.id}" data-status="${video.status}">
      <th scope="row"><a href="/my/videos/${video.id}/edit">${video.title}</a></th>
      <td><span class="badge status-${video.status}" data-status="${video.status}">${req.t(`status.${video.status}`)}</span></td>
      <td>${state}</td>
    </tr>`;
}

function encodingSection(req: Request, videos: readonly ImportedVideoState[]): SafeHtml {
  const t = req.t;
  const count = (status: string) => videos.filter((video) => video.status === status).length;
  return html`<section aria-labelledby="encoding-heading">
      <h2 id="encoding-heading">${t('imports.encoding')}</h2>
      <p data-encoding-summary>${t('imports.encodingSummary', { ready: count('ready'), count: videos.length, failed: count('failed') })}</p>
      <table class="import-videos" aria-labelledby="encoding-heading">
        <thead><tr><th scope="col">${t('imports.col.video')}</th><th scope="col">${t('imports.col.status')}</th><th scope="col">${t('imports.col.encoding')}</th></tr></thead>
        <tbody>${videos.map((video) => videoRow(req, video))}</tbody>
      </table>
    </section>`;
}

/** /admin/imports/<id>: the run's progress (kept current by the page script, or by refreshing), the encoding of its videos, its report. */
export function renderImportRunPage(req: Request, csrf: string, run: ImportRun, videos: readonly ImportedVideoState[]): string {
  const t = req.t;
  const live = run.status === 'running' || videos.some((video) => isLiveStatus(video.status));
  const here = `/admin/imports/${run.id}`;
  return renderPage(req, csrf, {
    title: t('imports.run.title', { filename: run.filename }),
    scripts: ['/assets/pages.js'],
    body: html`<p><a href="/admin/imports">${t('imports.run.back')}</a></p>
      <div class="page-head"><h1>${t('imports.run.title', { filename: run.filename })}</h1>${live ? html`<a class="button" href="${here}">${t('imports.run.refresh')}</a>` : ''}</div>
      <p>${t(`imports.kindName.${run.kind}`)} · <span class="badge import-${run.status}" data-run-status>${runStatusName(req, run)}</span>${run.skipInvalid ? html` · ${t('imports.run.skipInvalid')}` : ''}</p>
      <section class="import-progress" data-import-progress="${here}/progress.json" data-status="${run.status}" data-live="${live ? 'true' : 'false'}" data-texts="${JSON.stringify(scriptTexts(req))}">
        <label for="import-bar">${t('imports.run.progressLabel')}</label>
        <progress id="import-bar" max="${Math.max(run.total, 1)}" value="${run.processed}" aria-describedby="import-rows"></progress>
        <p id="import-rows" role="status" aria-live="polite">${rowsText(req, run)}</p>
        <p data-run-outcome class="${run.status === 'failed' || run.status === 'interrupted' ? 'field-error' : ''}">${outcome(req, run)}</p>
      </section>
      ${run.kind === 'videos' && videos.length ? encodingSection(req, videos) : ''}
      <h2 id="problems-heading">${t('imports.report')}</h2>
      ${problemsTable(req, run.problems, 'problems-heading')}`,
  });
}
