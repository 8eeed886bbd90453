import type { Request } from 'express';
import type { Locale } from '../../config/config.js';
import type { Meeting } from '../../domain/meetings/meeting.js';
import type { MeetingOverview } from '../../domain/meetings/meeting-service.js';
import { parseCalendarDay } from '../../domain/meetings/wall-clock.js';
import { postButton } from './form-fields.view.js';
import { html, type SafeHtml } from './html.js';
import { renderPage } from './layout.view.js';

/** What the meetings pages need besides the meetings. */
export interface MeetingsPageContext {
  readonly timeZone: string;
  /** The full invitation link of a meeting. */
  readonly inviteUrl: (meeting: Meeting) => string;
}

/** A date and time on the meetings' wall clock, in the page's language. */
export function formatMeetingDate(date: Date, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone }).format(date);
}

function formatDay(text: string, locale: Locale): string {
  const day = parseCalendarDay(text);
  if (!day) return text;
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(day.year, day.month - 1, day.day)));
}

/** "every 2 week(s) (Monday, Thursday), until 30 June 2026". */
function recurrenceSummary(req: Request, meeting: Meeting): string {
  const t = req.t;
  if (!meeting.recurrence) return t('meetings.recurrence.none');
  const parts = [meeting.frequency === 1 ? t(`meetings.recurrence.${meeting.recurrence}`) : t(`meetings.every.${meeting.recurrence}`, { n: meeting.frequency })];
  if (meeting.recurrence === 'weekly') parts[0] += ` (${meeting.weekdays.map((day) => t(`meetings.weekday.${day}` as 'meetings.weekday.0')).join(', ')})`;
  if (meeting.recurrence === 'monthly') parts[0] += ` (${t(`meetings.monthly.${meeting.monthlyType}`)})`;
  if (meeting.recurringUntil) parts.push(t('meetings.until', { date: formatDay(meeting.recurringUntil, req.locale) }));
  if (meeting.occurrences !== null) parts.push(t('meetings.times', { n: meeting.occurrences }));
  return parts.join(', ');
}

function inviteBlock(req: Request, csrf: string, meeting: Meeting, context: MeetingsPageContext): SafeHtml {
  const t = req.t;
  const id = `invite-${meeting.id}`;
  return html`<div class="meeting-invite">
      <label for="${id}">${t('meetings.inviteLink')}</label>
      <input type="text" readonly id="${id}" value="${context.inviteUrl(meeting)}" size="60">
      <button type="button" data-copy="${id}" data-copied="${t('meetings.copied')}">${t('meetings.copy')}<span class="visually-hidden"> ${meeting.name}</span></button>
      ${postButton(csrf, `/meetings/${meeting.id}/invite`, t('meetings.renewLink'), meeting)}
      <p class="help">${t('meetings.renewHelp')}</p>
      <p class="copy-status" role="status" aria-live="polite"></p>
    </div>`;
}

function meetingItem(req: Request, csrf: string, meeting: Meeting, context: MeetingsPageContext, when: SafeHtml | string): SafeHtml {
  const t = req.t;
  const hidden = html`<span class="visually-hidden"> ${meeting.name}</span>`;
  return html`<li class="meeting" data-meeting-id="${meeting.id}">
      <h3>${meeting.name}</h3>
      ${when ? html`<p>${when}</p>` : ''}
      ${meeting.isPersonal ? '' : html`<p>${t('meetings.repeats', { rule: recurrenceSummary(req, meeting) })}</p>`}
      <p>${t('meetings.audienceIs', { audience: t(`meetings.audience.${meeting.audience}`) })}</p>
      <div class="actions">${postButton(csrf, `/meetings/${meeting.id}/start`, t('meetings.start'), meeting, 'primary')} ${postButton(csrf, `/meetings/${meeting.id}/end`, t('meetings.end'), meeting)}</div>
      ${inviteBlock(req, csrf, meeting, context)}
      <p class="actions"><a href="/meetings/${meeting.id}/edit">${t('meetings.edit')}${hidden}</a>${meeting.isPersonal ? '' : html` · <a href="/meetings/${meeting.id}/delete">${t('meetings.delete')}${hidden}</a>`} · <a href="/meetings/recordings?meeting=${meeting.id}">${t('meetings.recordings')}${hidden}</a></p>
    </li>`;
}

/** /meetings: the personal room first, then upcoming meetings (next session), then past ones. */
export function renderMeetingsPage(req: Request, csrf: string, overview: MeetingOverview, context: MeetingsPageContext): string {
  const t = req.t;
  const date = (value: Date) => formatMeetingDate(value, req.locale, context.timeZone);
  const upcoming = overview.upcoming.map(({ meeting, next }) => meetingItem(req, csrf, meeting, context, t('meetings.next', { date: date(next.start) })));
  const past = overview.past.map(({ meeting, last }) => meetingItem(req, csrf, meeting, context, last ? t('meetings.last', { date: date(last.start) }) : ''));
  return renderPage(req, csrf, {
    title: t('meetings.title'),
    scripts: ['/assets/pages.js'],
    body: html`<h1>${t('meetings.title')}</h1>
      <p>${t('meetings.intro')} ${t('meetings.timeZone', { zone: context.timeZone })}</p>
      <p><a href="/meetings/new">${t('meetings.add')}</a></p>
      <section aria-labelledby="personal-heading" class="meetings-personal">
        <h2 id="personal-heading">${t('meetings.personal')}</h2>
        <ul class="meetings">${meetingItem(req, csrf, overview.personal, context, t('meetings.personalHelp'))}</ul>
      </section>
      <section aria-labelledby="upcoming-heading" class="meetings-upcoming">
        <h2 id="upcoming-heading">${t('meetings.upcoming')}</h2>
        ${upcoming.length ? html`<ul class="meetings">${upcoming}</ul>` : html`<p class="empty">${t('meetings.noneUpcoming')}</p>`}
      </section>
      <section aria-labelledby="past-heading" class="meetings-past">
        <h2 id="past-heading">${t('meetings.past')}</h2>
        ${past.length ? html`<ul class="meetings">${past}</ul>` : html`<p class="empty">${t('meetings.nonePast')}</p>`}
      </section>`,
  });
}

/** The confirmation step of deleting a meeting, or of starting it from a link (GET /meetings/<id>/start). */
export function renderMeetingConfirmPage(req: Request, csrf: string, meeting: Meeting, action: 'delete' | 'start'): string {
  const t = req.t;
  const title = t(action === 'delete' ? 'meetings.deleteTitle' : 'meetings.startTitle', { name: meeting.name });
  return renderPage(req, csrf, {
    title,
    body: html`<p><a href="/meetings">${t('meetings.back')}</a></p>
      <h1>${title}</h1>
      <p>${t(action === 'delete' ? 'meetings.deleteExplain' : 'meetings.startExplain')}</p>
      <form method="post" action="/meetings/${meeting.id}/${action}">
        <input type="hidden" name="_csrf" value="${csrf}">
        <div class="form-actions"><button type="submit" class="${action === 'delete' ? 'danger' : 'primary'}">${t(action === 'delete' ? 'meetings.deleteConfirm' : 'meetings.startJoin')}</button> <a href="/meetings">${t('meetings.cancel')}</a></div>
      </form>`,
  });
}
