import { ConflictError, ValidationError, type AppError } from '../../domain/errors.js';
import type { SamlMetadataSource } from '../../domain/sso/saml-idp.js';
import { SamlMetadataError } from '../../domain/sso/saml-metadata.js';
import { DEFAULT_REFRESH_HOURS, samlSourceProblemReason } from '../../domain/sso/saml-metadata-rules.js';
import { isMessageKey, type Translate } from '../i18n/i18n.js';
import type { FormProblem } from '../views/form-fields.view.js';
import { postedStrings } from './page-params.js';

/** The fields of the URL form; the upload form has `name` and `signing_cert` (and its file); a source's settings `name`, `signing_cert`, `refresh_hours`. */
export const SAML_SOURCE_FIELDS = ['name', 'url', 'signing_cert', 'refresh_hours'] as const;

export type SamlSourceFormValues = Record<(typeof SAML_SOURCE_FIELDS)[number], string>;

export const samlSourceFormValues = (body: unknown): SamlSourceFormValues => postedStrings(body, SAML_SOURCE_FIELDS);

export const NEW_SAML_SOURCE: SamlSourceFormValues = { name: '', url: '', signing_cert: '', refresh_hours: String(DEFAULT_REFRESH_HOURS) };

/** What the settings form shows for a source. */
export const samlSourceValues = (source: SamlMetadataSource): SamlSourceFormValues => ({
  name: source.name,
  url: source.url ?? '',
  signing_cert: source.signingCert ?? '',
  refresh_hours: String(source.refreshHours),
});

/** A refusal the form shows (settings, a name taken, a file that is not usable metadata); anything else goes on to the error handler. */
export function samlFormRefusal(error: unknown): AppError {
  if ((error instanceof ValidationError && error.code === 'invalid_saml_source') || (error instanceof ConflictError && error.code === 'saml_source_exists') || error instanceof SamlMetadataError) {
    return error;
  }
  throw error;
}

/** The refusal next to the fields, in the page's language (an unusable file next to the file field). */
export function samlSourceProblems(error: AppError, t: Translate): FormProblem[] {
  const message = (key: string, fallback: string) => (isMessageKey(key) ? t(key) : fallback);
  if (error instanceof SamlMetadataError) return [{ path: 'file', message: `${message(`error.${error.code}`, error.message)} (${error.code}: ${error.message})` }];
  return (error.details.fields ?? []).map((field) => {
    const key = error.code === 'saml_source_exists' ? `samlAdmin.taken.${field.path}` : `samlAdmin.invalid.${samlSourceProblemReason(field) ?? field.path}`;
    return { path: field.path, message: message(key, field.message) };
  });
}
