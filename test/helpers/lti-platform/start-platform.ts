import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { readBody, type PlatformRequest } from './http-kit.js';
import { createSigningKey, httpJwksFetcher, type JwksFetcher } from './keys.js';
import { LtiPlatform, toolUrlsOf } from './lti-platform.js';
import { endpointsFor, type PlatformContext } from './platform-context.js';
import { route } from './platform-routes.js';
import { PlatformState, randomString, type ToolType, type ToolUrls } from './platform-state.js';

export interface PlatformOptions {
  /** The tool's origin, e.g. `http://127.0.0.1:3000`; its URLs default to <toolBase>/lti/{login,launch,deeplink,keys,register}. */
  readonly toolBase?: string;
  /** Individual tool URLs (override toolBase's). */
  readonly tool?: Partial<ToolUrls>;
  /** Random 15 characters by default, as Moodle makes them. */
  readonly clientId?: string;
  /** The tool type id, sent as deployment_id ('1'). */
  readonly deploymentId?: string;
  readonly toolName?: string;
  /** ltiservice_gradesynchronization: 2 (line items read/write) by default, as observed. */
  readonly gradeSync?: 0 | 1 | 2;
  readonly memberships?: boolean;
  readonly toolSettings?: boolean;
  readonly sendName?: boolean;
  readonly sendEmail?: boolean;
  /** Tool-level custom parameters (type config). */
  readonly customParameters?: Record<string, string>;
  /** Refuse scoreGiven > scoreMaximum (Moodle and AGS 2.0 accept it). */
  readonly refuseExtraCredit?: boolean;
  /** Page memberships even when the tool sends no `limit`. */
  readonly membershipPageSize?: number;
  /** Clock skew allowed on JWTs received (0, as php-jwt). */
  readonly leeway?: number;
  /** How to GET the tool's JWKS (real HTTP by default). */
  readonly fetchJwks?: JwksFetcher;
}


/** The tool type setup_fixtures.php creates (moodle-observed §6.1), state configured. */
function primaryType(options: PlatformOptions, urls: ToolUrls): ToolType {
  return {
    typeId: options.deploymentId ?? '1',
    clientId: options.clientId ?? randomString(15),
    state: 'configured',
    name: options.toolName ?? 'Lab video tool (LTI 1.3)',
    initiateLogin: urls.login,
    toolUrl: urls.launch,
    deepLinkUrl: urls.deeplink,
    jwksUrl: urls.keys,
    redirectUris: [urls.launch, urls.deeplink],
    gradeSync: options.gradeSync ?? 2,
    memberships: options.memberships ?? true,
    toolSettings: options.toolSettings ?? true,
    sendName: options.sendName ?? true,
    sendEmail: options.sendEmail ?? true,
    customParameters: { ...(options.customParameters ?? {}) },
    domain: new URL(urls.launch).host,
  };
}

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

/**
 * Starts a Moodle 5.0-like LTI 1.3 Advantage platform on 127.0.0.1 (a free port); its issuer
 * is its own base URL. Close it with `platform.close()`.
 */
export async function startPlatform(options: PlatformOptions = {}): Promise<LtiPlatform> {
  const state = new PlatformState();
  const urls: ToolUrls = { ...toolUrlsOf(options.toolBase ?? 'http://127.0.0.1:3000'), ...options.tool };
  const type = primaryType(options, urls);
  state.types.set(type.typeId, type);
  const signingKey = createSigningKey();
  const clock = { offset: 0 };
  // The handler needs the issuer, known once the server listens.
  const bound: { ctx?: PlatformContext; platform?: LtiPlatform } = {};
  const server = http.createServer((req, res) => {
    void (async () => {
      const request: PlatformRequest = { method: req.method ?? 'GET', url: new URL(req.url ?? '/', bound.ctx!.issuer), headers: req.headers, body: await readBody(req) };
      const response = await route(bound.ctx!, request);
      res.writeHead(response.status, response.headers ?? {});
      res.end(response.body ?? '');
    })().catch((error: Error) => {
      // Kept for the test to assert on (platform.errors) and answered 500: the double stays up for the next request.
      bound.platform?.errors.push(error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`platform double error: ${error.message}`);
    });
  });
  const issuer = `http://127.0.0.1:${await listen(server)}`;
  const ctx: PlatformContext = {
    issuer,
    endpoints: endpointsFor(issuer),
    state,
    signingKey,
    publishedKeys: [signingKey],
    now: () => Math.floor(Date.now() / 1000) + clock.offset,
    siteIdentifier: `${randomBytes(16).toString('hex')}127.0.0.1`,
    sesskey: randomString(10),
    release: '5.0.6+ (Build: 20260403)',
    versionNumber: '2025041406.11',
    fetchJwks: options.fetchJwks ?? httpJwksFetcher,
    behaviour: { refuseExtraCredit: options.refuseExtraCredit ?? false, membershipPageSize: options.membershipPageSize ?? 0, leeway: options.leeway ?? 0 },
  };
  const close = (): Promise<void> =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  bound.ctx = ctx;
  bound.platform = new LtiPlatform(ctx, type.typeId, close, clock, urls);
  return bound.platform;
}
