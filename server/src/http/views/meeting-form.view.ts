import type { Request } from 'express';
import type { Meeting } from '../../domain/meetings/meeting.js';
import { MEETING_AUDIENCES, MEETING_RECURRENCES } from '../../domain/meetings/meeting.js';
import type { MeetingFormChoices } from '../../domain/meetings/meeting-service.js';
import { MEETING_FIELDS } from '../web/meeting-form.js';
import { checkboxField, described, formAlert, selectField, textArea, textField, type FormState } from './form-fields.view.js';
import { html, type SafeHtml } from './html.js';
import { renderPage } from './layout.view.js';

export interface MeetingFormPage {
  readonly state: FormState;
  readonly choices: MeetingFormChoices;
  /** The meeting being edited; absent for a new one. */
  readonly meeting?: Meeting;
  readonly siteAutoImport: boolean;
  readonly timeZone: string;
}

/** Checkboxes sharing one name (weekdays, groups), in a fieldset with its legend, help and problem. */
function checkboxGroup(state: FormState, name: string, legend: string, options: readonly { value: string; label: string }[], help?: string): SafeHtml {
  const chosen = new Set((state.values[name] ?? '').split(',').filter(Boolean));
  const { attributes, after } = described(state, name, help);
  return html`<fieldset id="${name}"${attributes}>
      <legend>${legend}</legend>
      ${options.map((option) => html`<div class="check"><input type="checkbox" id="${name}-${option.value}" name="${name}" value="${option.value}"${chosen.has(option.value) ? html` checked` : ''}><label for="${name}-${option.value}">${option.label}</label></div>`)}
      ${after}
    </fieldset>`;
}

function scheduleFields(req: Request, state: FormState, timeZone: string): SafeHtml {
  const t = req.t;
  return html`<fieldset><legend>${t('meetings.section.schedule')}</legend>
      <p class="help">${t('meetings.timeZone', { zone: timeZone })}</p>
      ${textField(state, 'start_date', { label: t('meetings.field.start_date'), type: 'date', required: true })}
      ${textField(state, 'start_time', { label: t('meetings.field.start_time'), type: 'time', required: true })}
      ${textField(state, 'duration_minutes', { label: t('meetings.field.duration_minutes'), type: 'number', min: 5, max: 1440, required: true })}
      ${selectField(state, 'recurrence', { label: t('meetings.field.recurrence'), choices: [{ value: '', label: t('meetings.recurrence.none') }, ...MEETING_RECURRENCES.map((value) => ({ value, label: t(`meetings.recurrence.${value}`) }))] })}
      ${textField(state, 'frequency', { label: t('meetings.field.frequency'), type: 'number', min: 1, max: 100, help: t('meetings.help.frequency') })}
      ${checkboxGroup(state, 'weekdays', t('meetings.field.weekdays'), [0, 1, 2, 3, 4, 5, 6].map((day) => ({ value: String(day), label: t(`meetings.weekday.${day}` as 'meetings.weekday.0') })), t('meetings.help.weekdays'))}
      ${selectField(state, 'monthly_type', { label: t('meetings.field.monthly_type'), choices: (['date_day', 'nth_day'] as const).map((value) => ({ value, label: t(`meetings.monthly.${value}`) })) })}
      ${textField(state, 'recurring_until', { label: t('meetings.field.recurring_until'), type: 'date', help: t('meetings.help.recurrenceEnd') })}
      ${textField(state, 'occurrences', { label: t('meetings.field.occurrences'), type: 'number', min: 2, max: 500 })}
    </fieldset>`;
}

function accessFields(req: Request, state: FormState, choices: MeetingFormChoices): SafeHtml {
  const t = req.t;
  const groups = choices.groups.map((group) => ({ value: String(group.id), label: group.displayName || group.codeName }));
  const courses = choices.courses.map((course) => ({ value: String(course.id), label: course.title && course.label ? `${course.title} (${course.label})` : course.title || course.label }));
  return html`<fieldset><legend>${t('meetings.section.access')}</legend>
      ${selectField(state, 'audience', { label: t('meetings.field.audience'), choices: MEETING_AUDIENCES.map((value) => ({ value, label: t(`meetings.audience.${value}`) })) })}
      ${groups.length ? checkboxGroup(state, 'groups', t('meetings.field.groups'), groups, t('meetings.help.groups')) : html`<p class="help">${t('meetings.noGroups')}</p>`}
      ${courses.length ? selectField(state, 'course_id', { label: t('meetings.field.course_id'), choices: [{ value: '', label: '—' }, ...courses] }) : html`<p class="help">${t('meetings.noCourses')}</p>`}
    </fieldset>`;
}

function bbbFields(req: Request, page: MeetingFormPage): SafeHtml {
  const t = req.t;
  const { state, choices } = page;
  const servers = choices.servers.map((server) => ({ value: String(server.id), label: server.isActive ? server.name : t('meetings.server.inactive', { name: server.name }) }));
  const inherit = t('meetings.autoImport.inherit', { value: t(page.siteAutoImport ? 'meetings.autoImport.yes' : 'meetings.autoImport.no') });
  return html`<fieldset><legend>${t('meetings.section.bbb')}</legend>
      ${textField(state, 'max_participants', { label: t('meetings.field.max_participants'), type: 'number', min: 2, max: 5000, required: true })}
      ${textArea(state, 'welcome_text', { label: t('meetings.field.welcome_text'), maxlength: 2000, rows: 3 })}
      ${checkboxField(state, 'record', { label: t('meetings.field.record'), help: t('meetings.help.record') })}
      ${checkboxField(state, 'auto_start_recording', { label: t('meetings.field.auto_start_recording') })}
      ${checkboxField(state, 'allow_start_stop_recording', { label: t('meetings.field.allow_start_stop_recording') })}
      ${selectField(state, 'auto_import', { label: t('meetings.field.auto_import'), choices: [{ value: '', label: inherit }, { value: 'yes', label: t('meetings.autoImport.yes') }, { value: 'no', label: t('meetings.autoImport.no') }] })}
      ${selectField(state, 'server_id', { label: t('meetings.field.server_id'), choices: [{ value: '', label: t('meetings.server.default') }, ...servers] })}
    </fieldset>`;
}

/** /meetings/new and /meetings/<id>/edit. A personal room has no schedule. */
export function renderMeetingFormPage(req: Request, csrf: string, page: MeetingFormPage): string {
  const t = req.t;
  const { meeting, state } = page;
  const title = meeting ? t('meetings.editTitle', { name: meeting.name }) : t('meetings.newTitle');
  const refused = state.problems.length ? html` data-error-code="invalid_meeting"` : '';
  return renderPage(req, csrf, {
    title,
    body: html`<p><a href="/meetings">${t('meetings.back')}</a></p>
      <h1>${title}</h1>
      <form method="post" action="${meeting ? `/meetings/${meeting.id}/edit` : '/meetings'}" class="stack meeting-form" novalidate${refused}>
        <input type="hidden" name="_csrf" value="${csrf}">
        ${formAlert(req, state, MEETING_FIELDS)}
        ${textField(state, 'name', { label: t('meetings.field.name'), required: true, maxlength: 250 })}
        ${meeting?.isPersonal ? '' : scheduleFields(req, state, page.timeZone)}
        ${accessFields(req, state, page.choices)}
        ${bbbFields(req, page)}
        <div class="form-actions"><button type="submit" class="primary">${t(meeting ? 'meetings.save' : 'meetings.create')}</button> <a href="/meetings">${t('meetings.cancel')}</a></div>
      </form>`,
  });
}
