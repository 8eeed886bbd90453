import { ConflictError, ValidationError, type AppError } from '../../domain/errors.js';
import type { BbbServer } from '../../domain/meetings/bbb-server.js';
import { bbbServerProblemReason, DEFAULT_CHECKSUM_ALGORITHM, type BbbServerInput } from '../../domain/meetings/bbb-server-rules.js';
import { isMessageKey, type Translate } from '../i18n/i18n.js';
import type { FormProblem } from '../views/form-fields.view.js';
import { postedStrings } from './page-params.js';

/** The fields of the server form, named like the domain's problem paths. */
export const BBB_SERVER_FIELDS = ['name', 'api_url', 'secret', 'checksum_algorithm', 'is_default'] as const;

export type BbbServerFormValues = Record<(typeof BBB_SERVER_FIELDS)[number], string>;

/** The posted strings. The secret is kept for the domain but never shown back (the view leaves it out). */
export function bbbServerFormValues(body: unknown): BbbServerFormValues {
  return postedStrings(body, BBB_SERVER_FIELDS);
}

/** The form's strings → what the domain checks (URL normalisation, lengths, algorithm are its rules). */
export function bbbServerInputOf(values: BbbServerFormValues): BbbServerInput {
  return { name: values.name, apiUrl: values.api_url, secret: values.secret, checksumAlgorithm: values.checksum_algorithm };
}

/** The form of a new server: sha256, and the default server when the site has none yet. */
export function newBbbServerValues(firstOfSite: boolean): BbbServerFormValues {
  return { name: '', api_url: '', secret: '', checksum_algorithm: DEFAULT_CHECKSUM_ALGORITHM, is_default: firstOfSite ? 'true' : '' };
}

export function bbbServerValues(server: BbbServer): BbbServerFormValues {
  return { name: server.name, api_url: server.apiUrl, secret: '', checksum_algorithm: server.checksumAlgorithm, is_default: server.isDefault ? 'true' : '' };
}

/** A refusal the form shows next to its fields; anything else goes on to the error handler. */
export function formRefusal(error: unknown): ValidationError | ConflictError {
  if ((error instanceof ValidationError && error.code === 'invalid_bbb_server') || (error instanceof ConflictError && error.code === 'bbb_server_exists')) return error;
  throw error;
}

/** The domain's refusal (invalid settings, or a name already taken), next to the fields, in the page's language. */
export function bbbServerProblems(error: AppError, t: Translate): FormProblem[] {
  const fields = error.details.fields ?? [];
  const message = (key: string, fallback: string) => (isMessageKey(key) ? t(key) : fallback);
  if (!fields.length) return [{ path: '', message: message(`error.${error.code}`, error.message) }];
  if (error.code === 'bbb_server_exists') return fields.map((field) => ({ path: field.path, message: message(`bbbAdmin.taken.${field.path}`, field.message) }));
  return fields.map((field) => ({ path: field.path, message: message(`bbbAdmin.invalid.${bbbServerProblemReason(field) ?? field.path}`, field.message) }));
}
