import { z } from 'zod';
import type { ValidationError } from '../../domain/errors.js';
import type { BridgeKeyInput } from '../../domain/tokens/bridge-key-service.js';
import { DEFAULT_POD_PAGE_SIZE, USERNAME_MAPPINGS, type ApiToken } from '../../domain/tokens/api-token.js';
import { isMessageKey, type Translate } from '../i18n/i18n.js';
import { recordId } from '../record-id.js';
import { BRIDGE_KEY_FIELDS } from '../views/bridge-key-form.view.js';
import type { FormProblem } from '../views/form-fields.view.js';

export type BridgeKeyFormValues = Record<(typeof BRIDGE_KEY_FIELDS)[number], string>;

/** The form's strings → the domain's input. Rules (site binding, page size bounds, issuer) stay in the domain. */
const bridgeKeyForm = z.object({
  name: z.string().trim().max(100),
  // Empty: the administrator's own site.
  site_id: z.union([z.literal('').transform(() => null), recordId]),
  username_mapping: z.enum(USERNAME_MAPPINGS),
  identity_issuer: z.string().trim().max(500),
  page_size: z.coerce.number().int(),
});

/** What a text field for a zod refusal says; the other paths have the domain's key. */
const FORM_KEYS: Record<string, string> = { identity_issuer: 'moodle.invalid.issuer_length' };

/** The posted strings (anything else, such as a repeated field, reads as empty). */
export function bridgeKeyFormValues(body: unknown): BridgeKeyFormValues {
  const form = (body ?? {}) as Record<string, unknown>;
  const read = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');
  return Object.fromEntries(BRIDGE_KEY_FIELDS.map((name) => [name, read(name)])) as BridgeKeyFormValues;
}

/** The form as it first shows: the administrator's site, the plugin's defaults. */
export function newBridgeKeyValues(siteId: number): BridgeKeyFormValues {
  return { name: '', site_id: String(siteId), username_mapping: 'username', identity_issuer: '', page_size: String(DEFAULT_POD_PAGE_SIZE) };
}

export function bridgeKeyValues(key: ApiToken): BridgeKeyFormValues {
  return { name: key.name, site_id: key.siteId === null ? '' : String(key.siteId), username_mapping: key.usernameMapping, identity_issuer: key.identityIssuer ?? '', page_size: String(key.pageSize) };
}

function translated(t: Translate, path: string, key: string, fallback: string): FormProblem {
  return { path, message: isMessageKey(key) ? t(key) : fallback };
}

export function parseBridgeKeyForm(values: BridgeKeyFormValues, t: Translate): { input: BridgeKeyInput } | { problems: FormProblem[] } {
  const parsed = bridgeKeyForm.safeParse(values);
  if (!parsed.success) {
    const paths = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? '')))];
    return { problems: paths.map((path) => translated(t, path, FORM_KEYS[path] ?? `moodle.invalid.${path}`, t('error.validation_failed'))) };
  }
  const data = parsed.data;
  return {
    input: { name: data.name, siteId: data.site_id, usernameMapping: data.username_mapping, identityIssuer: data.identity_issuer || null, pageSize: data.page_size },
  };
}

/** The domain's refusal of a key's settings, next to the fields (or above the form), in the page's language. */
export function bridgeKeyProblems(error: ValidationError, t: Translate): FormProblem[] {
  const fields = error.details.fields ?? [];
  if (!fields.length) return [translated(t, '', `error.${error.code}`, error.message)];
  return fields.map((field) => translated(t, field.path, `moodle.invalid.${field.path}`, field.message));
}
