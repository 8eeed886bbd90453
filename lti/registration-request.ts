import { z } from 'zod';
import type { LtiPlatformSettings } from '../server/src/domain/lms/lti-platform.js';

/**
 * The pure half of LTI Dynamic Registration (IMS LTI Dynamic Registration 1.0, and what
 * Moodle 5.0 requires: moodle-observed.md §7): which configuration URLs Lectern will read, the
 * platform's OpenID configuration and registration answer as we accept them, and the
 * registration Lectern sends.
 */

export const PLATFORM_CONFIGURATION = 'https://purl.imsglobal.org/spec/lti-platform-configuration';
export const TOOL_CONFIGURATION = 'https://purl.imsglobal.org/spec/lti-tool-configuration';

/** The services Lectern uses: AGS (line items, results, scores) and NRPS (the roster). */
export const WANTED_SCOPES = [
  'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
] as const;

/** Deep-linking placements worth asking for (Moodle's activity chooser, Canvas's selection points). */
const USEFUL_PLACEMENTS = ['ContentArea', 'link_selection', 'assignment_selection', 'editor_button'];

/** The claims Lectern needs to name its users. */
export const WANTED_CLAIMS = ['iss', 'sub', 'name', 'given_name', 'family_name', 'email'] as const;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Why a registration stopped: a stable code (page, header, logs), an HTTP status, details for the log. */
export class RegistrationFailure extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly detail: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'RegistrationFailure';
  }
}

/**
 * An OpenID configuration or issuer URL Lectern may read: https, or http on this machine's
 * loopback when `allowHttpLoopback` (a Lectern itself served over http: development, tests).
 * No credentials, no fragment. Null when refused.
 */
export function readableUrl(text: string, allowHttpLoopback: boolean): URL | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch (error) {
    if (error instanceof TypeError) return null;
    throw error;
  }
  if (url.username || url.password || url.hash) return null;
  if (url.protocol === 'https:') return url;
  return url.protocol === 'http:' && allowHttpLoopback && LOOPBACK.has(url.hostname) ? url : null;
}

const httpUrl = z.string().url().max(500);

const messageSchema = z.looseObject({ type: z.string(), placements: z.array(z.string()).optional() });

/** The platform's OpenID configuration: what Lectern reads of it. */
export const platformConfigurationSchema = z.looseObject({
  issuer: httpUrl,
  authorization_endpoint: httpUrl,
  token_endpoint: httpUrl,
  jwks_uri: httpUrl,
  registration_endpoint: httpUrl,
  scopes_supported: z.array(z.string()).optional(),
  [PLATFORM_CONFIGURATION]: z.looseObject({
    product_family_code: z.string().max(100),
    version: z.string().optional(),
    messages_supported: z.array(messageSchema).default([]),
  }),
});
export type PlatformConfiguration = z.infer<typeof platformConfigurationSchema>;

/**
 * Checks a configuration read from `configurationUrl`: the spec requires the configuration URL
 * to start with the issuer, and every endpoint must be a URL Lectern would read.
 */
export function checkConfiguration(config: PlatformConfiguration, configurationUrl: string, allowHttpLoopback: boolean): void {
  const issuer = config.issuer.replace(/\/+$/, '');
  if (!(configurationUrl === issuer || configurationUrl.startsWith(`${issuer}/`))) {
    throw new RegistrationFailure('lti_registration_issuer_mismatch', 400, 'The OpenID configuration URL does not start with the issuer it declares.', { issuer: config.issuer });
  }
  for (const field of ['issuer', 'authorization_endpoint', 'token_endpoint', 'jwks_uri', 'registration_endpoint'] as const) {
    if (!readableUrl(config[field], allowHttpLoopback)) {
      throw new RegistrationFailure('lti_registration_configuration_invalid', 502, `The platform's ${field} is not an https URL.`, { field });
    }
  }
}

function deepLinkingMessage(config: PlatformConfiguration, publicUrl: string): Record<string, unknown> | null {
  const supported = config[PLATFORM_CONFIGURATION].messages_supported;
  const declared = supported.find((message) => message.type === 'LtiDeepLinkingRequest');
  // A platform that lists its messages without deep linking would refuse or ignore ours.
  if (supported.length && !declared) return null;
  const placements = (declared?.placements ?? []).filter((placement) => USEFUL_PLACEMENTS.includes(placement));
  return { type: 'LtiDeepLinkingRequest', target_link_uri: `${publicUrl}/lti/deeplink`, label: 'Lectern', ...(placements.length ? { placements } : {}) };
}

/** The registration Lectern posts to the platform's registration endpoint (pure). */
export function toolRegistration(config: PlatformConfiguration, publicUrl: string): Record<string, unknown> {
  const base = publicUrl.replace(/\/+$/, '');
  const supported = config.scopes_supported;
  const scopes = supported ? WANTED_SCOPES.filter((scope) => supported.includes(scope)) : [...WANTED_SCOPES];
  const message = deepLinkingMessage(config, base);
  const canvas = config[PLATFORM_CONFIGURATION].product_family_code === 'canvas';
  return {
    application_type: 'web',
    response_types: ['id_token'],
    grant_types: ['implicit', 'client_credentials'],
    initiate_login_uri: `${base}/lti/login`,
    redirect_uris: [`${base}/lti/launch`, `${base}/lti/deeplink`],
    client_name: 'Lectern',
    jwks_uri: `${base}/lti/keys`,
    logo_uri: `${base}/assets/favicon.svg`,
    token_endpoint_auth_method: 'private_key_jwt',
    scope: scopes.join(' '),
    [TOOL_CONFIGURATION]: {
      // Moodle requires host[:port] of the launch URL, exactly.
      domain: new URL(base).host,
      target_link_uri: `${base}/lti/launch`,
      description: 'Lectern: lecture videos, with progress sent to the gradebook.',
      claims: [...WANTED_CLAIMS],
      messages: message ? [message] : [],
      // Canvas sends names and e-mail addresses only to "public" tools.
      ...(canvas ? { 'https://canvas.instructure.com/lti/privacy_level': 'public' } : {}),
    },
  };
}

/** The platform's answer to the registration: what Lectern keeps of it. */
export const registrationAnswerSchema = z.looseObject({
  client_id: z.union([z.string().min(1).max(255), z.number().transform(String)]),
  [TOOL_CONFIGURATION]: z
    .looseObject({ deployment_id: z.union([z.string().max(255), z.number().transform(String)]).optional() })
    .optional(),
});
export type RegistrationAnswer = z.infer<typeof registrationAnswerSchema>;

const PRODUCTS: Record<string, string> = { moodle: 'Moodle', canvas: 'Canvas', sakai: 'Sakai', chamilo: 'Chamilo' };

/** The platform as Lectern records it: named after its product and host (administrators may rename it). */
export function registeredSettings(config: PlatformConfiguration, answer: RegistrationAnswer): LtiPlatformSettings {
  const code = config[PLATFORM_CONFIGURATION].product_family_code;
  const product = PRODUCTS[code.toLowerCase()] ?? (code || 'LTI');
  const deploymentId = answer[TOOL_CONFIGURATION]?.deployment_id;
  return {
    name: `${product} (${new URL(config.issuer).host})`.slice(0, 200),
    issuer: config.issuer,
    clientId: answer.client_id,
    authenticationEndpoint: config.authorization_endpoint,
    accessTokenEndpoint: config.token_endpoint,
    jwksUrl: config.jwks_uri,
    deploymentIds: deploymentId ? [deploymentId] : [],
  };
}
