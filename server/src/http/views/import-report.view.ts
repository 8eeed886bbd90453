import type { Request } from 'express';
import type { ImportProblem } from '../../domain/imports/import-problem.js';
import { isBlockedRun, type ImportRunSummary } from '../../domain/imports/import-run.js';
import { isMessageKey } from '../i18n/i18n.js';
import { html, type SafeHtml } from './html.js';

/** Problems shown on a page; the command line's JSON report has them all. */
export const PROBLEMS_SHOWN = 500;

/** The problem in the page language (its English message when no translation exists). */
export function problemText(req: Request, problem: ImportProblem): string {
  const key = `imports.problem.${problem.code}`;
  return isMessageKey(key) ? req.t(key, problem.params) : problem.message;
}

/** What a run's badge says: a failed run without error was blocked by the file's problems. */
export function runStatusName(req: Request, run: Pick<ImportRunSummary, 'status' | 'errorMessage'>): string {
  return isBlockedRun(run) ? req.t('imports.status.blocked') : req.t(`imports.status.${run.status}`);
}

/** Every problem with its line, column (number and name) and message, in file order. */
export function problemsTable(req: Request, problems: readonly ImportProblem[], headingId: string): SafeHtml {
  const t = req.t;
  if (problems.length === 0) return html`<p>${t('imports.noProblems')}</p>`;
  const shown = problems.slice(0, PROBLEMS_SHOWN);
  return html`<table class="import-problems" aria-labelledby="${headingId}">
      <thead><tr><th scope="col">${t('imports.col.line')}</th><th scope="col">${t('imports.col.column')}</th><th scope="col">${t('imports.col.problem')}</th></tr></thead>
      <tbody>${shown.map(
        (problem) => html`<tr data-code="${problem.code}">
          <td>${problem.line}</td>
          <td>${problem.column === null ? '—' : html`${problem.column} <code>${problem.columnName}</code>`}</td>
          <td>${problemText(req, problem)}</td>
        </tr>`,
      )}</tbody>
    </table>
    ${problems.length > shown.length ? html`<p class="muted">${t('imports.moreProblems', { count: problems.length - shown.length })}</p>` : ''}`;
}
