import { signPlatformJwt, type TokenForgery } from './id-token-claims.js';
import { json, text, type PlatformRequest, type PlatformResponse } from './http-kit.js';
import { JwtError, checkTimes } from './jws.js';
import { jwksOf, verifyWithJwks } from './keys.js';
import { platformConfigurationKey, scope } from './lti-vocabulary.js';
import type { PlatformContext } from './platform-context.js';
import { randomString, type ToolType } from './platform-state.js';
import { RegistrationRefusal, configToRegistration, registrationToConfig } from './registration-config.js';
import { parseObject } from './ags-line-items.js';

/** array_keys(lti_get_capabilities()) plus the services' variables, as Moodle 5.0 lists them. */
const VARIABLES = [
  'basic-lti-launch-request', 'ContentItemSelectionRequest', 'ToolProxyRegistrationRequest', 'Context.id', 'Context.title',
  'Context.label', 'Context.id.history', 'Context.sourcedId', 'Context.longDescription', 'Context.timeFrame.begin',
  'CourseSection.title', 'CourseSection.label', 'CourseSection.sourcedId', 'CourseSection.longDescription',
  'CourseSection.timeFrame.begin', 'CourseSection.timeFrame.end', 'ResourceLink.id', 'ResourceLink.title',
  'ResourceLink.description', 'User.id', 'User.username', 'Person.name.full', 'Person.name.given', 'Person.name.family',
  'Person.email.primary', 'Person.sourcedId', 'Person.name.middle', 'Person.address.street1', 'Person.address.locality',
  'Person.address.country', 'Person.address.timezone', 'Person.phone.primary', 'Person.phone.mobile', 'Person.webaddress',
  'Membership.role', 'Result.sourcedId', 'Result.autocreate', 'BasicOutcome.sourcedId', 'BasicOutcome.url',
  'Moodle.Person.userGroupIds', 'LineItems.url', 'LineItem.url', 'Scores.url', 'Results.url', 'Result.url',
  'ToolProxyBinding.memberships.url', 'LtiLink.memberships.url', 'ToolProxy.custom.url', 'ToolProxyBinding.custom.url', 'LtiLink.custom.url',
];

/** GET /mod/lti/openid-configuration.php (moodle-observed §7). */
export function openidConfiguration(ctx: PlatformContext): Record<string, unknown> {
  const { endpoints } = ctx;
  return {
    issuer: ctx.issuer,
    token_endpoint: endpoints.token,
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['RS256'],
    jwks_uri: endpoints.jwks,
    authorization_endpoint: endpoints.auth,
    registration_endpoint: endpoints.registration,
    scopes_supported: [scope.basicOutcome, scope.lineItemReadOnly, scope.resultReadOnly, scope.score, scope.lineItem, scope.memberships, scope.toolSettings, 'openid'],
    response_types_supported: ['id_token'],
    subject_types_supported: ['public', 'pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    claims_supported: ['sub', 'iss', 'name', 'given_name', 'family_name', 'email'],
    [platformConfigurationKey]: {
      product_family_code: 'moodle',
      version: ctx.release,
      messages_supported: [{ type: 'LtiResourceLinkRequest' }, { type: 'LtiDeepLinkingRequest', placements: ['ContentArea'] }],
      variables: VARIABLES,
    },
  };
}

export function handleOpenidConfiguration(ctx: PlatformContext): PlatformResponse {
  return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(openidConfiguration(ctx), null, 4) };
}

export function handleCerts(ctx: PlatformContext): PlatformResponse {
  return json(200, jwksOf(ctx.publishedKeys));
}

/** startltiadvregistration.php's token: {sub, scope, iat, exp: iat + 3600}, RS256 with the platform kid. */
export function registrationToken(ctx: PlatformContext, updateTypeId: string | undefined, forgery: TokenForgery = {}): { token: string; clientId: string } {
  const iat = ctx.now();
  const sub = updateTypeId ?? randomString(15);
  const payload = { sub, scope: updateTypeId === undefined ? 'reg' : 'reg-update', iat, exp: iat + 3600 };
  return { token: signPlatformJwt(ctx, payload, forgery), clientId: sub };
}

/** validate_registration_token: signed by the platform, live, scope reg (unused client id) or reg-update. */
function validateToken(ctx: PlatformContext, token: string): { clientId: string; existing?: ToolType } {
  let claims: Record<string, unknown>;
  try {
    claims = verifyWithJwks(token, jwksOf(ctx.publishedKeys)).payload;
    checkTimes(claims, { now: ctx.now(), leeway: ctx.behaviour.leeway, requireExp: true });
  } catch (error) {
    // Moodle lets php-jwt's exception escape (an error page); the double answers 401 with why.
    if (error instanceof JwtError) throw new RegistrationRefusal(`invalid_registration_token: ${error.message}`, 401);
    throw error;
  }
  const sub = String(claims.sub ?? '');
  if (claims.scope === 'reg') {
    if (ctx.state.typeByClientId(sub)) throw new RegistrationRefusal('token_already_used', 401);
    return { clientId: sub };
  }
  if (claims.scope === 'reg-update') {
    const existing = ctx.state.types.get(sub);
    if (!existing) throw new RegistrationRefusal('Unknown client', 400);
    return { clientId: existing.clientId, existing };
  }
  throw new RegistrationRefusal('Incorrect scope', 403);
}

function register(ctx: PlatformContext, token: string, payload: Record<string, unknown> | undefined): { type: ToolType; response: Record<string, unknown> } {
  const { clientId, existing } = validateToken(ctx, token);
  if (!payload) throw new RegistrationRefusal('the body is not a JSON object', 400);
  const config = registrationToConfig(payload);
  const type: ToolType = existing
    ? Object.assign(existing, config.type)
    : { ...config.type, typeId: ctx.state.newTypeId(), clientId, state: 'pending' };
  ctx.state.types.set(type.typeId, type);
  return { type, response: configToRegistration(type, config.logoUri, config.description) };
}

/**
 * POST /mod/lti/openid-registration.php with `Authorization: Bearer <registration token>`.
 * Success: 200 JSON, the new tool type is pending. Refusals: Moodle's message as the body.
 */
export function handleRegistration(ctx: PlatformContext, req: PlatformRequest): PlatformResponse {
  const header = req.headers.authorization;
  const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
  const payload = parseObject(req.body);
  let response: PlatformResponse;
  let typeId: string | undefined;
  try {
    if (req.method !== 'POST') throw new RegistrationRefusal('POST expected', 405);
    if (!token) throw new RegistrationRefusal('missing_registration_token', 401);
    const registered = register(ctx, token, payload);
    typeId = registered.type.typeId;
    response = json(200, registered.response);
  } catch (error) {
    if (!(error instanceof RegistrationRefusal)) throw error;
    response = text(error.status, error.message, 'text/html; charset=UTF-8');
  }
  const answer = response.status === 200 ? JSON.parse(response.body ?? 'null') : response.body;
  ctx.state.registrations.push({ at: new Date(), status: response.status, registrationToken: token, request: payload ?? req.body, response: answer, typeId });
  return response;
}
