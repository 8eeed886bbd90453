import { expect } from 'chai';
import request from 'supertest';
import type { BridgeKeyInput } from '../../server/src/domain/tokens/bridge-key-service.js';
import type { User } from '../../server/src/domain/users/user.js';
import { createUser, createVideo, type UserWithToken } from '../helpers/factories.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

/** The username Moodle sends, matched to a Lectern user under each key's mapping. */
describe('Moodle bridge: username mapping per key', function () {
  this.timeout(60_000);
  let ctx: TestApp;
  let admin: UserWithToken;
  let dupont: User;
  let videoId: number;
  const MOODLE = 'https://moodle.univ.example';

  before(async () => {
    ctx = await buildTestApp();
    admin = await createUser(ctx, { role: 'admin' });
    dupont = await ctx.services.userService.create({ username: 'jdupont', role: 'staff', email: 'Jeanne.Dupont@Univ.example', firstName: 'Jeanne', lastName: 'Dupont' });
    videoId = (await createVideo(ctx, dupont, { title: 'Thermodynamique' })).id;
    await ctx.services.userIdentities.record({ userId: dupont.id, provider: 'lti', issuer: MOODLE, subject: '42', username: 'dupont.j' });
    await ctx.services.userIdentities.record({ userId: dupont.id, provider: 'saml', issuer: 'https://idp.univ.example/idp/shibboleth', subject: 'jeanne.dupont@univ.example', username: null });
    await ctx.services.userIdentities.record({ userId: dupont.id, provider: 'cas', issuer: 'https://cas.univ.example/cas', subject: 'jdupont42', username: null });
  });
  after(async () => ctx?.close());

  async function keyFor(overrides: Partial<BridgeKeyInput>): Promise<string> {
    return (await ctx.services.bridgeKeyService.create(admin.user, { name: 'moodle', siteId: null, usernameMapping: 'username', identityIssuer: null, pageSize: 12, ...overrides })).key;
  }

  async function listedFor(key: string, username: string): Promise<number[]> {
    const res = await request(ctx.app).get(`/rest/videos/user_videos/?&username=${encodeURIComponent(username)}&format=json`).set('Authorization', `Token ${key}`).expect(200);
    return res.body.results.map((item: { id: number }) => item.id);
  }

  it('matches usernames by default, ignoring case', async () => {
    const key = await keyFor({});
    expect(await listedFor(key, 'jdupont')).to.deep.equal([videoId]);
    expect(await listedFor(key, 'JDupont')).to.deep.equal([videoId]);
    expect(await listedFor(key, 'dupont.j')).to.deep.equal([]);
    expect(await listedFor(key, 'jeanne.dupont@univ.example')).to.deep.equal([]);
  });

  it('matches e-mail addresses (the plugin\'s example username hook), and nobody when two users share one', async () => {
    const key = await keyFor({ usernameMapping: 'email' });
    expect(await listedFor(key, 'jeanne.dupont@univ.example')).to.deep.equal([videoId]);
    expect(await listedFor(key, 'jdupont')).to.deep.equal([]);
    const twin = await ctx.services.userService.create({ username: 'shared1', role: 'staff', email: 'team@univ.example' });
    const twin2 = await ctx.services.userService.create({ username: 'shared2', role: 'staff', email: 'TEAM@univ.example' });
    await createVideo(ctx, twin, { title: 'Team one' });
    await createVideo(ctx, twin2, { title: 'Team two' });
    expect(await listedFor(key, 'team@univ.example')).to.deep.equal([]);
  });

  it('matches the Moodle username an LTI launch from that platform recorded, optionally only from one issuer', async () => {
    expect(await listedFor(await keyFor({ usernameMapping: 'lti' }), 'dupont.j')).to.deep.equal([videoId]);
    expect(await listedFor(await keyFor({ usernameMapping: 'lti', identityIssuer: MOODLE }), 'DUPONT.J')).to.deep.equal([videoId]);
    expect(await listedFor(await keyFor({ usernameMapping: 'lti', identityIssuer: 'https://other-moodle.example' }), 'dupont.j')).to.deep.equal([]);
    expect(await listedFor(await keyFor({ usernameMapping: 'lti' }), 'jdupont')).to.deep.equal([]);
  });

  it('matches a SAML identifier (eduPersonPrincipalName) or a CAS user id', async () => {
    expect(await listedFor(await keyFor({ usernameMapping: 'saml' }), 'Jeanne.Dupont@univ.example')).to.deep.equal([videoId]);
    expect(await listedFor(await keyFor({ usernameMapping: 'saml', identityIssuer: 'https://idp.univ.example/idp/shibboleth' }), 'jeanne.dupont@univ.example')).to.deep.equal([videoId]);
    expect(await listedFor(await keyFor({ usernameMapping: 'cas' }), 'jdupont42')).to.deep.equal([videoId]);
    expect(await listedFor(await keyFor({ usernameMapping: 'cas' }), 'jeanne.dupont@univ.example')).to.deep.equal([]);
  });

  it('lists nothing for an empty or absent username', async () => {
    const key = await keyFor({});
    expect(await listedFor(key, '')).to.deep.equal([]);
    const res = await request(ctx.app).get('/rest/videos/user_videos/').set('Authorization', `Token ${key}`).expect(200);
    expect(res.body.count).to.equal(0);
  });
});
