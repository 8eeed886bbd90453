import type { AppError } from '../../domain/errors.js';
import type { LtiPlatform, LtiPlatformSettings } from '../../domain/lms/lti-platform.js';
import { isMessageKey, type Translate } from '../i18n/i18n.js';
import { LTI_PLATFORM_FIELDS } from '../views/admin-lti.view.js';
import type { FormProblem } from '../views/form-fields.view.js';

export type LtiPlatformFormValues = Record<(typeof LTI_PLATFORM_FIELDS)[number], string>;

/** The posted strings (anything else, such as a repeated field, reads as empty). */
export function ltiPlatformFormValues(body: unknown): LtiPlatformFormValues {
  const form = (body ?? {}) as Record<string, unknown>;
  const read = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');
  return Object.fromEntries(LTI_PLATFORM_FIELDS.map((name) => [name, read(name)])) as LtiPlatformFormValues;
}

/** Deployment ids: one per line, or separated by commas or spaces. */
export function splitDeploymentIds(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

/** The form's strings → the domain's settings; the rules (URLs, lengths) are the domain's (checkPlatformSettings). */
export function ltiPlatformSettingsOf(values: LtiPlatformFormValues): LtiPlatformSettings {
  return {
    name: values.name,
    issuer: values.issuer,
    clientId: values.client_id,
    authenticationEndpoint: values.authentication_endpoint,
    accessTokenEndpoint: values.access_token_endpoint,
    jwksUrl: values.jwks_url,
    deploymentIds: splitDeploymentIds(values.deployment_ids),
  };
}

export function ltiPlatformValues(platform: LtiPlatform): LtiPlatformFormValues {
  return {
    name: platform.name,
    issuer: platform.issuer,
    client_id: platform.clientId,
    authentication_endpoint: platform.authenticationEndpoint,
    access_token_endpoint: platform.accessTokenEndpoint,
    jwks_url: platform.jwksUrl,
    deployment_ids: platform.deploymentIds.join('\n'),
  };
}

export const EMPTY_LTI_PLATFORM_VALUES: LtiPlatformFormValues = ltiPlatformFormValues({});

/** The domain's refusal (invalid settings, or an issuer and client id already registered), next to the fields, in the page's language. */
export function ltiPlatformProblems(error: AppError, t: Translate): FormProblem[] {
  const fields = error.details.fields ?? [];
  const message = (key: string, fallback: string) => (isMessageKey(key) ? t(key) : fallback);
  if (!fields.length) return [{ path: '', message: message(`error.${error.code}`, error.message) }];
  const prefix = error.code === 'lti_platform_exists' ? 'ltiAdmin.taken' : 'ltiAdmin.invalid';
  return fields.map((field) => ({ path: field.path, message: message(`${prefix}.${field.path}`, field.message) }));
}
