import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request, { type Response } from 'supertest';
import { startPlatform, type LtiPlatform } from '../helpers/lti-platform/index.js';
import { startLtiWorld, type LtiWorld } from '../helpers/lti-tool.js';
import { TEST_PUBLIC_URL } from '../helpers/test-app.js';

/** A server answering every GET with `body` (a platform that serves a configuration it should not). */
async function serveJson(body: unknown): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/**
 * Every refusal of /lti/register: a page with a stable code (header X-Lectern-Error-Code),
 * and nothing recorded, at Lectern or (before the registration is posted) at the platform.
 */
describe('LTI dynamic registration refusals', function () {
  this.timeout(180_000);
  let world: LtiWorld;
  let other: LtiPlatform;
  const servers: Server[] = [];

  before(async () => {
    world = await startLtiWorld({ register: false });
    other = await startPlatform({ toolBase: TEST_PUBLIC_URL });
  });
  after(async () => {
    for (const server of servers) server.close();
    await other?.close();
    await world?.close();
  });

  async function register(query: Record<string, string>): Promise<Response> {
    return request(world.ctx.app).get('/lti/register').query(query).set('Accept-Language', 'en');
  }

  async function expectRefused(res: Response, status: number, code: string): Promise<void> {
    expect(res.status, res.text).to.equal(status);
    expect(res.headers['x-lectern-error-code']).to.equal(code);
    expect(res.text).to.contain(`<code>${code}</code>`).and.contain('Nothing was recorded.');
    expect(res.text, 'the dialog is not closed by itself').to.not.contain('data-lti-close="auto"');
    expect(await world.ctx.services.ltiPlatformRepository.listAll()).to.deep.equal([]);
  }

  it('refuses a registration token of another platform: the platform refuses it, Lectern records nothing', async () => {
    const foreign = other.dynamicRegistrationStart();
    const res = await register({ openid_configuration: world.platform.endpoints.openidConfiguration, registration_token: foreign.registrationToken });
    await expectRefused(res, 502, 'lti_registration_refused');
    const last = world.platform.state.registrations.at(-1)!;
    expect(last.status).to.equal(401);
    expect(String(last.response)).to.match(/^invalid_registration_token/);
    expect(world.platform.state.types.size, 'no tool type added').to.equal(1);
  });

  it('refuses a token signed with a key the platform does not publish, and a missing one', async () => {
    const forged = world.platform.dynamicRegistrationStart({ forgery: { key: world.platform.createForeignKey() } });
    await expectRefused(await request(world.ctx.app).get(new URL(forged.url).pathname + new URL(forged.url).search).set('Accept-Language', 'en'), 502, 'lti_registration_refused');
    const missing = await register({ openid_configuration: world.platform.endpoints.openidConfiguration });
    await expectRefused(missing, 502, 'lti_registration_refused');
    expect(world.platform.state.registrations.at(-1)).to.include({ status: 401, response: 'missing_registration_token' });
  });

  it('refuses a missing, insecure or unreachable OpenID configuration without asking the platform anything', async () => {
    const before = world.platform.state.registrations.length;
    await expectRefused(await register({}), 400, 'lti_registration_missing_configuration');
    await expectRefused(await register({ openid_configuration: 'not a url' }), 400, 'lti_registration_insecure_configuration');
    await expectRefused(await register({ openid_configuration: 'http://moodle.univ.example/mod/lti/openid-configuration.php' }), 400, 'lti_registration_insecure_configuration');
    await expectRefused(await register({ openid_configuration: 'https://user:pw@moodle.univ.example/x' }), 400, 'lti_registration_insecure_configuration');
    await expectRefused(await register({ openid_configuration: 'http://127.0.0.1:1/mod/lti/openid-configuration.php' }), 502, 'lti_registration_configuration_unreachable');
    await expectRefused(await register({ openid_configuration: `${world.platform.issuer}/no/such/page` }), 502, 'lti_registration_configuration_unreachable');
    expect(world.platform.state.registrations.length).to.equal(before);
  });

  it('refuses a configuration that is not one, or that is not served under its issuer', async () => {
    const before = world.platform.state.registrations.length;
    // The platform's JWKS is JSON, not an OpenID configuration.
    await expectRefused(await register({ openid_configuration: world.platform.endpoints.jwks }), 502, 'lti_registration_configuration_invalid');
    const notJson = createServer((_req, res) => res.end('<html>Moodle</html>'));
    servers.push(notJson);
    await new Promise<void>((resolve) => notJson.listen(0, '127.0.0.1', resolve));
    await expectRefused(await register({ openid_configuration: `http://127.0.0.1:${(notJson.address() as AddressInfo).port}/config` }), 502, 'lti_registration_configuration_invalid');

    // Another server copying the platform's configuration: its URL does not start with the declared issuer.
    const config = (await (await fetch(world.platform.endpoints.openidConfiguration)).json()) as Record<string, unknown>;
    const copy = await serveJson(config);
    servers.push(copy.server);
    await expectRefused(await register({ openid_configuration: `${copy.url}/mod/lti/openid-configuration.php` }), 400, 'lti_registration_issuer_mismatch');
    expect(world.platform.state.registrations.length).to.equal(before);
  });

  it('answers only GET (ltijs’s own /register never answers)', async () => {
    const res = await request(world.ctx.app).post('/lti/register').send({});
    expect(res.status).to.equal(405);
    expect(res.headers.allow).to.equal('GET');
  });
});
