import { expect } from 'chai';
import request from 'supertest';
import { sql } from 'kysely';
import type { BridgeKeyInput } from '../../server/src/domain/tokens/bridge-key-service.js';
import { createUser, createVideo, TEST_PASSWORD, type UserWithToken } from '../helpers/factories.js';
import { RepositoryPodPlugin } from '../helpers/moodle-repository-pod.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

/** Keys and tenants: who may call the Pod dialect, and which site a key sees. */
describe('Moodle bridge: keys, Basic authentication and tenants', function () {
  this.timeout(60_000);
  let ctx: TestApp;
  let admin: UserWithToken;
  let key: string;
  let site2Key: string;
  let site1VideoId: number;
  let site2VideoId: number;
  const listing = '/rest/videos/user_videos/?&username=teacher1&format=json&encoding_in_progress=False';
  const settings = (overrides: Partial<BridgeKeyInput> = {}): BridgeKeyInput => ({ name: 'moodle', siteId: null, usernameMapping: 'username', identityIssuer: null, pageSize: 12, ...overrides });
  const idsOf = (body: { results: { id: number }[] }) => body.results.map((item) => item.id);

  before(async () => {
    ctx = await buildTestApp({ LOGIN_RATE_LIMIT: '3' });
    await sql`INSERT INTO sites (name, domain) VALUES ('UFR Sciences', 'sciences.lectern.test')`.execute(ctx.database.db);
    admin = await createUser(ctx, { role: 'admin', username: 'platform-admin' });
    const teacher = await createUser(ctx, { username: 'teacher1' });
    site1VideoId = (await createVideo(ctx, teacher.user, { title: 'Site one lecture' })).id;
    const teacherOfSite2 = await ctx.services.userService.create({ siteId: 2, username: 'teacher1', role: 'staff', password: TEST_PASSWORD });
    const site2Type = await ctx.services.referenceData.createType(2, 'Other', '');
    site2VideoId = (await ctx.services.videoService.create(teacherOfSite2, { title: 'Site two lecture', typeId: site2Type.id })).id;
    key = (await ctx.services.bridgeKeyService.create(admin.user, settings())).key;
    site2Key = (await ctx.services.bridgeKeyService.create(admin.user, settings({ name: 'sciences', siteId: 2 }))).key;
  });
  after(async () => ctx?.close());

  describe('refusals, in DRF\'s words', () => {
    const cases: [string, Record<string, string>, number, string, string][] = [
      ['no credentials', {}, 401, 'Authentication credentials were not provided.', 'not_authenticated'],
      ['a wrong key', { Authorization: 'Token 0123456789abcdef0123456789abcdef01234567' }, 401, 'Invalid token.', 'invalid_token'],
      ['"Token" with no key', { Authorization: 'Token' }, 401, 'Invalid token header. No credentials provided.', 'invalid_token_header'],
      ['a key with spaces', { Authorization: 'Token abc def' }, 401, 'Invalid token header. Token string should not contain spaces.', 'invalid_token_header'],
      ['another scheme', { Authorization: 'Negotiate abc' }, 401, 'Authentication credentials were not provided.', 'not_authenticated'],
    ];
    for (const [name, headers, status, detail, code] of cases) {
      it(`refuses ${name}`, async () => {
        const res = await request(ctx.app).get(listing).set(headers).expect(status);
        expect(res.body).to.deep.equal({ detail });
        expect(res.headers['x-lectern-error-code']).to.equal(code);
        expect(res.headers['www-authenticate']).to.equal('Basic realm="api"');
      });
    }

    it('refuses a revoked key, and the plugin then shows an empty list', async () => {
      const created = await ctx.services.bridgeKeyService.create(admin.user, settings({ name: 'old' }));
      await request(ctx.app).get(listing).set('Authorization', `Token ${created.key}`).expect(200);
      await ctx.services.bridgeKeyService.revoke(admin.user, created.token.id);
      const res = await request(ctx.app).get(listing).set('Authorization', `Token ${created.key}`).expect(401);
      expect(res.body).to.deep.equal({ detail: 'This token has been revoked.' });
      expect(res.headers['x-lectern-error-code']).to.equal('token_revoked');
      const plugin = new RepositoryPodPlugin(ctx.app, { apiKey: created.key, pageSize: 12, extensions: 'mp4', https: true, qualityMode: 'lower', thumbnail: null });
      expect((await plugin.listing('teacher1')).list).to.deep.equal([]);
    });

    it('refuses the API token of a user who is not an administrator (Pod: staff only)', async () => {
      const staff = await createUser(ctx);
      const res = await request(ctx.app).get(listing).set(staff.auth).expect(403);
      expect(res.body).to.deep.equal({ detail: 'You do not have permission to perform this action.' });
    });

    it('refuses the key of an administrator who was deactivated', async () => {
      const gone = await createUser(ctx, { role: 'admin' });
      const goneKey = (await ctx.services.bridgeKeyService.create(gone.user, settings())).key;
      await request(ctx.app).get(listing).set('Authorization', `Token ${goneKey}`).expect(200);
      await ctx.database.db.updateTable('users').set({ is_active: false }).where('id', '=', gone.user.id).execute();
      await request(ctx.app).get(listing).set('Authorization', `Token ${goneKey}`).expect(401, { detail: 'Invalid token.' });
    });

    it('answers unknown Pod routes and wrong methods as DRF does', async () => {
      await request(ctx.app).get('/rest/nothing-here/').set('Authorization', `Token ${key}`).expect(404, { detail: 'Not found.' });
      const res = await request(ctx.app).post('/rest/videos/user_videos/').set('Authorization', `Token ${key}`).expect(405);
      expect(res.body).to.deep.equal({ detail: 'Method "POST" not allowed.' });
      expect(res.headers.allow).to.contain('GET');
    });
  });

  describe('accepted credentials', () => {
    it('accepts an administrator\'s own API token, as Pod accepts a staff user\'s token', async () => {
      const res = await request(ctx.app).get(listing).set(admin.auth).expect(200);
      expect(idsOf(res.body)).to.deep.equal([site1VideoId]);
    });

    it('accepts HTTP Basic with an administrator\'s password; a wrong one is refused, then rate-limited', async () => {
      const basic = (password: string) => `Basic ${Buffer.from(`platform-admin:${password}`).toString('base64')}`;
      const ok = await request(ctx.app).get(listing).set('Authorization', basic(TEST_PASSWORD)).expect(200);
      expect(idsOf(ok.body)).to.deep.equal([site1VideoId]);
      // Not-found pages after a good login do not count as failures.
      await request(ctx.app).get(`${listing}&page=9`).set('Authorization', basic(TEST_PASSWORD)).expect(404);
      for (let attempt = 0; attempt < 3; attempt++) {
        await request(ctx.app).get(listing).set('Authorization', basic('wrong password')).expect(401, { detail: 'Invalid username/password.' });
      }
      const limited = await request(ctx.app).get(listing).set('Authorization', basic(TEST_PASSWORD)).expect(429);
      expect(limited.body).to.have.keys('detail');
      expect(limited.headers['x-lectern-error-code']).to.equal('too_many_attempts');
    });

    it('refuses Basic credentials without a colon', async () => {
      const res = await request(ctx.app).get(listing).set('Authorization', `Basic ${Buffer.from('nocolon').toString('base64')}`).expect(401);
      expect(res.body).to.deep.equal({ detail: 'Invalid basic header. Credentials not correctly base64 encoded.' });
    });
  });

  describe('tenants', () => {
    it('scopes a key bound to a site to that site, whether or not sites= is sent', async () => {
      const bound = (url: string) => request(ctx.app).get(url).set('Authorization', `Token ${site2Key}`);
      expect(idsOf((await bound(listing).expect(200)).body)).to.deep.equal([site2VideoId]);
      expect(idsOf((await bound(`${listing}&sites=2`).expect(200)).body)).to.deep.equal([site2VideoId]);
      expect((await bound(`${listing}&sites=1`).expect(200)).body.count).to.equal(0);
      expect(idsOf((await request(ctx.app).get(`${listing}&sites=1`).set('Authorization', `Token ${key}`).expect(200)).body)).to.deep.equal([site1VideoId]);
      expect((await request(ctx.app).get(`${listing}&sites=2`).set('Authorization', `Token ${key}`).expect(200)).body.count).to.equal(0);
    });

    it('refuses an unknown or malformed site filter with a field error', async () => {
      const unknown = await request(ctx.app).get(`${listing}&sites=99`).set('Authorization', `Token ${key}`).expect(400);
      expect(unknown.body).to.deep.equal({ sites: ['Select a valid choice. 99 is not one of the available choices.'] });
      const malformed = await request(ctx.app).get(`${listing}&sites=one`).set('Authorization', `Token ${key}`).expect(400);
      expect(malformed.body).to.deep.equal({ sites: ['Select a valid choice. one is not one of the available choices.'] });
    });

    it('hides the other site\'s videos and files from a bound key', async () => {
      await request(ctx.app).get(`/rest/videos/${site1VideoId}/`).set('Authorization', `Token ${site2Key}`).expect(404, { detail: 'Not found.' });
      await request(ctx.app).get(`/rest/videos/${site2VideoId}/`).set('Authorization', `Token ${site2Key}`).expect(200);
      await request(ctx.app).get(`/rest/videos/${site2VideoId}/`).set('Authorization', `Token ${key}`).expect(404);
      await request(ctx.app).get(`/rest/encodings_video/video_encodedfiles/?video=${site1VideoId}&extension=mp4`).set('Authorization', `Token ${site2Key}`).expect(200, []);
    });
  });
});
