import type { Request } from 'express';
import type { Meeting } from '../../domain/meetings/meeting.js';
import type { Occurrence } from '../../domain/meetings/recurrence.js';
import { formAlert, textField, type FormState } from './form-fields.view.js';
import { html, type SafeHtml } from './html.js';
import { renderPage } from './layout.view.js';
import { formatMeetingDate } from './meetings.view.js';

/** How often the "not started yet" page checks again. */
export const NOT_STARTED_REFRESH_SECONDS = 30;

function page(req: Request, csrf: string, title: string, body: SafeHtml, head?: SafeHtml): string {
  return renderPage(req, csrf, { title, body: html`<div class="meeting-join">${body}</div>`, ...(head ? { head } : {}) });
}

const codeLine = (req: Request, code: string) => html`<p class="muted" data-code="${code}">${req.t('meetings.code', { code })}</p>`;

/**
 * The invitation's join form: guests type the name others will see; a logged-in user joins
 * under their own name. Opens BBB in the same window (cameras and microphones are not
 * available to an iframe that does not allow them).
 */
export function renderJoinFormPage(req: Request, csrf: string, meeting: Meeting, options: { path: string; userName: string | null; state: FormState }): string {
  const t = req.t;
  const title = t('meetings.join.title', { name: meeting.name });
  const who = options.userName
    ? html`<p>${t('meetings.join.as', { name: options.userName })}</p>`
    : textField(options.state, 'full_name', { label: t('meetings.join.name'), help: t('meetings.join.nameHelp'), required: true, maxlength: 100 });
  const refused = options.state.problems.length ? html` data-error-code="invalid_display_name"` : '';
  return page(
    req,
    csrf,
    title,
    html`<h1>${title}</h1>
      ${meeting.welcomeText ? html`<p class="meeting-welcome">${meeting.welcomeText}</p>` : ''}
      <form method="post" action="${options.path}" target="_top" class="stack"${refused}>
        <input type="hidden" name="_csrf" value="${csrf}">
        ${formAlert(req, options.state, ['full_name'])}
        ${who}
        <div class="form-actions"><button type="submit" class="primary">${t('meetings.join.button')}</button></div>
      </form>`,
  );
}

/** The meeting is not running: when it is next scheduled, and a page that looks again every 30 s. */
export function renderNotStartedPage(req: Request, csrf: string, meeting: Meeting, options: { path: string; next: Occurrence | null; timeZone: string }): string {
  const t = req.t;
  const next = options.next ? html`<p class="meeting-next">${t('meetings.join.nextSession', { date: formatMeetingDate(options.next.start, req.locale, options.timeZone), zone: options.timeZone })}</p>` : '';
  return page(
    req,
    csrf,
    t('meetings.join.notStarted'),
    html`<h1>${t('meetings.join.title', { name: meeting.name })}</h1>
      <h2 data-state="not-started">${t('meetings.join.notStarted')}</h2>
      ${next}
      <p>${t('meetings.join.notStartedText')}</p>
      <p><a href="${options.path}" class="button">${t('meetings.join.tryAgain')}</a></p>`,
    html`<meta http-equiv="refresh" content="${NOT_STARTED_REFRESH_SECONDS}">`,
  );
}

/** A page telling the visitor why they cannot join (yet), with the code to quote. */
function refusalPage(req: Request, csrf: string, meeting: Meeting, title: string, content: SafeHtml, code: string): string {
  return page(req, csrf, title, html`<h1>${req.t('meetings.join.title', { name: meeting.name })}</h1><h2>${title}</h2>${content}${codeLine(req, code)}`);
}

/** The audience needs an account: log in and come back here. */
export function renderLoginRequiredPage(req: Request, csrf: string, meeting: Meeting, path: string): string {
  const t = req.t;
  const content = html`<p>${t('meetings.join.loginText')}</p>
    <p><a href="/login?next=${encodeURIComponent(path)}" class="button">${t('meetings.join.login')}</a></p>`;
  return refusalPage(req, csrf, meeting, t('meetings.join.loginTitle'), content, 'meeting_login_required');
}

/** The visitor is not among the people the meeting is for, and why. */
export function renderForbiddenPage(req: Request, csrf: string, meeting: Meeting, why: { reason: 'site' | 'groups' | 'course'; names: readonly string[] }): string {
  const t = req.t;
  const reason =
    why.reason === 'groups' ? t('meetings.join.forbidden.groups', { groups: why.names.join(', ') }) : why.reason === 'course' ? t('meetings.join.forbidden.course', { course: why.names[0] ?? '' }) : t('meetings.join.forbidden.site');
  const content = html`<p class="error-detail" role="alert">${reason}</p><p>${t('meetings.join.askOrganiser')}</p>`;
  return refusalPage(req, csrf, meeting, t('meetings.join.forbiddenTitle'), content, 'meeting_forbidden');
}
