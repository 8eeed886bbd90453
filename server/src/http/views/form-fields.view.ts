import type { Request } from 'express';
import { html, type SafeHtml } from './html.js';

/**
 * Labelled form fields that show their problem next to them (aria-invalid, aria-describedby),
 * for full-page forms that work without JavaScript. `path` '' is a problem of the whole form.
 */
export interface FormProblem {
  readonly path: string;
  readonly message: string;
}

export interface FormState {
  /** What the form shows: the item's values, or what the person typed before a refusal. */
  readonly values: Readonly<Record<string, string>>;
  readonly problems: readonly FormProblem[];
}

export const EMPTY_FORM: FormState = { values: {}, problems: [] };

interface FieldOptions {
  readonly label: string;
  readonly help?: string;
  readonly required?: boolean;
  readonly maxlength?: number;
}

function problemOf(state: FormState, name: string): string {
  return state.problems
    .filter((problem) => problem.path === name)
    .map((problem) => problem.message)
    .join(' ');
}

/** The attributes tying a control to its help and its problem, and the elements showing them. */
export function described(state: FormState, name: string, help?: string): { attributes: SafeHtml; after: SafeHtml } {
  const problem = problemOf(state, name);
  const ids = [help ? `${name}-help` : '', problem ? `${name}-error` : ''].filter(Boolean).join(' ');
  return {
    attributes: html`${ids ? html` aria-describedby="${ids}"` : ''}${problem ? html` aria-invalid="true"` : ''}`,
    after: html`${help ? html`<p class="help" id="${name}-help">${help}</p>` : ''}${problem ? html`<p class="field-error" id="${name}-error">${problem}</p>` : ''}`,
  };
}

export function textField(
  state: FormState,
  name: string,
  options: FieldOptions & { readonly type?: 'text' | 'url' | 'number' | 'date' | 'time'; readonly list?: string; readonly min?: number; readonly max?: number },
): SafeHtml {
  const { attributes, after } = described(state, name, options.help);
  const range = html`${options.min !== undefined ? html` min="${options.min}"` : ''}${options.max !== undefined ? html` max="${options.max}"` : ''}`;
  return html`<label for="${name}">${options.label}</label>
    <input id="${name}" name="${name}" type="${options.type ?? 'text'}" value="${state.values[name] ?? ''}"${options.required ? html` required` : ''}${
      options.maxlength ? html` maxlength="${options.maxlength}"` : ''
    }${options.list ? html` list="${options.list}"` : ''}${range}${attributes}>
    ${after}`;
}

/** A secret to type (never filled back, never autofilled with the person's own password). */
export function passwordField(state: FormState, name: string, options: FieldOptions): SafeHtml {
  const { attributes, after } = described(state, name, options.help);
  return html`<label for="${name}">${options.label}</label>
    <input id="${name}" name="${name}" type="password" autocomplete="new-password" spellcheck="false"${options.required ? html` required` : ''}${
      options.maxlength ? html` maxlength="${options.maxlength}"` : ''
    }${attributes}>
    ${after}`;
}

export function textArea(state: FormState, name: string, options: FieldOptions & { readonly rows?: number }): SafeHtml {
  const { attributes, after } = described(state, name, options.help);
  return html`<label for="${name}">${options.label}</label>
    <textarea id="${name}" name="${name}" rows="${options.rows ?? 4}"${options.required ? html` required` : ''}${options.maxlength ? html` maxlength="${options.maxlength}"` : ''}${attributes}>${state.values[name] ?? ''}</textarea>
    ${after}`;
}

export function selectField(state: FormState, name: string, options: FieldOptions & { readonly choices: readonly { value: string; label: string }[] }): SafeHtml {
  const { attributes, after } = described(state, name, options.help);
  return html`<label for="${name}">${options.label}</label>
    <select id="${name}" name="${name}"${attributes}>${options.choices.map((choice) => html`<option value="${choice.value}"${state.values[name] === choice.value ? html` selected` : ''}>${choice.label}</option>`)}</select>
    ${after}`;
}

export function checkboxField(state: FormState, name: string, options: FieldOptions): SafeHtml {
  const { attributes, after } = described(state, name, options.help);
  return html`<div class="check"><input type="checkbox" id="${name}" name="${name}" value="true"${state.values[name] === 'true' ? html` checked` : ''}${attributes}><label for="${name}">${options.label}</label></div>
    ${after}`;
}

export function fileField(state: FormState, name: string, options: FieldOptions & { readonly accept: string }): SafeHtml {
  const { attributes, after } = described(state, name, options.help);
  return html`<label for="${name}">${options.label}</label>
    <input id="${name}" name="${name}" type="file" accept="${options.accept}"${options.required ? html` required` : ''}${attributes}>
    ${after}`;
}

/** Problems no field shows (a refusal of the whole form), as an alert at the top of the form. */
export function formAlert(req: Request, state: FormState, fieldNames: readonly string[]): SafeHtml {
  if (state.problems.length === 0) return html``;
  const loose = state.problems.filter((problem) => !fieldNames.includes(problem.path)).map((problem) => problem.message);
  return html`<div class="flash flash-error" role="alert"><p>${req.t('error.validation_failed')}</p>${loose.map((message) => html`<p>${message}</p>`)}</div>`;
}

/** A form of one button posting to `action` (with the session's CSRF token); the item's name completes the label for screen readers. */
export function postButton(csrf: string, action: string, label: string, item: { readonly name: string }, kind: 'primary' | 'danger' | '' = ''): SafeHtml {
  return html`<form method="post" action="${action}" class="inline">
      <input type="hidden" name="_csrf" value="${csrf}">
      <button type="submit"${kind ? html` class="${kind}"` : ''}>${label}<span class="visually-hidden"> ${item.name}</span></button>
    </form>`;
}
