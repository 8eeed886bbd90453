import { expect } from 'chai';
import request, { type Response } from 'supertest';
import type { LtiPlatform as RegisteredPlatform } from '../../server/src/domain/lms/lti-platform.js';
import type { User } from '../../server/src/domain/users/user.js';
import { createUser } from './factories.js';
import { startPlatform, type LtiPlatform, type PlatformOptions } from './lti-platform/index.js';
import { buildTestApp, TEST_PUBLIC_URL, type TestApp } from './test-app.js';

/**
 * Lectern with its LTI tool mounted (supertest, no port), the Moodle platform double, and the
 * double registered at Lectern by an administrator. The double reads Lectern's JWKS through
 * supertest (`fetchJwks`).
 */
export interface LtiWorld {
  readonly ctx: TestApp;
  readonly platform: LtiPlatform;
  readonly admin: User;
  registered: RegisteredPlatform;
  close(): Promise<void>;
}

export async function startLtiWorld(options: { env?: Record<string, string>; platform?: PlatformOptions; workers?: number; register?: boolean } = {}): Promise<LtiWorld> {
  const ctx = await buildTestApp(options.env ?? {}, undefined, { lti: true, workers: options.workers });
  const platform = await startPlatform({
    toolBase: TEST_PUBLIC_URL,
    fetchJwks: async (url) => (await request(ctx.app).get(new URL(url).pathname).expect(200)).body,
    ...options.platform,
  });
  const { user: admin } = await createUser(ctx, { role: 'admin' });
  const registered = options.register === false
    ? (null as unknown as RegisteredPlatform)
    : await ctx.services.ltiPlatformService.add(admin, {
        name: 'Moodle LAB',
        issuer: platform.issuer,
        clientId: platform.clientId,
        authenticationEndpoint: platform.endpoints.auth,
        accessTokenEndpoint: platform.endpoints.token,
        jwksUrl: platform.endpoints.jwks,
        deploymentIds: [platform.deploymentId],
      });
  return {
    ctx,
    platform,
    admin,
    registered,
    async close() {
      await platform.close();
      await ctx.close();
    },
  };
}

/** What auth.php posts back after Lectern's login redirect (its form fields), checked to succeed. */
export async function authorizedLaunch(world: LtiWorld, input: Parameters<LtiPlatform['loginInitiation']>[0]) {
  const login = world.platform.loginInitiation(input);
  const res = await request(world.ctx.app).post(new URL(login.url).pathname).type('form').send(login.body);
  expect(res.status, res.text).to.equal(302);
  const auth = world.platform.authorize(res.headers.location!);
  expect(auth.ok, auth.error_description).to.equal(true);
  return auth;
}

/** A complete launch (login → auth.php → the posted id_token): Lectern's answer to the post. */
export async function launch(world: LtiWorld, input: Parameters<LtiPlatform['loginInitiation']>[0]): Promise<Response> {
  const auth = await authorizedLaunch(world, input);
  return request(world.ctx.app).post(new URL(auth.action!).pathname).type('form').send(auth.fields);
}

/** The player configuration a page carries, or null. */
export function playerConfigIn(html: string): Record<string, unknown> | null {
  const match = /<script type="application\/json" id="lectern-player-config">([\s\S]*?)<\/script>/.exec(html);
  return match ? (JSON.parse(match[1]!) as Record<string, unknown>) : null;
}
