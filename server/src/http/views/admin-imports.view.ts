import type { Request } from 'express';
import { IMPORT_KINDS, type ImportKind } from '../../domain/imports/import-columns.js';
import type { ImportRunSummary } from '../../domain/imports/import-run.js';
import type { ImportCheck } from '../../domain/imports/import-service.js';
import { USER_ROLES, type UserRole } from '../../domain/users/user.js';
import { formatDate } from './format.js';
import { html, type SafeHtml } from './html.js';
import { problemsTable, runStatusName } from './import-report.view.js';
import { renderPage } from './layout.view.js';

export interface ImportFormState {
  readonly kind: ImportKind;
  readonly skipInvalid: boolean;
  readonly defaultRole: UserRole;
}

export interface AdminImportsOptions {
  readonly runs: readonly ImportRunSummary[];
  readonly importDir: string;
  readonly form: ImportFormState;
  /** Why the form was refused (no file, too large), in the page language. */
  readonly problem: string | null;
  /** The report of "Check only". */
  readonly check: { readonly filename: string; readonly result: ImportCheck } | null;
}

export const DEFAULT_IMPORT_FORM: ImportFormState = { kind: 'users', skipInvalid: false, defaultRole: 'student' };

function importForm(req: Request, csrf: string, options: AdminImportsOptions): SafeHtml {
  const t = req.t;
  const { form, problem } = options;
  const invalid = problem ? html`aria-invalid="true" aria-describedby="import-error"` : '';
  return html`<form method="post" enctype="multipart/form-data" action="/admin/imports?_csrf=${encodeURIComponent(csrf)}" class="stack" aria-labelledby="import-heading">
      ${problem ? html`<p class="field-error" id="import-error" role="alert">${problem}</p>` : ''}
      <fieldset>
        <legend>${t('imports.kind')}</legend>
        ${IMPORT_KINDS.map(
          (kind) => html`<div class="check"><input type="radio" id="kind-${kind}" name="kind" value="${kind}" ${form.kind === kind ? 'checked' : ''}>
            <label for="kind-${kind}">${t(`imports.kind.${kind}`)}</label></div>`,
        )}
      </fieldset>
      <label for="file">${t('imports.file')}</label>
      <input id="file" name="file" type="file" required accept=".csv,.tsv,.txt,text/csv,text/plain" ${invalid}>
      <label for="default_role">${t('imports.defaultRole')}</label>
      <select id="default_role" name="default_role">
        ${USER_ROLES.map((role) => html`<option value="${role}" ${form.defaultRole === role ? 'selected' : ''}>${t(`imports.role.${role}`)}</option>`)}
      </select>
      <p class="help">${t('imports.filesHelp', { folder: options.importDir })}</p>
      <div class="check"><input type="checkbox" id="skip_invalid" name="skip_invalid" value="true" ${form.skipInvalid ? 'checked' : ''}>
        <label for="skip_invalid">${t('imports.skipInvalid')}</label></div>
      <div class="form-actions">
        <button type="submit" name="action" value="check">${t('imports.check')}</button>
        <button type="submit" name="action" value="import" class="primary">${t('imports.start')}</button>
      </div>
    </form>`;
}

function checkReport(req: Request, check: NonNullable<AdminImportsOptions['check']>): SafeHtml {
  const t = req.t;
  const { result } = check;
  const verdict = result.problems.length === 0 ? t('imports.checkOk') : result.blocked ? t('imports.checkBlocked') : t('imports.checkSkipped');
  return html`<section aria-labelledby="check-heading" class="import-check">
      <h2 id="check-heading">${t('imports.checkTitle', { filename: check.filename })}</h2>
      <p role="status">${t('imports.checkSummary', { total: result.total, creates: result.creates, unchanged: result.unchanged, invalid: result.invalidRows })}</p>
      <p class="${result.blocked ? 'field-error' : ''}">${verdict}</p>
      <h3 id="check-problems">${t('imports.report')}</h3>
      ${problemsTable(req, result.problems, 'check-problems')}
    </section>`;
}

function runList(req: Request, runs: readonly ImportRunSummary[]): SafeHtml {
  const t = req.t;
  if (!runs.length) return html`<p>${t('imports.none')}</p>`;
  return html`<table aria-labelledby="recent-heading">
      <thead><tr>
        <th scope="col">${t('imports.col.started')}</th><th scope="col">${t('imports.col.kind')}</th><th scope="col">${t('imports.col.file')}</th>
        <th scope="col">${t('imports.col.status')}</th><th scope="col">${t('imports.col.rows')}</th><th scope="col">${t('imports.col.counts')}</th>
      </tr></thead>
      <tbody>${runs.map(
        (run) => html`<tr>
          <td><a href="/admin/imports/${run.id}"><time datetime="${run.startedAt.toISOString()}">${formatDate(run.startedAt, req.locale)}</time></a></td>
          <td>${t(`imports.kindName.${run.kind}`)}</td>
          <td>${run.filename}</td>
          <td><span class="badge import-${run.status}">${runStatusName(req, run)}</span></td>
          <td>${run.processed} / ${run.total}</td>
          <td>${run.created} / ${run.unchanged} / ${run.rejected}</td>
        </tr>`,
      )}</tbody>
    </table>`;
}

/** /admin/imports: the import form (with the report of a check), recent runs, exports. */
export function renderAdminImportsPage(req: Request, csrf: string, options: AdminImportsOptions): string {
  const t = req.t;
  return renderPage(req, csrf, {
    title: t('imports.title'),
    body: html`<h1>${t('imports.title')}</h1>
      <p>${t('imports.intro')}</p>
      <p class="help">${t('imports.guide')}</p>
      <h2 id="import-heading">${t('imports.start')}</h2>
      ${importForm(req, csrf, options)}
      ${options.check ? checkReport(req, options.check) : ''}
      <h2 id="recent-heading">${t('imports.recent')}</h2>
      ${runList(req, options.runs)}
      <h2>${t('imports.export')}</h2>
      <p class="help">${t('imports.exportHelp')}</p>
      <ul>
        <li><a href="/admin/exports/videos.csv" download>${t('imports.exportVideos')}</a></li>
        <li><a href="/admin/exports/users.csv" download>${t('imports.exportUsers')}</a></li>
      </ul>`,
  });
}
