import { expect } from 'chai';
import request from 'supertest';
import { createUser, createVideo, type UserWithToken } from '../helpers/factories.js';
import { readVideo } from '../helpers/encoding.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { loggedInAgent } from '../helpers/web-session.js';

describe('access settings pages: groups, courses, share links', () => {
  let ctx: TestApp;
  let admin: UserWithToken;
  let teacher: UserWithToken;

  before(async () => {
    ctx = await buildTestApp();
    admin = await createUser(ctx, { role: 'admin', username: 'admin1' });
    teacher = await createUser(ctx, { username: 'teacher1' });
  });
  after(async () => ctx?.close());

  it('lets admins create a group and manage its members, with errors shown in the form', async () => {
    const { agent, csrf } = await loggedInAgent(ctx.app, admin.user.username);
    await agent.post('/admin/groups').type('form').send({ _csrf: csrf, code_name: 'M1-BIO', display_name: 'Master 1 biologie' }).expect(303).expect('location', '/admin/groups/M1-BIO');
    const duplicate = await agent.post('/admin/groups').type('form').send({ _csrf: csrf, code_name: 'm1-bio' }).expect(409);
    expect(duplicate.text).to.contain('aria-invalid="true"');
    const invalid = await agent.post('/admin/groups').type('form').send({ _csrf: csrf, code_name: 'has space' }).expect(400);
    expect(invalid.text).to.contain('role="alert"');
    await agent.post('/admin/groups/M1-BIO/members').type('form').send({ _csrf: csrf, usernames: 'teacher1, admin1' }).expect(303);
    const unknown = await agent.post('/admin/groups/M1-BIO/members').type('form').send({ _csrf: csrf, usernames: 'teacher1 ghost' }).expect(400);
    expect(unknown.text).to.contain('ghost');
    expect((await ctx.services.accessGroupService.members(admin.user, 'M1-BIO')).map((m) => m.username)).to.deep.equal(['admin1', 'teacher1']);
    await agent.post('/admin/groups/M1-BIO/members/remove').type('form').send({ _csrf: csrf, usernames: 'admin1' }).expect(303);
    const list = await agent.get('/admin/groups').expect(200);
    expect(list.text).to.contain('Master 1 biologie');
    await agent.post('/admin/groups/M1-BIO/delete').type('form').send({ _csrf: csrf }).expect(303);
    await agent.get('/admin/groups/M1-BIO').expect(404);
  });

  it('refuses group pages to non-admins', async () => {
    const { agent } = await loggedInAgent(ctx.app, teacher.user.username);
    await agent.get('/admin/groups').expect(403);
    await request(ctx.app).get('/admin/groups').expect(303);
  });

  it('restricts a video to groups and courses from the edit form, and moves its access epoch on', async () => {
    await ctx.services.accessGroupService.create(admin.user, 'L2-PHY', 'Licence 2 physique');
    const course = await ctx.services.accessRepository.upsertCourseMember({ siteId: 1, platform: 'https://lms.example', contextId: 'c-9', title: 'Optics', label: 'OPT' }, teacher.user.id, ['Instructor']);
    const foreign = await ctx.services.accessRepository.upsertCourseMember({ siteId: 1, platform: 'https://lms.example', contextId: 'c-10', title: 'Not mine', label: '' }, admin.user.id, ['Instructor']);
    const video = await createVideo(ctx, teacher.user, { title: 'Lenses' });
    const { agent, csrf } = await loggedInAgent(ctx.app, teacher.user.username);
    const edit = await agent.get(`/my/videos/${video.id}/edit`).expect(200);
    expect(edit.text).to.contain('value="L2-PHY"');
    expect(edit.text).to.contain('Optics');
    expect(edit.text).to.not.contain('Not mine');
    const form = { _csrf: csrf, version: String(video.version), title: 'Lenses', description: '', type_id: '1', main_lang: 'fr', access_fields: '1' };
    await agent.post(`/my/videos/${video.id}/edit`).type('form').send({ ...form, restrict_access_to_groups: 'L2-PHY', courses: String(course.id) }).expect(303);
    const restricted = (await readVideo(ctx, video.id))!;
    expect(restricted.accessGroups.map((g) => g.codeName)).to.deep.equal(['L2-PHY']);
    expect(restricted.courses.map((c) => c.id)).to.deep.equal([course.id]);
    expect(restricted.accessEpoch).to.equal(video.accessEpoch + 1);
    const refused = await agent.post(`/my/videos/${video.id}/edit`).type('form').send({ ...form, version: String(restricted.version), courses: [String(course.id), String(foreign.id)] }).expect(400);
    expect(refused.text).to.contain('field-error');
    expect((await readVideo(ctx, video.id))!.courses.map((c) => c.id), 'nothing changed').to.deep.equal([course.id]);
    const unknownGroup = await request(ctx.app).patch(`/api/v1/videos/${video.id}`).set(teacher.auth).send({ restrict_access_to_groups: ['nope'] }).expect(400);
    expect(JSON.stringify(unknownGroup.body)).to.contain('unknown access groups nope');
    await agent.post(`/my/videos/${video.id}/edit`).type('form').send({ ...form, version: String(restricted.version) }).expect(303);
    const open = (await readVideo(ctx, video.id))!;
    expect(open.accessGroups).to.deep.equal([]);
    expect(open.courses).to.deep.equal([]);
  });

  it('creates, lists and revokes share links from the edit page', async () => {
    const video = await createVideo(ctx, teacher.user, { title: 'Shared' });
    const { agent, csrf } = await loggedInAgent(ctx.app, teacher.user.username);
    await agent.post(`/my/videos/${video.id}/share-links`).type('form').send({ _csrf: csrf, label: 'External jury' }).expect(303);
    const edit = await agent.get(`/my/videos/${video.id}/edit`).expect(200);
    expect(edit.text).to.contain('External jury');
    const link = /value="(http:\/\/lectern\.test\/video\/[^"]+)"/.exec(edit.text)?.[1];
    expect(link).to.match(/\/video\/\d{4}-shared\/\d+-[\w-]{32}\/$/);
    const [created] = await ctx.services.shareLinkService.list(video);
    await agent.post(`/my/videos/${video.id}/share-links/${created!.id}/revoke`).type('form').send({ _csrf: csrf }).expect(303);
    expect((await readVideo(ctx, video.id))!.accessEpoch).to.equal(video.accessEpoch + 1);
    const other = await createUser(ctx);
    const { agent: stranger, csrf: strangerCsrf } = await loggedInAgent(ctx.app, other.user.username);
    await stranger.post(`/my/videos/${video.id}/share-links`).type('form').send({ _csrf: strangerCsrf }).expect(403);
    await request(ctx.app).post(`/api/v1/videos/${video.id}/share-links`).set(other.auth).send({}).expect(403);
    await request(ctx.app).delete(`/api/v1/videos/${video.id}/share-links/999999`).set(teacher.auth).expect(404);
  });
});
