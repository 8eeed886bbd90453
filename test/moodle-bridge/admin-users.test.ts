import { expect } from 'chai';
import request from 'supertest';
import { createUser } from '../helpers/factories.js';
import { expectAuthRefusals, expectFieldErrors, expectMethodNotAllowed, keyWithPageSize, podAdmin, rest, type PodAdmin } from '../helpers/pod-admin.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

/** Pod's `/rest/users/` as bulk scripts use it: list with filters, detail, create (SSO users, no password). */
describe('Pod admin API: users', function () {
  this.timeout(60_000);
  let ctx: TestApp;
  let pod: PodAdmin;

  before(async () => {
    ctx = await buildTestApp();
    pod = await podAdmin(ctx);
  });
  after(async () => ctx?.close());

  const create = (body: object, auth = pod.auth) => request(ctx.app).post('/rest/users/').set(auth).send(body);

  describe('create', () => {
    it('creates a user with Pod\'s fields and answers 201 with the User JSON and its Location', async () => {
      const res = await create({ username: 'jdupont', first_name: 'Jeanne', last_name: 'Dupont', email: 'jeanne.dupont@univ.fr', is_staff: false, groups: [] }).expect(201);
      const id = res.body.id as number;
      expect(res.body).to.deep.equal({
        id,
        url: rest(`users/${id}/`),
        username: 'jdupont',
        first_name: 'Jeanne',
        last_name: 'Dupont',
        email: 'jeanne.dupont@univ.fr',
        is_staff: false,
        groups: [],
        role: 'student',
      });
      expect(res.headers.location).to.equal(rest(`users/${id}/`));
      const user = await ctx.services.userService.getById(id);
      expect(user).to.include({ siteId: 1, role: 'student', affiliation: 'student', authType: 'local' });
      // No password: the account signs in by SSO only.
      expect(await ctx.services.userService.authenticate(1, 'jdupont', '')).to.equal(null);
    });

    const roles: [string, object, string, string][] = [
      ['is_staff → administrator', { is_staff: true }, 'admin', 'staff'],
      ['role staff', { role: 'staff' }, 'staff', 'staff'],
      ['role admin', { role: 'admin' }, 'admin', 'staff'],
      ['affiliation faculty → staff', { affiliation: 'faculty' }, 'staff', 'faculty'],
      ['affiliation employee → staff', { affiliation: 'Employee' }, 'staff', 'employee'],
      ['affiliation staff → staff', { affiliation: 'staff' }, 'staff', 'staff'],
      ['affiliation member → student', { affiliation: 'member' }, 'student', 'member'],
      ['role wins over affiliation', { role: 'student', affiliation: 'faculty' }, 'student', 'faculty'],
      ['is_staff wins over role', { is_staff: 'true', role: 'student' }, 'admin', 'staff'],
    ];
    for (const [name, fields, role, affiliation] of roles) {
      it(`maps roles: ${name}`, async () => {
        const username = `u${Math.random().toString(36).slice(2, 10)}`;
        const res = await create({ username, ...fields }).expect(201);
        expect(res.body.role).to.equal(role);
        expect(res.body.is_staff).to.equal(role === 'admin');
        expect((await ctx.services.userService.getById(res.body.id)).affiliation).to.equal(affiliation);
      });
    }

    it('takes url-encoded and multipart forms too', async () => {
      const form = await request(ctx.app).post('/rest/users/').set(pod.auth).type('form').send({ username: 'formuser', is_staff: 'False', affiliation: 'faculty' }).expect(201);
      expect(form.body).to.include({ username: 'formuser', role: 'staff' });
      const multipart = await request(ctx.app).post('/rest/users/').set(pod.auth).field('username', 'multipartuser').field('email', 'm@univ.fr').expect(201);
      expect(multipart.body).to.include({ username: 'multipartuser', email: 'm@univ.fr' });
    });

    it('creates the user on the key\'s site', async () => {
      const res = await create({ username: 'sciences-user' }, pod.site2Auth).expect(201);
      expect((await ctx.services.userService.getById(res.body.id)).siteId).to.equal(pod.site2Id);
      await request(ctx.app).get(`/rest/users/${res.body.id}/`).set(pod.auth).expect(404, { detail: 'Not found.' });
    });

    it('answers every invalid field in DRF\'s words', async () => {
      expectFieldErrors(await create({}), { username: ['This field is required.'] });
      expectFieldErrors(await create({ username: '   ' }), { username: ['This field may not be blank.'] });
      expectFieldErrors(await create({ username: 'a'.repeat(151) }), { username: ['Ensure this field has no more than 150 characters.'] });
      expectFieldErrors(await create({ username: 'jean dupont', email: 'not-an-address', is_staff: 'maybe', role: 'teacher', first_name: 'x'.repeat(151) }), {
        username: ['Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.'],
        email: ['Enter a valid email address.'],
        is_staff: ['Must be a valid boolean.'],
        role: ['"teacher" is not a valid choice.'],
        first_name: ['Ensure this field has no more than 150 characters.'],
      });
      expectFieldErrors(await create({ username: null }), { username: ['This field may not be null.'] });
      const list = await request(ctx.app).post('/rest/users/').set(pod.auth).send([{ username: 'x' }]);
      expectFieldErrors(list, { non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] });
    });

    it('refuses a username already taken on the site (any case) as Django does', async () => {
      await create({ username: 'twice' }).expect(201);
      const res = await create({ username: 'TWICE' });
      expectFieldErrors(res, { username: ['A user with that username already exists.'] });
      expect(res.headers['x-lectern-error-code']).to.equal('username_taken');
      // The same name is free on another site.
      await create({ username: 'twice' }, pod.site2Auth).expect(201);
    });

    it('answers a malformed JSON body and an unsupported body type', async () => {
      const malformed = await request(ctx.app).post('/rest/users/').set(pod.auth).set('Content-Type', 'application/json').send('{"username":');
      expect(malformed.status).to.equal(400);
      expect(malformed.body).to.deep.equal({ detail: 'JSON parse error - the request body is not valid JSON.' });
      const text = await request(ctx.app).post('/rest/users/').set(pod.auth).set('Content-Type', 'text/plain').send('username=x').expect(415);
      expect(text.body).to.deep.equal({ detail: 'Unsupported media type "text/plain" in request.' });
    });
  });

  describe('list and detail', () => {
    let other: PodAdmin['admin'];
    before(async () => {
      other = await createUser(ctx, { username: 'listed-teacher' });
    });

    it('lists the site\'s users newest first in DRF pages of the key\'s size, 404 past the end', async () => {
      const auth = await keyWithPageSize(ctx, pod.admin, 2);
      const first = await request(ctx.app).get('/rest/users/').set(auth).expect(200);
      const total = first.body.count as number;
      expect(total).to.be.greaterThan(4);
      expect(first.body.results).to.have.length(2);
      expect(first.body.previous).to.equal(null);
      expect(first.body.next).to.equal(rest('users/?page=2'));
      const all = await ctx.services.userService.list(1);
      const newest = [...all].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id);
      expect(first.body.results.map((user: { id: number }) => user.id)).to.deep.equal(newest.slice(0, 2).map((user) => user.id));
      const last = Math.ceil(total / 2);
      const lastPage = await request(ctx.app).get(`/rest/users/?page=${last}`).set(auth).expect(200);
      expect(lastPage.body.next).to.equal(null);
      await request(ctx.app).get(`/rest/users/?page=${last + 1}`).set(auth).expect(404, { detail: 'Invalid page.' });
      await request(ctx.app).get('/rest/users/?page=0').set(auth).expect(404, { detail: 'Invalid page.' });
      // Site 2's users are not listed.
      const site2 = await request(ctx.app).get('/rest/users/').set(pod.site2Auth).expect(200);
      expect(site2.body.results.every((user: { username: string }) => user.username !== 'listed-teacher')).to.equal(true);
    });

    it('filters on id, username and email (exact, case-insensitive)', async () => {
      const byName = await request(ctx.app).get('/rest/users/?username=LISTED-teacher').set(pod.auth).expect(200);
      expect(byName.body.count).to.equal(1);
      expect(byName.body.results[0]).to.include({ id: other.user.id, username: 'listed-teacher', email: 'ada@example.org', role: 'staff', is_staff: false });
      const byId = await request(ctx.app).get(`/rest/users/?id=${other.user.id}`).set(pod.auth).expect(200);
      expect(byId.body.results.map((user: { id: number }) => user.id)).to.deep.equal([other.user.id]);
      const byEmail = await request(ctx.app).get('/rest/users/?email=ADA@example.org').set(pod.auth).expect(200);
      expect(byEmail.body.results.map((user: { email: string }) => user.email)).to.include('ada@example.org');
      expect(byEmail.body.results.every((user: { email: string }) => user.email === 'ada@example.org')).to.equal(true);
      const none = await request(ctx.app).get('/rest/users/?username=listed').set(pod.auth).expect(200);
      expect(none.body).to.deep.equal({ count: 0, next: null, previous: null, results: [] });
      const badId = await request(ctx.app).get('/rest/users/?id=abc').set(pod.auth);
      expectFieldErrors(badId, { id: ['Enter a whole number.'] });
    });

    it('shows one user; another site\'s or an unknown one is 404', async () => {
      const res = await request(ctx.app).get(`/rest/users/${other.user.id}/`).set(pod.auth).expect(200);
      expect(res.body).to.deep.equal({
        id: other.user.id,
        url: rest(`users/${other.user.id}/`),
        username: 'listed-teacher',
        first_name: 'Ada',
        last_name: 'Lovelace',
        email: 'ada@example.org',
        is_staff: false,
        groups: [],
        role: 'staff',
      });
      await request(ctx.app).get(`/rest/users/${other.user.id}/`).set(pod.site2Auth).expect(404, { detail: 'Not found.' });
      await request(ctx.app).get('/rest/users/999999/').set(pod.auth).expect(404, { detail: 'Not found.' });
      await request(ctx.app).get('/rest/users/abc/').set(pod.auth).expect(404, { detail: 'Not found.' });
    });
  });

  describe('refusals', () => {
    it('needs an administrator\'s credentials', async () => {
      await expectAuthRefusals(ctx, 'get', '/rest/users/');
      await expectAuthRefusals(ctx, 'post', '/rest/users/');
      await expectAuthRefusals(ctx, 'get', `/rest/users/${pod.admin.user.id}/`);
    });

    it('answers other methods with 405', async () => {
      await expectMethodNotAllowed(ctx, pod.auth, 'delete', '/rest/users/', 'GET, POST');
      await expectMethodNotAllowed(ctx, pod.auth, 'patch', `/rest/users/${pod.admin.user.id}/`, 'GET');
      await expectMethodNotAllowed(ctx, pod.auth, 'delete', `/rest/users/${pod.admin.user.id}/`, 'GET');
    });
  });
});
