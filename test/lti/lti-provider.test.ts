import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import pg from 'pg';
import { createLtiProvider, type LtiProvider, type LtijsToken } from '../../lti/lti-provider.js';
import { ltiRouter } from '../../lti/lti-router.js';
import { createLoginStates } from '../../lti/login-state.js';
import { companionDatabaseUrl, ensureDatabase } from '../../server/src/infra/companion-database.js';
import { createTestDatabase, testClusterAdminUrl, type TestDatabase } from '../helpers/test-database.js';
import { startPlatform, type LtiPlatform } from '../helpers/lti-platform/index.js';

/**
 * The ltijs foundation against the Moodle platform double: OIDC login, auth.php, the id_token
 * posted back without any cookie (a cross-site iframe with third-party cookies blocked), and
 * the state checked server-side.
 */
describe('LTI provider (ltijs) against the platform double', function () {
  this.timeout(60_000);
  let database: TestDatabase;
  let ltiDatabase: string;
  let provider: LtiProvider;
  let platform: LtiPlatform;
  let app: express.Express;
  const launches: LtijsToken[] = [];
  const refusals: string[] = [];

  before(async () => {
    database = await createTestDatabase();
    const companion = companionDatabaseUrl(database.url, 'lti');
    ltiDatabase = companion.database;
    await ensureDatabase(database.url, companion.database);
    provider = await createLtiProvider({
      databaseUrl: companion.url,
      encryptionKey: 'test-lti-encryption-key-long-enough',
      cookieSecure: false,
      onLaunch: async (token, _req, res) => {
        launches.push(token);
        res.json({ launched: token.platformContext.resource?.id, user: token.user });
      },
      onDeepLinking: async (token, _req, res) => {
        launches.push(token);
        res.json({ deepLinking: token.platformContext.messageType });
      },
      onRefusal: (reason, _req, res) => {
        refusals.push(reason);
        res.status(401).json({ refused: reason });
      },
    });
    app = express();
    app.use('/lti', ltiRouter({ provider, states: createLoginStates(Buffer.from('test-login-state-key')), refuse: (reason, _req, res) => {
      refusals.push(reason);
      res.status(401).json({ refused: reason });
    } }));
    app.use((error: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(500).json({ error: error.message });
    });
    platform = await startPlatform({ toolBase: 'http://lectern.test' });
    await provider.registerPlatform({
      name: 'Moodle LAB',
      issuer: platform.issuer,
      clientId: platform.clientId,
      authenticationEndpoint: platform.endpoints.auth,
      accessTokenEndpoint: platform.endpoints.token,
      jwksUrl: platform.endpoints.jwks,
    });
    platform.addUser({ id: '3', username: 'teacher1', name: 'Terry Teacher', roles: ['Instructor'] });
    platform.addUser({ id: '4', username: 'student1', name: 'Sam Student', email: 'sam@example.org' });
    platform.addCourse({ id: '2', label: 'LAB101', title: 'Lab course 101', members: ['3', '4'] });
    platform.addResourceLink({ courseId: '2', id: '1', title: 'Lab video activity', custom: { video: '101' } });
  });

  after(async () => {
    await provider?.close();
    await platform?.close();
    await database?.drop();
    if (ltiDatabase) {
      const client = new pg.Client({ connectionString: testClusterAdminUrl() });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(ltiDatabase)} WITH (FORCE)`);
      await client.end();
    }
  });

  /** Login initiation → 302 to auth.php → the form auth.php posts back. */
  async function authorized(login: { body: string; url: string }) {
    const res = await request(app).post(new URL(login.url).pathname).type('form').send(login.body).expect(302);
    expect(res.headers['set-cookie'] ?? []).to.satisfy((cookies: string[]) => cookies.every((cookie) => cookie.startsWith('state')));
    const auth = platform.authorize(res.headers.location!);
    expect(auth.ok, auth.error_description).to.equal(true);
    return auth;
  }

  it('launches a resource link with no cookie sent back, and hands the validated claims over', async () => {
    const auth = await authorized(platform.loginInitiation({ user: '4', resourceLink: '1' }));
    const res = await request(app).post(new URL(auth.action!).pathname).type('form').send(auth.fields);
    expect(res.body).to.deep.equal({ launched: '1', user: '4' });
    expect(res.status).to.equal(200);
    expect(res.headers['set-cookie']).to.satisfy((cookies: string[] | undefined) => !cookies || cookies.every((cookie) => /^state/.test(cookie)));
    const token = launches.at(-1)!;
    expect(token.iss).to.equal(platform.issuer);
    expect(token.deploymentId).to.equal('1');
    expect(token.platformContext.context).to.include({ id: '2', label: 'LAB101' });
    expect(token.platformContext.custom).to.include({ video: '101' });
    expect(token.platformContext.roles?.some((role) => role.endsWith('#Learner'))).to.equal(true);
  });

  it('routes /lti/deeplink to the deep-linking handler', async () => {
    const auth = await authorized(platform.loginInitiation({ user: '3', message: 'deeplink', course: '2', title: 'Lab DL' }));
    expect(new URL(auth.action!).pathname).to.equal('/lti/deeplink');
    const res = await request(app).post('/lti/deeplink').type('form').send(auth.fields).expect(200);
    expect(res.body).to.deep.equal({ deepLinking: 'LtiDeepLinkingRequest' });
  });

  it('refuses a replayed id_token and state (nonce), a missing, made-up or altered state', async () => {
    const auth = await authorized(platform.loginInitiation({ user: '4', resourceLink: '1' }));
    await request(app).post('/lti/launch').type('form').send(auth.fields).expect(200);
    const replay = await request(app).post('/lti/launch').type('form').send(auth.fields).expect(401);
    expect(replay.body.refused).to.match(/NONCE/);
    const second = await authorized(platform.loginInitiation({ user: '4', resourceLink: '1' }));
    expect((await request(app).post('/lti/launch').type('form').send({ id_token: second.fields.id_token }).expect(401)).body).to.deep.equal({ refused: 'missing_state' });
    expect((await request(app).post('/lti/launch').type('form').send({ ...second.fields, state: 'made-up' }).expect(401)).body).to.deep.equal({ refused: 'malformed_state' });
    const altered = second.state!.replace(/\.[A-Za-z0-9_-]{32}\./, '.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.');
    expect((await request(app).post('/lti/launch').type('form').send({ ...second.fields, state: altered }).expect(401)).body).to.deep.equal({ refused: 'forged_state' });
  });

  it('refuses logins from a platform once it is unregistered, and accepts them again when it is back', async () => {
    const registration = { name: 'Moodle LAB', issuer: platform.issuer, clientId: platform.clientId, authenticationEndpoint: platform.endpoints.auth, accessTokenEndpoint: platform.endpoints.token, jwksUrl: platform.endpoints.jwks };
    await provider.unregisterPlatform(platform.issuer, platform.clientId);
    const login = platform.loginInitiation({ user: '4', resourceLink: '1' });
    const refused = await request(app).post(new URL(login.url).pathname).type('form').send(login.body).expect(401);
    expect(refused.body).to.deep.equal({ refused: 'unregistered_platform' });
    await provider.registerPlatform(registration);
    const auth = await authorized(platform.loginInitiation({ user: '4', resourceLink: '1' }));
    await request(app).post('/lti/launch').type('form').send(auth.fields).expect(200);
  });

  it('refuses a token signed with another key, through ltijs\'s own validation', async () => {
    const auth = await authorized(platform.loginInitiation({ user: '4', resourceLink: '1' }));
    const claims = JSON.parse(Buffer.from(auth.id_token!.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = platform.signIdToken(claims, { key: platform.createForeignKey(platform.kid) });
    const res = await request(app).post('/lti/launch').type('form').send({ id_token: forged, state: auth.state }).expect(401);
    expect(res.body.refused).to.match(/INVALID_SIGNATURE|invalid signature/i);
  });
});
