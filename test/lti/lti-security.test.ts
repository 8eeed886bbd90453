import { expect } from 'chai';
import request, { type Response } from 'supertest';
import { authorizedLaunch, startLtiWorld, type LtiWorld } from '../helpers/lti-tool.js';

type Claims = Record<string, unknown>;
const DEPLOYMENT = 'https://purl.imsglobal.org/spec/lti/claim/deployment_id';

/**
 * Issue 6 item 9, through the whole /lti stack (Lectern's gate, then ltijs): every forged,
 * stale or misdirected launch is refused with a stable code (X-Lectern-Error-Code), a page,
 * no user created and no session.
 */
describe('LTI launch security: every refusal', function () {
  this.timeout(60_000);
  let world: LtiWorld;

  before(async () => {
    world = await startLtiWorld();
    world.platform.addUser({ id: '4', username: 'student1', name: 'Sam Student' });
    // Launches that go through are made as user 6: user 4 must never exist at Lectern.
    world.platform.addUser({ id: '6', username: 'student2', name: 'Sue Student' });
    world.platform.addCourse({ id: '2', label: 'LAB101', members: ['4', '6'] });
    world.platform.addResourceLink({ courseId: '2', id: '1', custom: { video: '1' } });
  });
  after(async () => world?.close());

  /** A genuine login's state and claims, to forge from. */
  async function genuine(user = '4') {
    const auth = await authorizedLaunch(world, { user, resourceLink: '1' });
    const claims = JSON.parse(Buffer.from(auth.id_token!.split('.')[1]!, 'base64url').toString('utf8')) as Claims;
    return { auth, claims };
  }

  async function post(fields: Record<string, string>): Promise<Response> {
    return request(world.ctx.app).post('/lti/launch').type('form').send(fields);
  }

  async function expectRefused(res: Response, status: number, code: string | RegExp): Promise<void> {
    expect(res.status, res.text).to.equal(status);
    if (typeof code === 'string') expect(res.headers['x-lectern-error-code']).to.equal(code);
    else expect(res.headers['x-lectern-error-code']).to.match(code);
    expect(res.text).to.match(/Lectern n’a pas pu ouvrir cette activité|Lectern could not open this activity/);
    expect(res.headers['set-cookie'] ?? []).to.satisfy((cookies: string[]) => cookies.every((cookie) => !cookie.startsWith('lectern.sid')));
    expect(await world.ctx.services.userIdentities.userOf('lti', world.platform.issuer, '4')).to.equal(null);
  }

  it('refuses a token signed with a key the platform does not publish (same kid)', async () => {
    const { auth, claims } = await genuine();
    const forged = world.platform.signIdToken(claims, { key: world.platform.createForeignKey(world.platform.kid) });
    await expectRefused(await post({ id_token: forged, state: auth.state! }), 401, 'lti_invalid_signature');
  });

  it('refuses a token whose kid is unknown', async () => {
    const { auth, claims } = await genuine();
    const forged = world.platform.signIdToken(claims, { key: world.platform.createForeignKey('unknown-kid') });
    await expectRefused(await post({ id_token: forged, state: auth.state! }), 401, 'lti_key_not_found');
  });

  it('refuses an expired token and one issued too long ago', async () => {
    const { auth, claims } = await genuine();
    const now = Math.floor(Date.now() / 1000);
    const expired = world.platform.signIdToken(claims, { claims: { iat: now - 120, exp: now - 60 } });
    await expectRefused(await post({ id_token: expired, state: auth.state! }), 401, /^lti_(jwt_expired|token_too_old)$/);
    const second = await genuine();
    const old = world.platform.signIdToken(second.claims, { claims: { iat: now - 3600, exp: now + 60 } });
    await expectRefused(await post({ id_token: old, state: second.auth.state! }), 401, 'lti_token_too_old');
  });

  it('refuses a token issued in the future', async () => {
    const { auth, claims } = await genuine();
    const future = world.platform.signIdToken(claims, { claims: { iat: Math.floor(Date.now() / 1000) + 600, exp: Math.floor(Date.now() / 1000) + 660 } });
    await expectRefused(await post({ id_token: future, state: auth.state! }), 401, 'lti_issued_in_future');
  });

  it('refuses a token for another client id (aud) or from another issuer', async () => {
    const { auth, claims } = await genuine();
    await expectRefused(await post({ id_token: world.platform.signIdToken(claims, { claims: { aud: 'another-tool' } }), state: auth.state! }), 401, 'lti_platform_unknown');
    const second = await genuine();
    await expectRefused(await post({ id_token: world.platform.signIdToken(second.claims, { claims: { iss: 'https://moodle.elsewhere.example' } }), state: second.auth.state! }), 401, 'lti_platform_unknown');
    const third = await genuine();
    const twoAudiences = world.platform.signIdToken(third.claims, { claims: { aud: [world.platform.clientId, 'another-tool'], azp: 'another-tool' } });
    await expectRefused(await post({ id_token: twoAudiences, state: third.auth.state! }), 401, 'lti_platform_unknown');
  });

  it('refuses a deployment the platform registration does not list', async () => {
    const { auth, claims } = await genuine();
    const forged = world.platform.signIdToken(claims, { claims: { [DEPLOYMENT]: '99' } });
    await expectRefused(await post({ id_token: forged, state: auth.state! }), 403, 'lti_deployment_refused');
  });

  it('refuses a replayed id_token (its nonce was used)', async () => {
    const { auth } = await genuine('6');
    const first = await post(auth.fields);
    expect(first.status).to.equal(404); // the link's video 1 does not exist: the launch itself went through
    expect(first.headers['x-lectern-error-code']).to.equal('lti_video_not_found');
    const replay = await post(auth.fields);
    expect(replay.status).to.equal(401);
    expect(replay.headers['x-lectern-error-code']).to.equal('lti_nonce_already_received');
  });

  it('refuses a missing state, a state of another login, a made-up or an altered one', async () => {
    const { auth } = await genuine();
    await expectRefused(await post({ id_token: auth.id_token! }), 401, 'lti_missing_state');
    const other = await genuine();
    await expectRefused(await post({ id_token: auth.id_token!, state: other.auth.state! }), 401, 'lti_mismatched_state');
    await expectRefused(await post({ id_token: auth.id_token!, state: 'made-up' }), 401, 'lti_malformed_state');
    const altered = auth.state!.replace(/\.[A-Za-z0-9_-]{32}\./, '.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB.');
    await expectRefused(await post({ id_token: auth.id_token!, state: altered }), 401, 'lti_forged_state');
  });

  it('refuses a missing or malformed id_token, and the platform\'s own error answer', async () => {
    await expectRefused(await post({ state: 'x' }), 401, 'lti_missing_id_token');
    await expectRefused(await post({ id_token: 'not-a-jwt', state: 'x' }), 401, 'lti_malformed_id_token');
    await expectRefused(await post({ error: 'access_denied', error_description: 'User not enrolled', state: 'x' }), 401, 'lti_platform_access_denied');
  });

  it('refuses logins from unknown platforms and client ids before ltijs answers', async () => {
    const unknown = await request(world.ctx.app).post('/lti/login').type('form').send({ iss: 'https://moodle.elsewhere.example', login_hint: '4', target_link_uri: 'http://lectern.test/lti/launch', client_id: 'x' });
    expect(unknown.status).to.equal(401);
    expect(unknown.headers['x-lectern-error-code']).to.equal('lti_platform_unknown');
    const login = world.platform.loginInitiation({ user: '4', resourceLink: '1' });
    const wrongClient = await request(world.ctx.app).post('/lti/login').type('form').send({ ...login.fields, client_id: 'another-tool' });
    expect(wrongClient.headers['x-lectern-error-code']).to.equal('lti_platform_unknown');
    const wrongDeployment = await request(world.ctx.app).post('/lti/login').type('form').send({ ...login.fields, lti_deployment_id: '99' });
    expect(wrongDeployment.status).to.equal(403);
    expect(wrongDeployment.headers['x-lectern-error-code']).to.equal('lti_deployment_refused');
    expect((await request(world.ctx.app).get('/lti/login')).headers['x-lectern-error-code']).to.equal('lti_missing_issuer');
  });

  it('refuses launches from a deactivated platform, and accepts them again once reactivated', async () => {
    await world.ctx.services.ltiPlatformService.setStatus(world.admin, world.registered.id, 'inactive');
    const login = world.platform.loginInitiation({ user: '4', resourceLink: '1' });
    const refused = await request(world.ctx.app).post('/lti/login').type('form').send(login.body);
    expect(refused.status).to.equal(403);
    expect(refused.headers['x-lectern-error-code']).to.equal('lti_platform_inactive');
    await world.ctx.services.ltiPlatformService.setStatus(world.admin, world.registered.id, 'active');
    await genuine();
  });
});
