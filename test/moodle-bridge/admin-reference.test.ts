import { expect } from 'chai';
import request from 'supertest';
import { commandLineActor } from '../../server/src/domain/access/access-group-service.js';
import { createUser } from '../helpers/factories.js';
import { expectAuthRefusals, expectFieldErrors, expectMethodNotAllowed, keyWithPageSize, podAdmin, rest, type PodAdmin } from '../helpers/pod-admin.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

/** The API root and Pod's reference data: types (with create), sites, discipline, accessgroups, renditions. */
describe('Pod admin API: root and reference data', function () {
  this.timeout(60_000);
  let ctx: TestApp;
  let pod: PodAdmin;

  before(async () => {
    ctx = await buildTestApp({ ENCODING_LADDER: '360p:1000:96:mp4,480p:1500:96,720p:3000:128:mp4' });
    pod = await podAdmin(ctx);
  });
  after(async () => ctx?.close());

  it('GET /rest/ lists every resource as DRF\'s DefaultRouter does', async () => {
    const res = await request(ctx.app).get('/rest/').set(pod.auth).expect(200);
    const names = ['users', 'sites', 'accessgroups', 'types', 'discipline', 'videos', 'renditions', 'encodings_video', 'encodings_audio', 'playlist_videos', 'tracks', 'chapters'];
    expect(res.body).to.deep.equal(Object.fromEntries(names.map((name) => [name, rest(`${name}/`)])));
    expect(Object.keys(res.body)).to.deep.equal(names);
    for (const name of names) await request(ctx.app).get(`/rest/${name}/`).set(pod.auth).expect(200);
    await expectAuthRefusals(ctx, 'get', '/rest/');
    await expectMethodNotAllowed(ctx, pod.auth, 'post', '/rest/', 'GET');
  });

  describe('types', () => {
    it('creates a type, lists and shows the key\'s site\'s types', async () => {
      const created = await request(ctx.app).post('/rest/types/').set(pod.auth).send({ title: '  Cours magistral ', description: 'Amphi', sites: [rest('sites/1/')] }).expect(201);
      const id = created.body.id as number;
      const json = { id, url: rest(`types/${id}/`), title: 'Cours magistral', description: 'Amphi', icon: null, sites: [rest('sites/1/')] };
      expect(created.body).to.deep.equal(json);
      expect(created.headers.location).to.equal(json.url);
      const list = await request(ctx.app).get('/rest/types/').set(pod.auth).expect(200);
      expect(list.body.results).to.deep.equal([{ id: 1, url: rest('types/1/'), title: 'Other', description: '', icon: null, sites: [rest('sites/1/')] }, json]);
      await request(ctx.app).get(`/rest/types/${id}/`).set(pod.auth).expect(200, json);
      // Site 2 does not see it.
      await request(ctx.app).get(`/rest/types/${id}/`).set(pod.site2Auth).expect(404, { detail: 'Not found.' });
      const site2 = await request(ctx.app).get('/rest/types/').set(pod.site2Auth).expect(200);
      expect(site2.body.results.map((type: { id: number }) => type.id)).to.not.include(id);
    });

    it('creates a type from a form with only a title (POD-DOC\'s example)', async () => {
      const res = await request(ctx.app).post('/rest/types/').set(pod.auth).type('form').send({ title: 'test' }).expect(201);
      expect(res.body).to.include({ title: 'test', description: '' });
      expect(res.body.sites).to.deep.equal([rest('sites/1/')]);
    });

    it('pages types, 404 past the end', async () => {
      const auth = await keyWithPageSize(ctx, pod.admin, 1);
      const second = await request(ctx.app).get('/rest/types/?page=2').set(auth).expect(200);
      expect(second.body.results).to.have.length(1);
      expect(second.body.previous).to.equal(rest('types/'));
      const count = second.body.count as number;
      await request(ctx.app).get(`/rest/types/?page=${count + 1}`).set(auth).expect(404, { detail: 'Invalid page.' });
    });

    it('answers invalid types in DRF\'s words', async () => {
      expectFieldErrors(await request(ctx.app).post('/rest/types/').set(pod.auth).send({}), { title: ['This field is required.'] });
      expectFieldErrors(await request(ctx.app).post('/rest/types/').set(pod.auth).send({ title: 'x'.repeat(101), description: 3 }), { title: ['Ensure this field has no more than 100 characters.'] });
      expectFieldErrors(await request(ctx.app).post('/rest/types/').set(pod.auth).send({ title: 'Lab', sites: [rest(`sites/${pod.site2Id}/`)] }), { sites: ['Invalid hyperlink - Object does not exist.'] });
      expectFieldErrors(await request(ctx.app).post('/rest/types/').set(pod.auth).send({ title: 'Lab', sites: [] }), { sites: ['This list may not be empty.'] });
      expectFieldErrors(await request(ctx.app).post('/rest/types/').set(pod.auth).send({ title: 'Lab', sites: [rest('users/1/')] }), { sites: ['Invalid hyperlink - Incorrect URL match.'] });
      expectFieldErrors(await request(ctx.app).post('/rest/types/').set(pod.auth).send({ title: 'Lab', sites: ['https://elsewhere/api/sites/1/'] }), { sites: ['Invalid hyperlink - No URL match.'] });
      expectFieldErrors(await request(ctx.app).post('/rest/types/').set(pod.auth).send({ title: 'Lab', sites: [true] }), { sites: ['Incorrect type. Expected URL string, received bool.'] });
    });

    it('refuses wrong credentials and methods', async () => {
      await expectAuthRefusals(ctx, 'post', '/rest/types/');
      await expectAuthRefusals(ctx, 'get', '/rest/types/1/');
      await expectMethodNotAllowed(ctx, pod.auth, 'put', '/rest/types/', 'GET, POST');
      await expectMethodNotAllowed(ctx, pod.auth, 'delete', '/rest/types/1/', 'GET');
      await request(ctx.app).get('/rest/types/999999/').set(pod.auth).expect(404, { detail: 'Not found.' });
    });
  });

  describe('sites', () => {
    it('lists and shows only the key\'s site', async () => {
      const site1 = { id: 1, url: rest('sites/1/'), name: 'Lectern', domain: 'localhost' };
      const list = await request(ctx.app).get('/rest/sites/').set(pod.auth).expect(200);
      expect(list.body).to.deep.equal({ count: 1, next: null, previous: null, results: [site1] });
      await request(ctx.app).get('/rest/sites/1/').set(pod.auth).expect(200, site1);
      await request(ctx.app).get(`/rest/sites/${pod.site2Id}/`).set(pod.auth).expect(404, { detail: 'Not found.' });
      const site2 = await request(ctx.app).get(`/rest/sites/${pod.site2Id}/`).set(pod.site2Auth).expect(200);
      expect(site2.body).to.deep.equal({ id: pod.site2Id, url: rest(`sites/${pod.site2Id}/`), name: 'UFR Sciences', domain: 'sciences.lectern.test' });
      await request(ctx.app).get('/rest/sites/?page=2').set(pod.auth).expect(404, { detail: 'Invalid page.' });
      await expectAuthRefusals(ctx, 'get', '/rest/sites/');
      await expectMethodNotAllowed(ctx, pod.auth, 'post', '/rest/sites/', 'GET');
      await expectMethodNotAllowed(ctx, pod.auth, 'patch', '/rest/sites/1/', 'GET');
    });
  });

  describe('discipline', () => {
    it('lists and shows the site\'s disciplines at Pod\'s singular path', async () => {
      const physics = await ctx.services.referenceData.createDiscipline(1, 'Physique', 'Sciences physiques');
      const foreign = await ctx.services.referenceData.createDiscipline(pod.site2Id, 'Chimie', '');
      const json = { id: physics.id, url: rest(`discipline/${physics.id}/`), title: 'Physique', description: 'Sciences physiques', icon: null, site: rest('sites/1/') };
      const list = await request(ctx.app).get('/rest/discipline/').set(pod.auth).expect(200);
      expect(list.body.results).to.deep.equal([json]);
      await request(ctx.app).get(`/rest/discipline/${physics.id}/`).set(pod.auth).expect(200, json);
      await request(ctx.app).get(`/rest/discipline/${foreign.id}/`).set(pod.auth).expect(404, { detail: 'Not found.' });
      await request(ctx.app).get('/rest/disciplines/').set(pod.auth).expect(404, { detail: 'Not found.' });
      await expectMethodNotAllowed(ctx, pod.auth, 'post', '/rest/discipline/', 'GET');
      await expectAuthRefusals(ctx, 'get', `/rest/discipline/${physics.id}/`);
    });
  });

  describe('accessgroups', () => {
    it('lists groups with their members, filtered on id, display_name and code_name', async () => {
      const member = await createUser(ctx, { username: 'group-member' });
      const admin = commandLineActor(1);
      const l1 = await ctx.services.accessGroupService.create(admin, 'L1-PHYS', 'Licence 1 physique');
      const l2 = await ctx.services.accessGroupService.create(admin, 'L2-PHYS', 'Licence 2 physique');
      await ctx.services.accessGroupService.addMembers(admin, 'L1-PHYS', ['group-member']);
      const foreign = await ctx.services.accessGroupService.create(commandLineActor(pod.site2Id), 'L1-CHIM', 'Licence 1 chimie');
      const l1Json = { id: l1.id, url: rest(`accessgroups/${l1.id}/`), display_name: 'Licence 1 physique', code_name: 'L1-PHYS', sites: [rest('sites/1/')], users: [rest(`users/${member.user.id}/`)] };
      const all = await request(ctx.app).get('/rest/accessgroups/').set(pod.auth).expect(200);
      expect(all.body.results.map((group: { id: number }) => group.id)).to.deep.equal([l1.id, l2.id]);
      expect(all.body.results[0]).to.deep.equal(l1Json);
      expect(all.body.results[1].users).to.deep.equal([]);
      const byCode = await request(ctx.app).get('/rest/accessgroups/?code_name=L2-PHYS').set(pod.auth).expect(200);
      expect(byCode.body.results.map((group: { id: number }) => group.id)).to.deep.equal([l2.id]);
      const byName = await request(ctx.app).get('/rest/accessgroups/?display_name=Licence%201%20physique').set(pod.auth).expect(200);
      expect(byName.body.results.map((group: { id: number }) => group.id)).to.deep.equal([l1.id]);
      const byId = await request(ctx.app).get(`/rest/accessgroups/?id=${l2.id}`).set(pod.auth).expect(200);
      expect(byId.body.count).to.equal(1);
      await request(ctx.app).get(`/rest/accessgroups/${l1.id}/`).set(pod.auth).expect(200, l1Json);
      await request(ctx.app).get(`/rest/accessgroups/${foreign.id}/`).set(pod.auth).expect(404, { detail: 'Not found.' });
      expectFieldErrors(await request(ctx.app).get('/rest/accessgroups/?id=x').set(pod.auth), { id: ['Enter a whole number.'] });
      await request(ctx.app).get('/rest/accessgroups/?page=2').set(pod.auth).expect(404, { detail: 'Invalid page.' });
      await expectMethodNotAllowed(ctx, pod.auth, 'post', '/rest/accessgroups/', 'GET');
      await expectMethodNotAllowed(ctx, pod.auth, 'delete', `/rest/accessgroups/${l1.id}/`, 'GET');
      await expectAuthRefusals(ctx, 'get', '/rest/accessgroups/');
    });
  });

  describe('renditions', () => {
    it('shows the configured encoding ladder, known by height', async () => {
      const list = await request(ctx.app).get('/rest/renditions/').set(pod.auth).expect(200);
      const r360 = { id: 360, url: rest('renditions/360/'), resolution: '640x360', video_bitrate: '1000k', audio_bitrate: '96k', encode_mp4: true, sites: [rest('sites/1/')] };
      expect(list.body.results).to.deep.equal([
        r360,
        { id: 480, url: rest('renditions/480/'), resolution: '854x480', video_bitrate: '1500k', audio_bitrate: '96k', encode_mp4: false, sites: [rest('sites/1/')] },
        { id: 720, url: rest('renditions/720/'), resolution: '1280x720', video_bitrate: '3000k', audio_bitrate: '128k', encode_mp4: true, sites: [rest('sites/1/')] },
      ]);
      await request(ctx.app).get('/rest/renditions/360/').set(pod.auth).expect(200, r360);
      const site2 = await request(ctx.app).get('/rest/renditions/360/').set(pod.site2Auth).expect(200);
      expect(site2.body.sites).to.deep.equal([rest(`sites/${pod.site2Id}/`)]);
      await request(ctx.app).get('/rest/renditions/1080/').set(pod.auth).expect(404, { detail: 'Not found.' });
      await expectMethodNotAllowed(ctx, pod.auth, 'post', '/rest/renditions/', 'GET');
      await expectAuthRefusals(ctx, 'get', '/rest/renditions/360/');
    });
  });
});
