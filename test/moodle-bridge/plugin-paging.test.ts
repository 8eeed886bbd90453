import { expect } from 'chai';
import request from 'supertest';
import { createUser, createVideo } from '../helpers/factories.js';
import { RepositoryPodPlugin } from '../helpers/moodle-repository-pod.js';
import { buildTestApp, TEST_PUBLIC_URL, type TestApp } from '../helpers/test-app.js';

/** DRF pages as the plugin walks them: first, middle, last and past the end; the key's page size. */
describe('Moodle repository_pod plugin: paging', function () {
  this.timeout(60_000);
  let ctx: TestApp;
  let key12: string;
  let key10: string;
  const titles: string[] = [];

  before(async () => {
    ctx = await buildTestApp();
    const admin = await createUser(ctx, { role: 'admin' });
    const teacher = await createUser(ctx, { username: 'prolific' });
    for (let n = 1; n <= 30; n++) {
      const title = `Lecture ${String(n).padStart(2, '0')}`;
      await createVideo(ctx, teacher.user, { title });
      titles.unshift(title);
    }
    const settings = { siteId: null, usernameMapping: 'username' as const, identityIssuer: null };
    key12 = (await ctx.services.bridgeKeyService.create(admin.user, { name: 'default', pageSize: 12, ...settings })).key;
    key10 = (await ctx.services.bridgeKeyService.create(admin.user, { name: 'ten', pageSize: 10, ...settings })).key;
  });
  after(async () => ctx?.close());

  const get = (url: string, key = key12) => request(ctx.app).get(url).set('Authorization', `Token ${key}`);
  const titlesOf = (body: { results: { video_data: { title: string } }[] }) => body.results.map((item) => item.video_data.title);
  const base = '/rest/videos/user_videos/?&username=prolific&format=json&encoding_in_progress=False';

  it('answers the first page with a link to the second and none back', async () => {
    const res = await get(base).expect(200);
    expect(res.body.count).to.equal(30);
    expect(titlesOf(res.body)).to.deep.equal(titles.slice(0, 12));
    expect(res.body.previous).to.equal(null);
    expect(res.body.next).to.equal(`${TEST_PUBLIC_URL}/rest/videos/user_videos/?username=prolific&format=json&encoding_in_progress=False&page=2`);
  });

  it('answers a middle page with links both ways (the first without page=, as DRF)', async () => {
    const res = await get(`${base}&page=2`).expect(200);
    expect(titlesOf(res.body)).to.deep.equal(titles.slice(12, 24));
    expect(res.body.previous).to.equal(`${TEST_PUBLIC_URL}/rest/videos/user_videos/?username=prolific&format=json&encoding_in_progress=False`);
    expect(res.body.next).to.equal(`${TEST_PUBLIC_URL}/rest/videos/user_videos/?username=prolific&format=json&encoding_in_progress=False&page=3`);
  });

  it('answers the last page (also as page=last) with no next link', async () => {
    const res = await get(`${base}&page=3`).expect(200);
    expect(titlesOf(res.body)).to.deep.equal(titles.slice(24));
    expect(res.body.next).to.equal(null);
    const last = await get(`${base}&page=last`).expect(200);
    expect(titlesOf(last.body)).to.deep.equal(titles.slice(24));
  });

  it('answers 404 Invalid page past the end, for zero and for nonsense', async () => {
    for (const page of ['4', '0', '-1', 'abc', '1.5']) {
      const res = await get(`${base}&page=${page}`).expect(404);
      expect(res.body).to.deep.equal({ detail: 'Invalid page.' });
      expect(res.headers['x-lectern-error-code']).to.equal('invalid_page');
    }
  });

  it('gives an empty first page (not a 404) to a user without videos, and 404 for its page 2', async () => {
    const res = await get('/rest/videos/user_videos/?username=nobody-here').expect(200);
    expect(res.body).to.deep.equal({ count: 0, next: null, previous: null, results: [] });
    await get('/rest/videos/user_videos/?username=nobody-here&page=2').expect(404);
  });

  it('walks every page as the plugin does, with the key\'s own page size', async () => {
    const plugin = new RepositoryPodPlugin(ctx.app, { apiKey: key10, pageSize: 10, extensions: '', https: false, qualityMode: 'lower', thumbnail: null });
    const seen: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const listing = await plugin.listing('prolific', { page });
      expect(listing).to.include({ total: 30, pages: 3, perpage: 10, page });
      // Not encoded: no files, so no picker entries, as Pod; the page itself is well formed.
      expect(listing.list).to.deep.equal([]);
      seen.push(...titlesOf((await get(`${base}&page=${page}`, key10).expect(200)).body));
    }
    expect(seen).to.deep.equal(titles);
    let thrown: unknown;
    await plugin.listing('prolific', { page: 4 }).catch((error: unknown) => (thrown = error));
    expect((thrown as Error).message).to.equal('Pod server is not responding, please try later');
  });
});
