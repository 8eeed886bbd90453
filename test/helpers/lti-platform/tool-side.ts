import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { signJwt, type JwtPayload } from './jws.js';
import type { Jwks, SigningKey } from './keys.js';
import type { LtiPlatform } from './lti-platform.js';
import { listenOnLoopback, type RunningServer } from '../running-server.js';

/**
 * What a tool sends, for tests of the double itself or of a tool's pieces in isolation: a
 * JWKS server, client assertions, the auth.php redirect, tool-signed JWTs.
 */
export interface ToolJwksServer extends RunningServer {
  /** `http://127.0.0.1:<port>`; the JWKS is at <base>/lti/keys. */
  readonly base: string;
  /** Headers of every request received. */
  readonly requests: http.IncomingHttpHeaders[];
}

/** Serves `jwks()` (read on every request, so a test can rotate keys) at /lti/keys. */
export async function startToolJwksServer(jwks: () => Jwks): Promise<ToolJwksServer> {
  const requests: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.headers);
    res.writeHead(req.url === '/lti/keys' ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(jwks()));
  });
  const running = await listenOnLoopback(server);
  return { ...running, base: `http://127.0.0.1:${running.port}`, requests };
}

/** A JWT signed by the tool's key (header typ JWT, RS256, the key's kid, plus `header`). */
export function toolJwt(claims: JwtPayload, key: SigningKey, header: Record<string, unknown> = {}): string {
  return signJwt(claims, key.privateKey, { typ: 'JWT', alg: 'RS256', kid: key.kid, ...header });
}

/** An IMS Security Framework client assertion for token.php; `overrides` may delete claims (undefined). */
export function clientAssertion(platform: LtiPlatform, key: SigningKey, overrides: JwtPayload = {}): string {
  const iat = Math.floor(Date.now() / 1000);
  const claims: JwtPayload = { iss: platform.clientId, sub: platform.clientId, aud: platform.endpoints.token, iat, exp: iat + 60, jti: randomUUID(), ...overrides };
  for (const name of Object.keys(claims)) if (claims[name] === undefined) delete claims[name];
  return toolJwt(claims, key);
}

/** The form fields of a client_credentials request carrying `assertion`. */
export function tokenRequestFields(assertion: string, scopes: string): Record<string, string> {
  return {
    grant_type: 'client_credentials',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: assertion,
    scope: scopes,
  };
}

/**
 * The auth.php URL a tool redirects to after login initiation (moodle-observed §6.3), from
 * the login fields; `overrides` change or (undefined) drop parameters.
 */
export function toolAuthUrl(platform: LtiPlatform, login: Record<string, string>, overrides: Record<string, string | undefined> = {}): string {
  const params: Record<string, string | undefined> = {
    scope: 'openid',
    response_type: 'id_token',
    response_mode: 'form_post',
    prompt: 'none',
    client_id: login.client_id,
    redirect_uri: login.target_link_uri,
    login_hint: login.login_hint,
    lti_message_hint: login.lti_message_hint,
    state: 'state-123',
    nonce: 'nonce-456',
    ...overrides,
  };
  const url = new URL(platform.endpoints.auth);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
  return url.href;
}
