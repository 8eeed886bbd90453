import type { Request } from 'express';
import type { BbbPlaybackFormat, BbbRecording } from '../../domain/meetings/bbb.js';
import type { RecordingImport } from '../../domain/meetings/recording-import.js';
import { isPublished, SERVER_PAGE_SIZE, type MeetingRef, type RecordingRow, type ServerProblem, type ServerRecordings, type ServerRecordingsPage } from '../../domain/meetings/recording-listing.js';
import { isMessageKey } from '../i18n/i18n.js';
import { formatDate } from './format.js';
import { html, type SafeHtml } from './html.js';
import { renderPage } from './layout.view.js';

/** The outcome of an import form, kept in the session for the page it comes back to (and shown in that page's language). */
export type RecordingNotice =
  | { readonly kind: 'success'; readonly key: 'recordings.queued' | 'recordings.queuedYours' | 'recordings.alreadyQueued' | 'recordings.requeued'; readonly params?: Record<string, string> }
  /** A refusal: its code and English message, and the video when the refusal names one (already imported). */
  | { readonly kind: 'error'; readonly code: string; readonly message: string; readonly videoId: number | null };

/** The text of `key` when the catalogue has it (BBB may send formats and states we do not know), else `fallback`. */
function textOr(req: Request, key: string, fallback: string): string {
  return isMessageKey(key) ? req.t(key) : fallback;
}

/** Why an import failed, in the reader's language when we have the code's text. */
export function reasonOf(req: Request, code: string, message: string | null): string {
  const key = `error.${code}`;
  return isMessageKey(key) ? req.t(key) : (message ?? code);
}

/** h:mm:ss from BBB's start and end times (never `<length>`, which is rounded-down minutes). */
export function formatDuration(recording: Pick<BbbRecording, 'startTime' | 'endTime'>): string {
  const total = Math.max(0, Math.round((recording.endTime.getTime() - recording.startTime.getTime()) / 1000));
  const two = (n: number) => String(n).padStart(2, '0');
  return `${Math.floor(total / 3600)}:${two(Math.floor((total % 3600) / 60))}:${two(total % 60)}`;
}

const isRunning = (item: RecordingImport | null): boolean => item?.status === 'queued' || item?.status === 'downloading';

function csrfField(csrf: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${csrf}">`;
}

function playbackLinks(req: Request, formats: readonly BbbPlaybackFormat[]): SafeHtml {
  if (formats.length === 0) return html`${req.t('recordings.noPlayback')}`;
  return html`<ul class="plain">${formats.map(
    (format) => html`<li><a href="${format.url}" target="_blank" rel="noopener noreferrer" data-format="${format.type}">${textOr(req, `recordings.format.${format.type}`, format.type)}<span class="visually-hidden"> ${req.t('recordings.newTab')}</span></a></li>`,
  )}</ul>`;
}

function importStatus(req: Request, csrf: string, item: RecordingImport): SafeHtml {
  switch (item.status) {
    case 'queued':
      return html`<span data-import-status="queued">${req.t('recordings.import.queued')}</span>`;
    case 'downloading': {
      const expected = item.bytesExpected ?? 0;
      const percent = expected > 0 ? Math.min(100, Math.floor((item.bytesReceived / expected) * 100)) : null;
      return html`<span data-import-status="downloading">${percent === null ? req.t('recordings.import.downloadingUnknown') : req.t('recordings.import.downloading', { percent })}</span>
        ${percent === null ? '' : html`<progress max="100" value="${percent}" aria-hidden="true">${percent}%</progress>`}`;
    }
    case 'done':
      return html`<span data-import-status="done">${req.t('recordings.import.done')}</span>
        ${item.videoId === null ? '' : html` <a href="/my/videos/${item.videoId}/edit">${req.t('recordings.import.video')}<span class="visually-hidden"> ${item.name}</span></a>`}`;
    case 'failed':
      return html`<span data-import-status="failed">${req.t('recordings.import.failed', { reason: reasonOf(req, item.errorCode ?? 'import_failed', item.errorMessage) })}</span>
        ${item.errorCode ? html` <code>${item.errorCode}</code>` : ''}
        <form method="post" action="/meetings/recordings/imports/${item.id}/retry" class="inline">
          ${csrfField(csrf)}<input type="hidden" name="back" value="${req.originalUrl}">
          <button type="submit">${req.t('recordings.import.retry')}<span class="visually-hidden"> ${item.name}</span></button>
        </form>`;
  }
}

function importForm(req: Request, csrf: string, row: RecordingRow, serverId: number): SafeHtml {
  return html`<form method="post" action="/meetings/recordings/import" class="inline">
      ${csrfField(csrf)}
      <input type="hidden" name="server" value="${serverId}">
      <input type="hidden" name="record" value="${row.recording.recordID}">
      <input type="hidden" name="back" value="${req.originalUrl}">
      <button type="submit" class="primary">${req.t('recordings.import.button')}<span class="visually-hidden"> ${row.recording.name}</span></button>
    </form>`;
}

function importCell(req: Request, csrf: string, row: RecordingRow, serverId: number): SafeHtml {
  // An import whose video was deleted since leaves nothing: the recording can be imported again.
  const videoGone = row.import?.status === 'done' && row.import.videoId === null;
  if (row.import && !videoGone) return importStatus(req, csrf, row.import);
  // While BBB processes a recording its formats are not listed yet.
  if (!isPublished(row.recording)) return html`<span data-import-status="not-ready">${req.t('recordings.import.notReady')}</span>`;
  if (!row.hasVideo) {
    return html`<span data-import-status="presentation-only">${req.t('recordings.presentationOnly')}</span> <a href="#presentation-only">${req.t('recordings.presentationWhy')}</a>`;
  }
  const status = videoGone ? html`<span data-import-status="video-deleted">${req.t('recordings.import.videoDeleted')}</span>` : html`<span data-import-status="none">${req.t('recordings.import.none')}</span>`;
  return html`${status}
    ${importForm(req, csrf, row, serverId)}`;
}

function meetingCell(req: Request, meeting: MeetingRef | null, recording: BbbRecording): SafeHtml {
  if (meeting) return html`${meeting.name}`;
  return html`<code>${recording.meetingID}</code> <span class="muted">(${req.t('recordings.foreignMeeting')})</span>`;
}

function recordingTable(req: Request, csrf: string, serverId: number, rows: readonly RecordingRow[], caption: string): SafeHtml {
  const columns = ['name', 'meeting', 'date', 'duration', 'state', 'playback', 'import'] as const;
  return html`<table class="recordings">
    <caption class="visually-hidden">${caption}</caption>
    <thead><tr>${columns.map((column) => html`<th scope="col">${req.t(`recordings.col.${column}`)}</th>`)}</tr></thead>
    <tbody>${rows.map(
      (row) => html`<tr data-record-id="${row.recording.recordID}">
        <th scope="row">${row.recording.name || row.recording.recordID}</th>
        <td>${meetingCell(req, row.meeting, row.recording)}</td>
        <td><time datetime="${row.recording.startTime.toISOString()}">${formatDate(row.recording.startTime, req.locale)}</time></td>
        <td class="duration">${formatDuration(row.recording)}</td>
        <td data-state="${row.recording.state}">${textOr(req, `recordings.state.${row.recording.state}`, row.recording.state)}</td>
        <td>${playbackLinks(req, row.recording.playback)}</td>
        <td class="import">${importCell(req, csrf, row, serverId)}</td>
      </tr>`,
    )}</tbody>
  </table>`;
}

function problemNotice(req: Request, serverName: string, problem: ServerProblem): SafeHtml {
  const reason = textOr(req, `recordings.problem.${problem.code}`, req.t('recordings.problem.other'));
  return html`<p class="flash flash-error" role="alert" data-code="${problem.code}">${req.t('recordings.problem', { server: serverName, reason, code: problem.code })}</p>`;
}

function noticeOf(req: Request, notice: RecordingNotice | undefined): SafeHtml {
  if (!notice) return html``;
  if (notice.kind === 'success') return html`<div class="flash flash-success" role="status">${req.t(notice.key, notice.params)}</div>`;
  const link = notice.videoId ? html` <a href="/my/videos/${notice.videoId}/edit">${req.t('recordings.openVideo')}</a>` : '';
  const text = req.t('recordings.refused', { reason: reasonOf(req, notice.code, notice.message), code: notice.code });
  return html`<div class="flash flash-error" role="alert" data-code="${notice.code}">${text}${link}</div>`;
}

function presentationHelp(req: Request, rows: readonly RecordingRow[]): SafeHtml {
  if (!rows.some((row) => !row.hasVideo && !row.import && isPublished(row.recording))) return html``;
  return html`<section id="presentation-only" class="help-box" tabindex="-1">
    <h2>${req.t('recordings.presentationHelp.title')}</h2>
    <p>${req.t('recordings.presentationHelp.text')}</p>
  </section>`;
}

/** This page's URL with `?refresh=off` set or removed. */
function withRefresh(req: Request, off: boolean): string {
  const url = new URL(req.originalUrl, 'http://page.invalid');
  if (off) url.searchParams.set('refresh', 'off');
  else url.searchParams.delete('refresh');
  return url.pathname + url.search;
}

/**
 * While an import is queued or downloading the page reloads itself every 5 s (no script
 * needed) and says so, with a link to stop (a reload moves the keyboard focus back to the top).
 */
function refreshing(req: Request, rows: readonly RecordingRow[]): { head: SafeHtml; note: SafeHtml } {
  if (!rows.some((row) => isRunning(row.import))) return { head: html``, note: html`` };
  if (req.query.refresh === 'off') return { head: html``, note: html`<p class="help">${req.t('recordings.refreshOff')} <a href="${withRefresh(req, false)}">${req.t('recordings.refreshOn')}</a></p>` };
  return {
    head: html`<meta http-equiv="refresh" content="5">`,
    note: html`<p class="help" role="status">${req.t('recordings.refreshing')} <a href="${withRefresh(req, true)}">${req.t('recordings.refreshStop')}</a></p>`,
  };
}

function meetingFilter(req: Request, meetings: readonly MeetingRef[], chosen: number | undefined): SafeHtml {
  if (meetings.length < 2) return html``;
  return html`<form method="get" action="/meetings/recordings" class="search">
    <label for="meeting-filter">${req.t('recordings.filter.label')}</label>
    <select id="meeting-filter" name="meeting">
      <option value="">${req.t('recordings.filter.all')}</option>
      ${meetings.map((meeting) => html`<option value="${meeting.id}"${meeting.id === chosen ? html` selected` : ''}>${meeting.name}</option>`)}
    </select>
    <button type="submit">${req.t('recordings.filter.submit')}</button>
  </form>`;
}

function serverSection(req: Request, csrf: string, group: ServerRecordings): SafeHtml {
  const headingId = `server-${group.server.id}`;
  return html`<section aria-labelledby="${headingId}" data-server-id="${group.server.id}">
    <h2 id="${headingId}">${group.server.name}</h2>
    ${group.problem ? problemNotice(req, group.server.name, group.problem) : ''}
    ${group.rows.length ? recordingTable(req, csrf, group.server.id, group.rows, group.server.name) : group.problem ? '' : html`<p class="empty">${req.t('recordings.none')}</p>`}
  </section>`;
}

/** /meetings/recordings: the recordings of my meetings, per server. */
export function renderMyRecordingsPage(
  req: Request,
  csrf: string,
  view: { groups: readonly ServerRecordings[]; meetings: readonly MeetingRef[]; meetingId: number | undefined; notice?: RecordingNotice },
): string {
  const rows = view.groups.flatMap((group) => group.rows);
  const live = refreshing(req, rows);
  return renderPage(req, csrf, {
    title: req.t('recordings.title'),
    head: live.head,
    body: html`<h1>${req.t('recordings.title')}</h1>
      ${noticeOf(req, view.notice)}
      <p>${req.t('recordings.intro')}</p>
      ${meetingFilter(req, view.meetings, view.meetingId)}
      ${live.note}
      ${view.meetings.length === 0 ? html`<p class="empty">${req.t('recordings.noMeeting')}</p>` : view.groups.map((group) => serverSection(req, csrf, group))}
      ${presentationHelp(req, rows)}`,
  });
}

function serverPagination(req: Request, page: ServerRecordingsPage): SafeHtml {
  if (page.offset === 0 && !page.hasNext) return html``;
  const link = (offset: number) => `/admin/bbb/servers/${page.server.id}/recordings${offset > 0 ? `?offset=${offset}` : ''}`;
  const range = req.t('recordings.server.range', { from: page.offset + 1, to: page.offset + page.rows.length });
  return html`<nav class="pagination" aria-label="${req.t('recordings.server.pagination')}">
    ${page.offset > 0 ? html`<a href="${link(Math.max(0, page.offset - SERVER_PAGE_SIZE))}" rel="prev">${req.t('recordings.server.previous')}</a>` : ''}
    <span aria-current="page">${range}</span>
    ${page.hasNext ? html`<a href="${link(page.offset + SERVER_PAGE_SIZE)}" rel="next">${req.t('recordings.server.next')}</a>` : ''}
  </nav>`;
}

function serverListing(req: Request, csrf: string, page: ServerRecordingsPage): SafeHtml {
  if (page.refusesUnfiltered) return html`<p class="flash flash-error" role="alert" data-code="${page.problem?.code}">${req.t('recordings.refusesUnfiltered')}</p>`;
  if (page.problem) return problemNotice(req, page.server.name, page.problem);
  if (page.rows.length === 0) return html`<p class="empty">${req.t(page.offset === 0 ? 'recordings.serverNone' : 'recordings.none')}</p>`;
  return html`${recordingTable(req, csrf, page.server.id, page.rows, page.server.name)}${serverPagination(req, page)}`;
}

/** /admin/bbb/servers/<id>/recordings: every recording on a server, a page at a time. */
export function renderServerRecordingsPage(req: Request, csrf: string, page: ServerRecordingsPage, notice?: RecordingNotice): string {
  const live = refreshing(req, page.rows);
  const title = req.t('recordings.server.title', { server: page.server.name });
  return renderPage(req, csrf, {
    title,
    head: live.head,
    body: html`<p><a href="/admin/bbb">${req.t('recordings.server.back')}</a></p>
      <h1>${title}</h1>
      ${noticeOf(req, notice)}
      <p>${req.t('recordings.server.intro')}</p>
      ${live.note}
      ${serverListing(req, csrf, page)}
      ${presentationHelp(req, page.rows)}`,
  });
}
