import { randomBytes } from 'node:crypto';
import { formFields, mediaTypeOf, type PlatformRequest, type PlatformResponse } from './http-kit.js';
import { JwtError, checkTimes, decodeJwt, type JwtPayload } from './jws.js';
import { asJwks, verifyWithJwks, type Jwks } from './keys.js';
import { agsScopes } from './id-token-claims.js';
import { scope } from './lti-vocabulary.js';
import type { PlatformContext } from './platform-context.js';
import type { AccessToken, ToolType } from './platform-state.js';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** LTI_ACCESS_TOKEN_LIFE */
export const ACCESS_TOKEN_LIFE = 3600;

class TokenRefusal extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
  ) {
    super(`${error}: ${description}`);
  }
}

/** The scopes Moodle lets this tool type ask for (lti_get_permitted_service_scopes). */
export function permittedScopes(type: ToolType): string[] {
  const scopes = [...agsScopes(type)];
  if (type.memberships) scopes.push(scope.memberships);
  if (type.toolSettings) scopes.push(scope.toolSettings);
  return scopes;
}

export function issueAccessToken(ctx: PlatformContext, type: ToolType, scopes: string[]): AccessToken {
  const token: AccessToken = { token: randomBytes(16).toString('hex'), typeId: type.typeId, scopes, expiresAt: ctx.now() + ACCESS_TOKEN_LIFE };
  ctx.state.tokens.set(token.token, token);
  return token;
}

function readAssertion(fields: Record<string, string>): JwtPayload {
  const required = ['client_assertion', 'client_assertion_type', 'grant_type', 'scope'];
  const missing = required.filter((name) => !fields[name]);
  if (missing.length > 0) throw new TokenRefusal('invalid_request', `missing ${missing.join(', ')}`);
  if (fields.client_assertion_type !== ASSERTION_TYPE || fields.grant_type !== 'client_credentials') {
    throw new TokenRefusal('unsupported_grant_type', `grant_type ${fields.grant_type}, client_assertion_type ${fields.client_assertion_type}`);
  }
  try {
    const { payload } = decodeJwt(fields.client_assertion!);
    if (typeof payload.sub !== 'string' || payload.sub === '') throw new TokenRefusal('invalid_request', 'client_assertion has no sub');
    return payload;
  } catch (error) {
    if (error instanceof JwtError) throw new TokenRefusal('invalid_request', error.message);
    throw error;
  }
}

/** IMS Security Framework §4.1.1 checks on top of Moodle's signature check. */
function checkAssertionClaims(ctx: PlatformContext, claims: JwtPayload, type: ToolType): void {
  if (claims.iss !== type.clientId || claims.sub !== type.clientId) throw new TokenRefusal('invalid_client', `iss ${String(claims.iss)} and sub must both be the client_id`);
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(ctx.endpoints.token)) throw new TokenRefusal('invalid_client', `aud ${JSON.stringify(claims.aud)} does not name ${ctx.endpoints.token}`);
  checkTimes(claims, { now: ctx.now(), leeway: ctx.behaviour.leeway, requireExp: true, requireIat: true });
  if (typeof claims.jti !== 'string' || claims.jti === '') throw new TokenRefusal('invalid_client', 'client_assertion has no jti');
  if (ctx.state.seenAssertionIds.has(claims.jti)) throw new TokenRefusal('invalid_client', `jti ${claims.jti} was already used`);
}

async function verifyAssertion(ctx: PlatformContext, assertion: string, type: ToolType): Promise<void> {
  const headers = { 'user-agent': `MoodleBot/5.0 (+${ctx.issuer})`, accept: '*/*' };
  ctx.state.jwksFetches.push({ at: new Date(), url: type.jwksUrl, headers });
  let jwks: Jwks;
  try {
    jwks = asJwks(await ctx.fetchJwks(type.jwksUrl, headers), type.jwksUrl);
  } catch (error) {
    // Moodle answers with the failed keyset fetch's message; so does the double.
    throw new TokenRefusal('invalid_client', `cannot read the tool's JWKS: ${(error as Error).message}`);
  }
  try {
    const { payload } = verifyWithJwks(assertion, jwks);
    checkAssertionClaims(ctx, payload, type);
    ctx.state.seenAssertionIds.add(payload.jti as string);
  } catch (error) {
    if (error instanceof JwtError) throw new TokenRefusal('invalid_client', error.message);
    throw error;
  }
}

async function grant(ctx: PlatformContext, req: PlatformRequest): Promise<{ token: AccessToken }> {
  if (req.method !== 'POST' || mediaTypeOf(req.headers['content-type']) !== 'application/x-www-form-urlencoded') {
    throw new TokenRefusal('invalid_request', 'POST application/x-www-form-urlencoded expected');
  }
  const fields = formFields(req.body);
  const claims = readAssertion(fields);
  const type = ctx.state.typeByClientId(claims.sub as string);
  if (!type) throw new TokenRefusal('invalid_client', `no tool with client_id ${String(claims.sub)}`);
  await verifyAssertion(ctx, fields.client_assertion!, type);
  const permitted = permittedScopes(type);
  const scopes = fields.scope!.split(' ').filter((name) => permitted.includes(name));
  if (scopes.length === 0) throw new TokenRefusal('invalid_scope', `none of ${fields.scope} is permitted`);
  return { token: issueAccessToken(ctx, type, [...new Set(scopes)]) };
}

/**
 * POST /mod/lti/token.php. Moodle answers JSON without setting a Content-Type, so PHP's
 * default `text/html; charset=UTF-8` goes out; the double does the same. Refusals are 400
 * `{"error": ...}` (plus an `error_description` the double adds to say why).
 */
export async function handleToken(ctx: PlatformContext, req: PlatformRequest): Promise<PlatformResponse> {
  const fields = formFields(req.body);
  let response: PlatformResponse;
  try {
    const { token } = await grant(ctx, req);
    const body = { access_token: token.token, token_type: 'Bearer', expires_in: ACCESS_TOKEN_LIFE, scope: token.scopes.join(' ') };
    response = { status: 200, headers: { 'content-type': 'text/html; charset=UTF-8' }, body: JSON.stringify(body, null, 2) };
  } catch (error) {
    if (!(error instanceof TokenRefusal)) throw error;
    const body = { error: error.error, error_description: error.description };
    response = { status: 400, headers: { 'content-type': 'text/html; charset=UTF-8' }, body: JSON.stringify(body, null, 2) };
  }
  ctx.state.tokenRequests.push({ at: new Date(), method: req.method, path: req.url.pathname, status: response.status, fields, responseBody: response.body ?? '' });
  return response;
}
