import type { Request } from 'express';
import type { Site } from '../../domain/sites/site.js';
import { USERNAME_MAPPINGS } from '../../domain/tokens/api-token.js';
import { formAlert, selectField, textField, type FormState } from './form-fields.view.js';
import { html, type SafeHtml } from './html.js';

/** The fields of the bridge key form (/admin/moodle), named like the domain's problem paths. */
export const BRIDGE_KEY_FIELDS = ['name', 'site_id', 'username_mapping', 'identity_issuer', 'page_size'] as const;

/** A control's description ids and problem, as form-fields.view.ts ties them. */
function described(state: FormState, name: string): { attributes: SafeHtml; error: SafeHtml } {
  const problem = state.problems
    .filter((item) => item.path === name)
    .map((item) => item.message)
    .join(' ');
  return {
    attributes: html` aria-describedby="${name}-help${problem ? ` ${name}-error` : ''}"${problem ? html` aria-invalid="true"` : ''}`,
    error: problem ? html`<p class="field-error" id="${name}-error">${problem}</p>` : html``,
  };
}

/** The username mapping: a select, and what each choice means under it. */
function mappingField(req: Request, state: FormState): SafeHtml {
  const t = req.t;
  const name = 'username_mapping';
  const { attributes, error } = described(state, name);
  return html`<label for="${name}">${t('moodle.field.mapping')}</label>
    <select id="${name}" name="${name}"${attributes}>${USERNAME_MAPPINGS.map(
      (mapping) => html`<option value="${mapping}"${state.values[name] === mapping ? html` selected` : ''}>${t(`moodle.mapping.${mapping}`)}</option>`,
    )}</select>
    <dl class="help" id="${name}-help">${USERNAME_MAPPINGS.map((mapping) => html`<dt>${t(`moodle.mapping.${mapping}`)}</dt><dd>${t(`moodle.mappingHelp.${mapping}`)}</dd>`)}</dl>
    ${error}`;
}

function pageSizeField(req: Request, state: FormState): SafeHtml {
  const name = 'page_size';
  const { attributes, error } = described(state, name);
  return html`<label for="${name}">${req.t('moodle.field.pageSize')}</label>
    <input id="${name}" name="${name}" type="number" min="1" max="100" step="1" required value="${state.values[name] ?? ''}"${attributes}>
    <p class="help" id="${name}-help">${req.t('moodle.field.pageSizeHelp')}</p>
    ${error}`;
}

/** The fields of a bridge key (create and edit forms); `sites` are those the administrator may choose. */
export function bridgeKeyFields(req: Request, state: FormState, sites: readonly Site[]): SafeHtml {
  const t = req.t;
  return html`${formAlert(req, state, BRIDGE_KEY_FIELDS)}
    ${textField(state, 'name', { label: t('moodle.field.name'), maxlength: 100 })}
    ${selectField(state, 'site_id', { label: t('moodle.field.site'), help: t('moodle.field.siteHelp'), choices: sites.map((site) => ({ value: String(site.id), label: `${site.name} (${site.domain})` })) })}
    ${mappingField(req, state)}
    ${textField(state, 'identity_issuer', { label: t('moodle.field.issuer'), help: t('moodle.field.issuerHelp'), maxlength: 500 })}
    ${pageSizeField(req, state)}`;
}
