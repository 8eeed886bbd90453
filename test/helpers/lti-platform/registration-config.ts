import { scope, toolConfigurationKey } from './lti-vocabulary.js';
import type { ToolType } from './platform-state.js';

/** A refusal of openid-registration.php: Moodle's registration_exception (message, code). */
export class RegistrationRefusal extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'RegistrationRefusal';
  }
}

/** PHP's empty(): what Moodle's get_parameter treats as missing. */
const isEmpty = (value: unknown): boolean =>
  value === undefined || value === null || value === '' || value === 0 || value === '0' || value === false || (Array.isArray(value) && value.length === 0);

function parameter(payload: Record<string, unknown>, key: string, required: boolean): unknown {
  const value = payload[key];
  if (isEmpty(value)) {
    if (required) throw new RegistrationRefusal(`missing required attribute ${key}`, 400);
    return undefined;
  }
  return value;
}

/** lti_get_domain_from_url: host[:port] without scheme, path or a leading www. */
export function domainOf(url: string): string | undefined {
  return /(?:https?:\/\/)?(?:www\.)?([^/]+)(?:\/|$)/i.exec(url)?.[1];
}

/** What registration_to_config keeps, plus the two fields only echoed back. */
export interface RegisteredConfig {
  readonly type: Omit<ToolType, 'typeId' | 'clientId' | 'state'>;
  readonly logoUri: string;
  readonly description: string;
}

function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function servicesFromScopes(scopes: string[]): Pick<ToolType, 'gradeSync' | 'memberships' | 'toolSettings'> {
  let gradeSync: 0 | 1 | 2 = 0;
  if ([scope.score, scope.resultReadOnly, scope.lineItemReadOnly].some((name) => scopes.includes(name))) gradeSync = 1;
  if (scopes.includes(scope.lineItem)) gradeSync = 2;
  return { gradeSync, memberships: scopes.includes(scope.memberships), toolSettings: scopes.includes(scope.toolSettings) };
}

function deepLinkUrlOf(messages: unknown, toolUrl: string): string | undefined {
  const list = Array.isArray(messages) ? (messages as Record<string, unknown>[]) : [];
  const deepLinking = list.find((message) => message?.type === 'LtiDeepLinkingRequest');
  if (!deepLinking) return undefined;
  return typeof deepLinking.target_link_uri === 'string' && deepLinking.target_link_uri !== '' ? deepLinking.target_link_uri : toolUrl;
}

/** Moodle's checks after reading the parameters, in its order. */
function checkShape(payload: Record<string, unknown>, domain: string, targetLinkUri: string): void {
  if (domainOf(domain) !== domainOf(targetLinkUri)) throw new RegistrationRefusal('domain_targetlinkuri_mismatch', 400);
  const responseTypes = payload.response_types;
  if (!Array.isArray(responseTypes) || !responseTypes.includes('id_token')) throw new RegistrationRefusal('invalid_response_types', 400);
  if (!Array.isArray(payload.redirect_uris)) throw new RegistrationRefusal('invalid_redirect_uris', 400);
  if (payload.token_endpoint_auth_method !== 'private_key_jwt') throw new RegistrationRefusal('invalid_token_endpoint_auth_method', 400);
  if (!isEmpty(payload.application_type) && payload.application_type !== 'web') throw new RegistrationRefusal('invalid_application_type', 400);
}

/** registration_helper::registration_to_config (moodle-observed §7). */
export function registrationToConfig(payload: Record<string, unknown>): RegisteredConfig {
  for (const key of ['response_types', 'initiate_login_uri', 'redirect_uris', 'client_name', 'jwks_uri', 'token_endpoint_auth_method']) parameter(payload, key, true);
  const toolConfiguration = asObject(parameter(payload, toolConfigurationKey, true));
  const domain = parameter(toolConfiguration, 'domain', false);
  if (typeof domain !== 'string') throw new RegistrationRefusal('missing_domain', 400);
  const declaredTarget = parameter(toolConfiguration, 'target_link_uri', false);
  const toolUrl = typeof declaredTarget === 'string' ? declaredTarget : `https://${domain}`;
  checkShape(payload, domain, toolUrl);
  const scopes = String(parameter(payload, 'scope', false) ?? '').split(' ');
  const claims = parameter(toolConfiguration, 'claims', false);
  const claimList = Array.isArray(claims) ? (claims as unknown[]) : [];
  const custom = asObject(parameter(toolConfiguration, 'custom_parameters', false));
  const type: RegisteredConfig['type'] = {
    name: String(payload.client_name),
    initiateLogin: String(payload.initiate_login_uri),
    toolUrl,
    deepLinkUrl: deepLinkUrlOf(toolConfiguration.messages, toolUrl),
    jwksUrl: String(payload.jwks_uri),
    redirectUris: (payload.redirect_uris as unknown[]).map(String),
    ...servicesFromScopes(scopes),
    sendName: ['name', 'given_name', 'family_name'].some((name) => claimList.includes(name)),
    sendEmail: claimList.includes('email'),
    customParameters: Object.fromEntries(Object.entries(custom).map(([name, value]) => [name, String(value)])),
    domain: domainOf(domain) ?? domain,
  };
  const description = parameter(toolConfiguration, 'description', false);
  return { type, logoUri: String(parameter(payload, 'logo_uri', false) ?? ''), description: typeof description === 'string' ? description : '' };
}

/**
 * registration_helper::config_to_registration, PHP operator precedence included:
 * `gradesync ?? 0 == 2` is true for any grade sync, so the lineitem scope is announced even
 * for read-only grade sync (the token endpoint will not grant it).
 */
export function configToRegistration(type: ToolType, logoUri: string, description: string): Record<string, unknown> {
  const scopes: string[] = [];
  if (type.gradeSync > 0) scopes.push(scope.score, scope.resultReadOnly, scope.lineItemReadOnly, scope.lineItem);
  if (type.memberships) scopes.push(scope.memberships);
  if (type.toolSettings) scopes.push(scope.toolSettings);
  const claims = ['sub', 'iss', ...(type.sendName ? ['name', 'family_name', 'given_name'] : []), ...(type.sendEmail ? ['email'] : [])];
  const toolConfiguration: Record<string, unknown> = { version: '1.3.0', deployment_id: type.typeId, target_link_uri: type.toolUrl, domain: type.domain, description };
  if (type.deepLinkUrl !== undefined) toolConfiguration.messages = [{ type: 'LtiDeepLinkingRequest', target_link_uri: type.deepLinkUrl }];
  if (Object.keys(type.customParameters).length > 0) toolConfiguration.custom_parameters = type.customParameters;
  toolConfiguration.claims = claims;
  return {
    client_id: type.clientId,
    response_types: ['id_token'],
    jwks_uri: type.jwksUrl,
    initiate_login_uri: type.initiateLogin,
    grant_types: ['client_credentials', 'implicit'],
    redirect_uris: type.redirectUris,
    application_type: 'web',
    token_endpoint_auth_method: 'private_key_jwt',
    client_name: type.name,
    logo_uri: logoUri,
    scope: scopes.join(' '),
    [toolConfigurationKey]: toolConfiguration,
  };
}
