import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import { commandLineActor } from '../../server/src/domain/access/access-group-service.js';
import { readVideo } from '../helpers/encoding.js';
import { createUser, type UserWithToken } from '../helpers/factories.js';
import { textAsMp4, videoClip } from '../helpers/media.js';
import { expectAuthRefusals, expectFieldErrors, expectMethodNotAllowed, podAdmin, rest, type PodAdmin } from '../helpers/pod-admin.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

/** `POST /rest/videos/` as Pod's bulk scripts send it: multipart with the file, relations as hyperlinks, no encoding started. */
describe('Pod admin API: creating videos', function () {
  this.timeout(60_000);
  let ctx: TestApp;
  let pod: PodAdmin;
  let teacher: UserWithToken;
  let coOwner: UserWithToken;
  let clip: Buffer;
  let disciplineId: number;
  let groupId: number;

  before(async () => {
    ctx = await buildTestApp();
    pod = await podAdmin(ctx);
    teacher = await createUser(ctx, { username: 'teacher' });
    coOwner = await createUser(ctx, { username: 'co-owner' });
    clip = await readFile(await videoClip());
    disciplineId = (await ctx.services.referenceData.createDiscipline(1, 'Physique', '')).id;
    groupId = (await ctx.services.accessGroupService.create(commandLineActor(1), 'L1-PHYS', 'Licence 1')).id;
  });
  after(async () => ctx?.close());

  const uploadsLeft = async () => {
    const dir = path.join(ctx.varDir, 'uploads', 'pod');
    return existsSync(dir) ? readdir(dir) : [];
  };
  const videoCount = async () => Number((await ctx.database.db.selectFrom('videos').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const jobsOf = (videoId: number) => ctx.database.db.selectFrom('encoding_jobs').select('id').where('video_id', '=', videoId).execute();

  /** A multipart POST with the clip and these fields (arrays repeat the field). */
  function post(fields: Record<string, string | string[]>, file: { bytes: Buffer; name: string } | null = { bytes: clip, name: 'Cours 1.mp4' }, auth = pod.auth) {
    let req = request(ctx.app).post('/rest/videos/').set(auth);
    for (const [name, value] of Object.entries(fields)) for (const item of Array.isArray(value) ? value : [value]) req = req.field(name, item);
    return file ? req.attach('video', file.bytes, file.name) : req;
  }

  it('creates a video from the script\'s multipart form: 201 with the Video JSON, encoding NOT started', async () => {
    const res = await post({
      title: 'Thermodynamique – cours 1',
      owner: rest(`users/${teacher.user.id}/`),
      type: rest('types/1/'),
      sites: rest('sites/1/'),
      description: '<p>Premier cours</p>',
      allow_downloading: 'True',
      is_restricted: 'true',
      date_evt: '2024-09-12',
      main_lang: 'EN',
      licence: 'by-sa',
      tags: 'thermo, physique',
      additional_owners: [rest(`users/${coOwner.user.id}/`)],
      restrict_access_to_groups: String(groupId),
      discipline: rest(`discipline/${disciplineId}/`),
      password: 'secret-word',
      cursus: 'L',
      is_360: 'false',
    }).expect(201);
    const id = res.body.id as number;
    expect(res.headers.location).to.equal(rest(`videos/${id}/`));
    expect(res.body).to.deep.include({
      id,
      url: rest(`videos/${id}/`),
      title: 'Thermodynamique – cours 1',
      slug: `${String(id).padStart(4, '0')}-thermodynamique-cours-1`,
      description: '<p>Premier cours</p>',
      allow_downloading: true,
      owner: rest(`users/${teacher.user.id}/`),
      additional_owners: [rest(`users/${coOwner.user.id}/`)],
      date_evt: '2024-09-12',
      main_lang: 'en',
      is_draft: true,
      is_restricted: true,
      restrict_access_to_groups: [rest(`accessgroups/${groupId}/`)],
      password: '********',
      tags: ['thermo', 'physique'],
      type: rest('types/1/'),
      discipline: [rest(`discipline/${disciplineId}/`)],
      licence: 'by-sa',
      encoding_in_progress: false,
      sites: [rest('sites/1/')],
      get_encoding_step: '',
      encoded: false,
    });
    // Original uploads are never served over HTTP: the encoded files are in encodings_video.
    expect(res.body.video).to.equal(null);
    // The source is stored and probed, no encoding job exists, nothing is left in the upload folder.
    const video = (await readVideo(ctx, id))!;
    expect(video.status).to.equal('uploaded');
    expect(video.source).to.include({ filename: 'Cours 1.mp4', size: clip.length });
    expect(video.durationSeconds).to.be.closeTo(2, 0.2);
    expect(existsSync(ctx.services.storage.localPath(video.source!.key))).to.equal(true);
    expect(await jobsOf(id)).to.deep.equal([]);
    expect(await uploadsLeft()).to.deep.equal([]);
  });

  it('takes ids as well as hyperlinks, tags as repeated fields, and is_draft=false', async () => {
    const res = await post({ title: 'Public', owner: String(teacher.user.id), type: '1', sites: '1', is_draft: 'false', tags: ['a', 'b,c'] }).expect(201);
    expect(res.body).to.include({ is_draft: false, password: null, allow_downloading: false, is_restricted: false, licence: null });
    expect(res.body.tags).to.deep.equal(['a', 'b', 'c']);
  });

  it('creates the video on the key\'s site for an owner of that site', async () => {
    const site2Teacher = await ctx.services.userService.create({ siteId: pod.site2Id, username: 'sciences-teacher', role: 'staff' });
    const site2Type = await ctx.services.referenceData.createType(pod.site2Id, 'Autre', '');
    const res = await post({ title: 'Chimie', owner: rest(`users/${site2Teacher.id}/`), type: rest(`types/${site2Type.id}/`), sites: rest(`sites/${pod.site2Id}/`) }, undefined, pod.site2Auth).expect(201);
    expect(res.body.sites).to.deep.equal([rest(`sites/${pod.site2Id}/`)]);
    await request(ctx.app).get(`/rest/videos/${res.body.id}/`).set(pod.auth).expect(404, { detail: 'Not found.' });
  });

  describe('refusals, with nothing created and nothing left behind', () => {
    let before: number;
    beforeEach(async () => {
      before = await videoCount();
    });
    afterEach(async () => {
      expect(await videoCount()).to.equal(before);
      expect(await uploadsLeft()).to.deep.equal([]);
    });

    it('refuses a file that is not media, on the video field', async () => {
      const notes = await readFile(await textAsMp4());
      const res = await post({ title: 'Notes', owner: rest(`users/${teacher.user.id}/`) }, { bytes: notes, name: 'notes.mp4' });
      expectFieldErrors(res, { video: ['This file cannot be read as video or audio: it is damaged, truncated or not a media file.'] });
      expect(res.headers['x-lectern-error-code']).to.equal('invalid_media');
    });

    it('refuses an owner who may not own videos (a student)', async () => {
      const student = await createUser(ctx, { role: 'student', username: 'student1' });
      expectFieldErrors(await post({ title: 'X', owner: rest(`users/${student.user.id}/`) }), { owner: ['student1 cannot own videos: only active staff members and administrators can'] });
    });

    it('refuses links to objects the key\'s site does not have', async () => {
      const site2User = await ctx.services.userService.create({ siteId: pod.site2Id, username: 'foreign-teacher', role: 'staff' });
      const foreignGroup = await ctx.services.accessGroupService.create(commandLineActor(pod.site2Id), 'FOREIGN', 'Foreign');
      const res = await post({
        title: 'X',
        owner: rest(`users/${site2User.id}/`),
        type: rest('types/999/'),
        sites: rest(`sites/${pod.site2Id}/`),
        additional_owners: [rest(`users/${coOwner.user.id}/`), rest('users/999999/')],
        restrict_access_to_groups: rest(`accessgroups/${foreignGroup.id}/`),
        discipline: rest('discipline/999999/'),
      });
      const missing = ['Invalid hyperlink - Object does not exist.'];
      expectFieldErrors(res, { owner: missing, additional_owners: missing, type: missing, sites: missing, restrict_access_to_groups: missing, discipline: missing });
    });

    it('reports every invalid field with the missing file, in DRF\'s words', async () => {
      const res = await post({ title: ' ', owner: 'https://pod.example/rest/types/1/', allow_downloading: 'perhaps', date_evt: '12/09/2024', main_lang: 'french', licence: 'cc0', tags: 'x'.repeat(101) }, null);
      expectFieldErrors(res, {
        title: ['This field may not be blank.'],
        owner: ['Invalid hyperlink - Incorrect URL match.'],
        allow_downloading: ['Must be a valid boolean.'],
        date_evt: ['Date has wrong format. Use one of these formats instead: YYYY-MM-DD.'],
        main_lang: ['"french" is not a valid choice.'],
        licence: ['"cc0" is not a valid choice.'],
        tags: ['Ensure this field has no more than 100 characters.'],
        video: ['No file was submitted.'],
      });
    });

    it('needs a title, an owner and a file; a JSON body cannot carry the file', async () => {
      expectFieldErrors(await post({}, null), { title: ['This field is required.'], owner: ['This field is required.'], video: ['No file was submitted.'] });
      const json = await request(ctx.app).post('/rest/videos/').set(pod.auth).send({ title: 'JSON', owner: rest(`users/${teacher.user.id}/`), video: 'https://example.org/a.mp4' });
      expectFieldErrors(json, { video: ['No file was submitted.'] });
      expectFieldErrors(await post({ title: 'Empty', owner: String(teacher.user.id) }, { bytes: Buffer.alloc(0), name: 'empty.mp4' }), { video: ['The submitted file is empty.'] });
    });

    it('refuses a file over the upload limit with 413', async () => {
      const small = await buildTestApp({ UPLOAD_MAX_SIZE: '1KiB' });
      try {
        const admin = await podAdmin(small);
        const owner = await createUser(small);
        const res = await request(small.app).post('/rest/videos/').set(admin.auth).field('title', 'Big').field('owner', String(owner.user.id)).attach('video', clip, 'big.mp4').expect(413);
        expect(res.body).to.deep.equal({ detail: 'The file is larger than the 1024-byte limit.' });
        const dir = path.join(small.varDir, 'uploads', 'pod');
        expect(existsSync(dir) ? await readdir(dir) : []).to.deep.equal([]);
      } finally {
        await small.close();
      }
    });

    it('needs an administrator\'s credentials', async () => {
      await expectAuthRefusals(ctx, 'post', '/rest/videos/');
    });

    it('answers other methods on the list with 405', async () => {
      await expectMethodNotAllowed(ctx, pod.auth, 'delete', '/rest/videos/', 'GET, POST');
      await expectMethodNotAllowed(ctx, pod.auth, 'put', '/rest/videos/', 'GET, POST');
    });
  });
});
