import type { Request } from 'express';
import type { LinkProgress } from '../server/src/domain/lms/lti-progress-report-service.js';
import type { ProgressLine } from '../server/src/domain/lms/lti-progress-report.js';
import { html, type SafeHtml } from '../server/src/http/views/html.js';
import { renderEmbedDocument } from '../server/src/http/views/layout.view.js';

/**
 * The teacher's view of an LTI activity, in the LMS frame: the entry button on the player page,
 * the table of who watched what, refusals. Every action is a form POST carrying the page's
 * signed teacher token (no cookie, no token in a URL).
 */
export const ROSTER_PATH = '/lti/roster';
export const ROSTER_CSV_PATH = '/lti/roster/csv';

function tokenForm(action: string, token: string, label: string, className: string): SafeHtml {
  return html`<form method="post" action="${action}" class="${className}">
    <input type="hidden" name="token" value="${token}">
    <button type="submit">${label}</button>
  </form>`;
}

/** The "Learners' progress" button the player page shows to people who teach in the course. */
export function rosterEntry(req: Request, token: string): SafeHtml {
  return html`<nav class="lti-teacher-tools" aria-label="${req.t('ltiRoster.title')}">${tokenForm(ROSTER_PATH, token, req.t('ltiRoster.open'), 'lti-roster-open')}</nav>`;
}

function formatDate(req: Request, date: Date): SafeHtml {
  const text = new Intl.DateTimeFormat(req.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
  return html`<time datetime="${date.toISOString()}">${text}</time>`;
}

function lineRow(req: Request, line: ProgressLine, inCourse: boolean): SafeHtml {
  const t = req.t;
  const role = inCourse ? t(line.role === 'teacher' ? 'ltiRoster.role.teacher' : 'ltiRoster.role.learner') : t('ltiRoster.status.none');
  const status = line.status && line.status !== 'Active' ? html` (${t(`ltiRoster.status.${line.status}`)})` : '';
  const watched = line.started ? `${Math.floor(line.watched * 100)} %` : t('ltiRoster.notStarted');
  const score = line.score === 'failed' ? html`${t('ltiRoster.score.failed')}<br><small>${line.scoreError ?? ''}</small>` : t(`ltiRoster.score.${line.score}`);
  return html`<tr data-subject="${line.subject}" data-started="${String(line.started)}" data-completed="${String(line.completed)}">
    <th scope="row">${line.name}${line.email ? html`<br><small>${line.email}</small>` : ''}</th>
    <td>${role}${status}</td>
    <td>${watched}</td>
    <td>${t(line.completed ? 'ltiRoster.yes' : 'ltiRoster.no')}</td>
    <td>${line.lastActivity ? formatDate(req, line.lastActivity) : '—'}</td>
    <td>${score}</td>
  </tr>`;
}

function table(req: Request, id: string, caption: string, lines: readonly ProgressLine[], inCourse: boolean): SafeHtml {
  const t = req.t;
  if (lines.length === 0) return html`<p id="${id}">${t('ltiRoster.empty')}</p>`;
  return html`<table class="lti-roster" id="${id}">
    <caption>${caption}</caption>
    <thead><tr>
      <th scope="col">${t('ltiRoster.col.name')}</th>
      <th scope="col">${t('ltiRoster.col.role')}</th>
      <th scope="col">${t('ltiRoster.col.watched')}</th>
      <th scope="col">${t('ltiRoster.col.completed')}</th>
      <th scope="col">${t('ltiRoster.col.lastActivity')}</th>
      <th scope="col">${t('ltiRoster.col.score')}</th>
    </tr></thead>
    <tbody>${lines.map((line) => lineRow(req, line, inCourse))}</tbody>
  </table>`;
}

/** The table of who watched what, with its summary, the CSV download and the way back. */
export function renderRosterPage(req: Request, progress: LinkProgress, token: string): string {
  const t = req.t;
  const { link, report, rosterProblem } = progress;
  const title = link.title || t('ltiRoster.title');
  const problem = rosterProblem
    ? html`<p class="flash flash-error" role="alert" data-code="${rosterProblem.code}">${t(`ltiRoster.problem.${rosterProblem.rosterCode}`)}</p>`
    : html``;
  const truncated = progress.truncated ? html`<p class="flash" role="status">${t('ltiRoster.truncated', { count: report.members.length })}</p>` : html``;
  const summary = t('ltiRoster.summary', { ...report.summary, threshold: Math.round(link.completionThreshold * 100) });
  const departed = report.departed.length === 0 && !rosterProblem
    ? html``
    : html`<section aria-labelledby="roster-departed-title">
        <h2 id="roster-departed-title">${rosterProblem ? t('ltiRoster.viewers.title') : t('ltiRoster.departed.title')}</h2>
        ${rosterProblem ? '' : html`<p>${t('ltiRoster.departed.intro')}</p>`}
        ${table(req, 'roster-departed', rosterProblem ? t('ltiRoster.viewers.title') : t('ltiRoster.departed.title'), report.departed, false)}
      </section>`;
  const body = html`<h1>${t('ltiRoster.title')}</h1>
    ${problem}${truncated}
    ${rosterProblem ? '' : html`<p class="lti-roster-summary">${summary}</p>`}
    ${rosterProblem ? '' : table(req, 'roster-members', t('ltiRoster.caption', { title }), report.members, true)}
    ${departed}
    ${tokenForm(ROSTER_CSV_PATH, token, t('ltiRoster.csv'), 'lti-roster-csv')}
    <p class="lti-roster-back">${t('ltiRoster.back')}</p>`;
  return renderEmbedDocument(req, t('ltiRoster.title'), body);
}

/** A refused teacher's view (expired or forged token, activity gone…). */
export function renderRosterRefusal(req: Request, code: string, message: 'ltiRoster.refused.token' | 'ltiRoster.refused.linkGone' | 'ltiRoster.refused.platform'): string {
  return renderEmbedDocument(req, req.t('ltiRoster.refused.title'), html`<h1>${req.t('ltiRoster.refused.title')}</h1>
    <p>${req.t(message)}</p>
    <p>${req.t('lti.refused.retry')} <code>${code}</code> · <code>${req.id}</code></p>`);
}
