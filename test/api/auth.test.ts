import { expect } from 'chai';
import request from 'supertest';
import { createUser, TEST_PASSWORD, type UserWithToken } from '../helpers/factories.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { csrfFrom, loggedInAgent } from '../helpers/web-session.js';

describe('authentication', () => {
  let ctx: TestApp;
  let teacher: UserWithToken;

  before(async () => {
    ctx = await buildTestApp({ LOGIN_RATE_LIMIT: '3' });
    teacher = await createUser(ctx, { username: 'prof.durand' });
  });
  after(async () => {
    await ctx.close();
  });

  describe('API tokens', () => {
    it('accepts "Token <key>" and "Bearer <key>"', async () => {
      for (const scheme of ['Token', 'Bearer', 'token', 'BEARER']) {
        const res = await request(ctx.app).get('/api/v1/me').set('Authorization', `${scheme} ${teacher.token}`).expect(200);
        expect(res.body).to.include({ username: 'prof.durand', role: 'staff', site_id: 1 });
        expect(res.body.storage).to.deep.equal({ used: 0, quota: 100 * 1024 ** 3 });
      }
    });

    it('records when a token was last used', async () => {
      const { key, token } = await ctx.services.tokenService.create(teacher.user.id, 'fresh');
      expect(token.lastUsedAt).to.equal(null);
      await request(ctx.app).get('/api/v1/me').set('Authorization', `Token ${key}`).expect(200);
      const listed = (await ctx.services.tokenService.list(teacher.user.id)).find((t) => t.id === token.id)!;
      expect(listed.lastUsedAt).to.be.instanceOf(Date);
    });

    it('answers a missing credential with 401 unauthenticated and a challenge', async () => {
      const res = await request(ctx.app).get('/api/v1/me').expect(401);
      expect(res.body.code).to.equal('unauthenticated');
      expect(res.headers['www-authenticate']).to.include('Token');
    });

    it('answers a wrong token with 401 invalid_token', async () => {
      const res = await request(ctx.app).get('/api/v1/me').set('Authorization', `Token ${'f'.repeat(40)}`).expect(401);
      expect(res.body.code).to.equal('invalid_token');
    });

    it('answers an unknown scheme with 401 invalid_authorization', async () => {
      const res = await request(ctx.app).get('/api/v1/me').set('Authorization', 'Basic YWRtaW46YWRtaW4=').expect(401);
      expect(res.body.code).to.equal('invalid_authorization');
    });

    it('answers a revoked token with 401 token_revoked, through the API and after', async () => {
      const { key, token } = await ctx.services.tokenService.create(teacher.user.id, 'to revoke');
      await request(ctx.app).delete(`/api/v1/tokens/${token.id}`).set('Authorization', `Token ${key}`).expect(204);
      const res = await request(ctx.app).get('/api/v1/me').set('Authorization', `Token ${key}`).expect(401);
      expect(res.body.code).to.equal('token_revoked');
      const again = await request(ctx.app).delete(`/api/v1/tokens/${token.id}`).set(teacher.auth).expect(404);
      expect(again.body.code).to.equal('token_not_found');
    });

    it('creates a token through the API, showing its key once', async () => {
      const res = await request(ctx.app).post('/api/v1/tokens').set(teacher.auth).send({ name: 'moodle' }).expect(201);
      expect(res.body.key).to.match(/^[0-9a-f]{40}$/);
      expect(res.body.prefix).to.equal(res.body.key.slice(0, 8));
      const list = await request(ctx.app).get('/api/v1/tokens').set(teacher.auth).expect(200);
      expect(JSON.stringify(list.body)).to.not.include(res.body.key);
      await request(ctx.app).get('/api/v1/me').set('Authorization', `Bearer ${res.body.key}`).expect(200);
    });

    it('stores tokens hashed', async () => {
      const { key } = await ctx.services.tokenService.create(teacher.user.id, 'hashed');
      const rows = await ctx.database.pool.query('SELECT token_hash, token_prefix FROM api_tokens');
      expect(JSON.stringify(rows.rows)).to.not.include(key);
    });

    it("refuses a token of a user who has been deactivated", async () => {
      const gone = await createUser(ctx);
      await ctx.database.pool.query('UPDATE users SET is_active = false WHERE id = $1', [gone.user.id]);
      const res = await request(ctx.app).get('/api/v1/me').set(gone.auth).expect(401);
      expect(res.body.code).to.equal('invalid_token');
    });
  });

  describe('login form and session', () => {
    it('logs in, keeps the session in PostgreSQL, and logs out', async () => {
      const { agent, csrf } = await loggedInAgent(ctx.app, 'prof.durand');
      const me = await agent.get('/api/v1/me').expect(200);
      expect(me.body.username).to.equal('prof.durand');
      const sessions = await ctx.database.pool.query('SELECT count(*)::int AS n FROM sessions');
      expect(sessions.rows[0].n).to.be.greaterThan(0);
      await agent.post('/logout').type('form').send({ _csrf: csrf }).expect(303);
      await agent.get('/api/v1/me').expect(401);
      const page = await agent.get('/my/videos').expect(303);
      expect(page.headers.location).to.equal('/login?next=%2Fmy%2Fvideos');
    });

    it('stores passwords hashed with scrypt', async () => {
      const rows = await ctx.database.pool.query('SELECT password_hash FROM users WHERE id = $1', [teacher.user.id]);
      expect(rows.rows[0].password_hash).to.match(/^scrypt\$32768\$8\$1\$/);
      expect(rows.rows[0].password_hash).to.not.include(TEST_PASSWORD);
    });

    it('refuses a wrong password with the form again, in the visitor\'s language', async () => {
      const agent = request.agent(ctx.app);
      const page = await agent.get('/login').set('Accept-Language', 'en-GB,en;q=0.8').expect(200);
      const res = await agent.post('/login').set('Accept-Language', 'en').type('form').send({ _csrf: csrfFrom(page.text), username: 'prof.durand', password: 'wrong password' }).expect(401);
      expect(res.text).to.include('Wrong username or password.');
      expect(res.text).to.include('<html lang="en">');
    });

    it('only goes back to local paths after login', async () => {
      const agent = request.agent(ctx.app);
      const page = await agent.get('/login').expect(200);
      const res = await agent.post('/login').type('form').send({ _csrf: csrfFrom(page.text), username: 'prof.durand', password: TEST_PASSWORD, next: 'https://evil.example/' }).expect(303);
      expect(res.headers.location).to.equal('/my/videos');
    });

    it('refuses a login post without the CSRF token', async () => {
      const agent = request.agent(ctx.app);
      await agent.get('/login').expect(200);
      const res = await agent.post('/login').set('Accept', 'application/json').type('form').send({ username: 'prof.durand', password: TEST_PASSWORD }).expect(403);
      expect(res.body.code).to.equal('csrf_failed');
    });

    it('requires the CSRF header for cookie-authenticated API changes', async () => {
      const { agent, csrf } = await loggedInAgent(ctx.app, 'prof.durand');
      const created = await agent.post('/api/v1/videos').set('X-CSRF-Token', csrf).send({ title: 'From the browser' }).expect(201);
      const refused = await agent.patch(`/api/v1/videos/${created.body.id}`).send({ title: 'Forged' }).expect(403);
      expect(refused.body.code).to.equal('csrf_failed');
      const wrong = await agent.patch(`/api/v1/videos/${created.body.id}`).set('X-CSRF-Token', 'x'.repeat(csrf.length)).send({ title: 'Forged' }).expect(403);
      expect(wrong.body.code).to.equal('csrf_failed');
    });

    it('limits failed logins per address and username', async () => {
      const victim = await createUser(ctx, { username: 'rate.limited' });
      const agent = request.agent(ctx.app);
      const page = await agent.get('/login').expect(200);
      const csrf = csrfFrom(page.text);
      for (let attempt = 0; attempt < 3; attempt += 1) {
        await agent.post('/login').type('form').send({ _csrf: csrf, username: 'rate.limited', password: `guess ${attempt}` }).expect(401);
      }
      const blocked = await agent.post('/login').set('Accept', 'application/json').type('form').send({ _csrf: csrf, username: 'rate.limited', password: TEST_PASSWORD }).expect(429);
      expect(blocked.body.code).to.equal('too_many_attempts');
      // Another account from the same address is not locked out by it.
      await agent.post('/login').type('form').send({ _csrf: csrf, username: 'prof.durand', password: TEST_PASSWORD }).expect(303);
      expect(victim.user.username).to.equal('rate.limited');
    });

    it('does not create a session for anonymous API calls', async () => {
      const before = (await ctx.database.pool.query('SELECT count(*)::int AS n FROM sessions')).rows[0].n;
      for (let i = 0; i < 3; i += 1) await request(ctx.app).get('/api/v1/me').expect(401);
      const res = await request(ctx.app).get('/healthz');
      expect(res.headers['set-cookie']).to.equal(undefined);
      const after = (await ctx.database.pool.query('SELECT count(*)::int AS n FROM sessions')).rows[0].n;
      expect(after).to.equal(before);
    });
  });
});
