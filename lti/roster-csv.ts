import type { ProgressLine, ProgressReport } from '../server/src/domain/lms/lti-progress-report.js';
import type { Translate } from '../server/src/http/i18n/i18n.js';

/**
 * The teacher's view as CSV (RFC 4180, CRLF, UTF-8 with a BOM so that Excel reads accents), one
 * header row then one row per person: the course's members, then those no longer in it. Cells
 * that a spreadsheet would run as a formula (=, +, -, @, tab, CR) are prefixed with a quote. Pure.
 */
export const CSV_BOM = '\uFEFF';

function cell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function row(t: Translate, line: ProgressLine, inCourse: boolean): (string | number)[] {
  return [
    line.name,
    line.email ?? '',
    line.subject,
    inCourse ? t(line.role === 'teacher' ? 'ltiRoster.role.teacher' : 'ltiRoster.role.learner') : '',
    line.status ? t(`ltiRoster.status.${line.status}`) : t('ltiRoster.status.none'),
    line.started ? Math.floor(line.watched * 100) : '',
    t(line.completed ? 'ltiRoster.yes' : 'ltiRoster.no'),
    line.lastActivity ? line.lastActivity.toISOString() : '',
    t(`ltiRoster.score.${line.score}`),
    line.scoreError ?? '',
  ];
}

export function progressCsv(t: Translate, report: ProgressReport): string {
  const header = [
    t('ltiRoster.col.name'),
    t('ltiRoster.col.email'),
    t('ltiRoster.col.userId'),
    t('ltiRoster.col.role'),
    t('ltiRoster.col.status'),
    `${t('ltiRoster.col.watched')} (%)`,
    t('ltiRoster.col.completed'),
    t('ltiRoster.col.lastActivity'),
    t('ltiRoster.col.score'),
    t('ltiRoster.col.scoreError'),
  ];
  const rows = [header, ...report.members.map((line) => row(t, line, true)), ...report.departed.map((line) => row(t, line, false))];
  return CSV_BOM + rows.map((values) => values.map(cell).join(',')).join('\r\n') + '\r\n';
}
