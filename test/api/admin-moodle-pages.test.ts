import { expect } from 'chai';
import request from 'supertest';
import type { User } from '../../server/src/domain/users/user.js';
import { createUser, createVideo, type UserWithToken } from '../helpers/factories.js';
import { expectProblem } from '../helpers/problem.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { loggedInAgent } from '../helpers/web-session.js';

/** The value shown in the "Values to enter in Moodle" row of a setting. */
function moodleValue(page: string, setting: string): string {
  const row = new RegExp(`<tr data-setting="${setting}"><th scope="row"><code>${setting}</code></th><td>(.*?)</td>`).exec(page);
  if (!row) throw new Error(`no ${setting} row in the page`);
  return row[1]!;
}

const form = (csrf: string, fields: Record<string, string> = {}) => ({
  _csrf: csrf,
  name: 'Moodle UFR Sciences',
  site_id: '1',
  username_mapping: 'username',
  identity_issuer: '',
  page_size: '12',
  ...fields,
});

describe('/admin/moodle: Moodle and Esup-Pod keys', () => {
  let ctx: TestApp;
  let admin: UserWithToken;
  let teacher: User;

  before(async () => {
    ctx = await buildTestApp();
    admin = await createUser(ctx, { role: 'admin', username: 'moodle.admin' });
    teacher = await ctx.services.userService.create({ username: 'prof.martin', role: 'staff', email: 'claire.martin@univ.example' });
    await createVideo(ctx, teacher, { title: 'Thermodynamique 1' });
    await createVideo(ctx, teacher, { title: 'Thermodynamique 2' });
  });
  after(async () => ctx?.close());

  it('creates a key, shows it once with the values to enter in Moodle, and the key opens /rest/ but not /api/v1', async () => {
    const { agent, csrf } = await loggedInAgent(ctx.app, admin.user.username);
    const created = await agent.post('/admin/moodle').set('Accept-Language', 'en').type('form').send(form(csrf, { page_size: '1' })).expect(201);
    expect(created.headers['cache-control']).to.equal('no-store');
    const key = /id="new-bridge-key" class="token-key" readonly size="44" value="([0-9a-f]{40})"/.exec(created.text)?.[1];
    expect(key, 'the key is shown').to.be.a('string');
    expect(created.text).to.contain('Copy it now: it will not be shown again.');
    expect(moodleValue(created.text, 'pod_url')).to.equal('<code>http://lectern.test</code>');
    expect(moodleValue(created.text, 'pod_api_key')).to.equal(`<code>${key}</code>`);
    expect(moodleValue(created.text, 'page_size')).to.equal('<code>1</code>');
    expect(moodleValue(created.text, 'extensions')).to.equal('<code>mp4,mp3,m4a</code>');
    expect(moodleValue(created.text, 'https')).to.equal('unchecked');
    expect(moodleValue(created.text, 'thumbnail')).to.equal('unchecked');
    expect(moodleValue(created.text, 'usernamehook')).to.equal('unchecked');
    expect(moodleValue(created.text, 'site_id')).to.equal('<code>1</code>');
    expect(created.text).to.contain('Site administration › Plugins › Repositories › Manage repositories');

    const stored = (await ctx.services.bridgeKeyService.list(admin.user)).find((k) => k.prefix === key!.slice(0, 8));
    expect(stored).to.include({ name: 'Moodle UFR Sciences', siteId: 1, usernameMapping: 'username', identityIssuer: null, pageSize: 1, kind: 'bridge', prefix: key!.slice(0, 8) });
    const list = await agent.get('/admin/moodle').set('Accept-Language', 'en').expect(200);
    expect(list.text).to.contain(`<code>${key!.slice(0, 8)}…</code>`);
    expect(list.text, 'the key is shown only once').to.not.contain(key!);
    expect(list.text).to.contain('<a href="/admin" aria-current="true">');

    // The key's page size is the listing's: two videos, one per page, nothing past the last page.
    const auth = { Authorization: `Token ${key}` };
    const listing = await request(ctx.app).get('/rest/videos/user_videos/?&username=prof.martin&format=json&encoding_in_progress=False').set(auth).expect(200);
    expect(listing.body.count).to.equal(2);
    expect(listing.body.results).to.have.length(1);
    expect(listing.body.results[0].video_data.title).to.equal('Thermodynamique 2');
    await request(ctx.app).get('/rest/videos/user_videos/?username=prof.martin&page=3').set(auth).expect(404);
    expectProblem(await request(ctx.app).get('/api/v1/me').set(auth), 401, 'bridge_key_not_for_api');
    expectProblem(await request(ctx.app).get('/api/v1/videos').set(auth), 401, 'bridge_key_not_for_api');
  });

  it('edits a key from its page, and the new mapping and page size apply at once', async () => {
    const { token, key } = await ctx.services.bridgeKeyService.create(admin.user, { name: 'Moodle Lettres', siteId: null, usernameMapping: 'username', identityIssuer: null, pageSize: 12 });
    const { agent, csrf } = await loggedInAgent(ctx.app, admin.user.username);
    const page = await agent.get(`/admin/moodle/${token.id}`).set('Accept-Language', 'en').expect(200);
    expect(page.text).to.contain('Edit the key “Moodle Lettres”').and.contain('value="Moodle Lettres"').and.contain('<option value="username" selected>');
    expect(moodleValue(page.text, 'pod_api_key')).to.contain(`${token.prefix}…`);
    expect(page.text).to.not.contain(key);

    const saved = await agent.post(`/admin/moodle/${token.id}`).type('form').send(form(csrf, { name: 'Moodle Lettres (mail)', username_mapping: 'email', page_size: '5' })).expect(303);
    expect(saved.headers.location).to.equal('/admin/moodle');
    expect((await agent.get('/admin/moodle').set('Accept-Language', 'en').expect(200)).text).to.contain('Key saved.').and.contain('Moodle Lettres (mail)');
    expect(await ctx.services.bridgeKeyService.get(admin.user, token.id)).to.include({ name: 'Moodle Lettres (mail)', usernameMapping: 'email', pageSize: 5 });
    const edited = await agent.get(`/admin/moodle/${token.id}`).set('Accept-Language', 'en').expect(200);
    expect(moodleValue(edited.text, 'usernamehook')).to.equal('checked');

    const auth = { Authorization: `Token ${key}` };
    const byEmail = await request(ctx.app).get('/rest/videos/user_videos/?username=claire.martin@univ.example').set(auth).expect(200);
    expect(byEmail.body.count).to.equal(2);
    expect((await request(ctx.app).get('/rest/videos/user_videos/?username=prof.martin').set(auth).expect(200)).body.count, 'usernames no longer match').to.equal(0);
  });

  it('revokes a key with a button named after it; the key then opens nothing', async () => {
    const { token, key } = await ctx.services.bridgeKeyService.create(admin.user, { name: 'Old Moodle', siteId: 1, usernameMapping: 'username', identityIssuer: null, pageSize: 12 });
    const { agent, csrf } = await loggedInAgent(ctx.app, admin.user.username);
    const auth = { Authorization: `Token ${key}` };
    await request(ctx.app).get('/rest/videos/user_videos/?username=prof.martin').set(auth).expect(200);
    const list = await agent.get('/admin/moodle').set('Accept-Language', 'en').expect(200);
    expect(list.text).to.contain(`action="/admin/moodle/${token.id}/revoke"`);
    expect(list.text).to.contain('<button type="submit" class="danger">Revoke<span class="visually-hidden"> Old Moodle</span></button>');
    expect(list.text).to.contain(`<a href="/admin/moodle/${token.id}">Edit<span class="visually-hidden"> Old Moodle</span></a>`);

    const revoked = await agent.post(`/admin/moodle/${token.id}/revoke`).type('form').send({ _csrf: csrf }).expect(303);
    expect(revoked.headers.location).to.equal('/admin/moodle');
    const after = await agent.get('/admin/moodle').set('Accept-Language', 'en').expect(200);
    expect(after.text).to.contain('Key revoked').and.not.contain(`action="/admin/moodle/${token.id}/revoke"`);
    expect((await ctx.services.bridgeKeyService.get(admin.user, token.id)).revokedAt).to.be.instanceOf(Date);
    await request(ctx.app).get('/rest/videos/user_videos/?username=prof.martin').set(auth).expect(401);
  });

  it('offers every site to an administrator of the main site', async () => {
    await ctx.database.db.insertInto('sites').values({ name: 'IUT Annexe', domain: 'iut.univ.example' }).execute();
    const { agent } = await loggedInAgent(ctx.app, admin.user.username);
    const page = await agent.get('/admin/moodle').set('Accept-Language', 'en').expect(200);
    expect(page.text).to.match(/<option value="1" selected>Lectern \(localhost\)<\/option><option value="\d+">IUT Annexe \(iut\.univ\.example\)<\/option>/);
  });

  it('is in French for French browsers', async () => {
    const { agent, csrf } = await loggedInAgent(ctx.app, admin.user.username);
    const page = await agent.get('/admin/moodle').set('Accept-Language', 'fr-FR,fr;q=0.9').expect(200);
    expect(page.text).to.contain('<html lang="fr">').and.contain('<h1>Clés Moodle et Esup-Pod</h1>').and.contain('Créer la clé').and.contain('Même nom d’utilisateur');
    const created = await agent.post('/admin/moodle').set('Accept-Language', 'fr').type('form').send(form(csrf, { name: 'Moodle FR' })).expect(201);
    expect(created.text).to.contain('Valeurs à saisir dans Moodle').and.contain('Copiez-la maintenant');
    expect(moodleValue(created.text, 'thumbnail')).to.equal('décoché');
  });
});
