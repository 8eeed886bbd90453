import { expect } from 'chai';
import request from 'supertest';
import type { User } from '../../server/src/domain/users/user.js';
import type { Video } from '../../server/src/domain/videos/video.js';
import { createUser } from '../helpers/factories.js';
import { launch, playerConfigIn, startLtiWorld, type LtiWorld } from '../helpers/lti-tool.js';
import { videoClip } from '../helpers/media.js';
import { cloneEncoded, encodedVideo } from '../helpers/published-video.js';

/**
 * Resource-link launches end to end: the double's login initiation → Lectern's /lti/login →
 * auth.php → the id_token posted to /lti/launch with no cookie → the player page, whose media
 * grant plays.
 */
describe('LTI resource-link launch', function () {
  this.timeout(180_000);
  let world: LtiWorld;
  let teacher: User;
  let template: Video;

  before(async () => {
    world = await startLtiWorld({ workers: 1 });
    teacher = (await createUser(world.ctx)).user;
    template = await encodedVideo(world.ctx, teacher, await videoClip());
    world.platform.addUser({ id: '3', username: 'teacher1', name: 'Terry Teacher', roles: ['Instructor'] });
    world.platform.addUser({ id: '4', username: 'student1', givenName: 'Sam', familyName: 'Student', email: 'sam@example.org' });
    world.platform.addUser({ id: '5', username: 'outsider', name: 'Olga Outsider' });
    world.platform.addCourse({ id: '2', label: 'LAB101', title: 'Lab course 101', members: ['3', '4'] });
    world.platform.addCourse({ id: '7', label: 'LAB202', title: 'Copy of Lab 101', members: ['5'] });
  });
  after(async () => world?.close());

  async function privateVideo(): Promise<Video> {
    return cloneEncoded(world.ctx, template, teacher, { title: 'Private lecture', isDraft: true });
  }

  it('opens a signed link\'s draft video to the launching course\'s student, with a grant that plays and no cookie', async () => {
    const video = await privateVideo();
    world.platform.addResourceLink({ courseId: '2', id: '11', title: 'Week 1', custom: { video: String(video.id), video_sig: world.ctx.services.ltiLinkSigner.sign(video.id) } });
    const res = await launch(world, { user: '4', resourceLink: '11' });
    expect(res.status, res.text).to.equal(200);
    expect(res.headers['set-cookie'] ?? []).to.satisfy((cookies: string[]) => cookies.every((cookie) => /^state/.test(cookie)));
    expect(res.headers['cache-control']).to.equal('private, no-store');
    const config = playerConfigIn(res.text) as { videoId: number; sources: { hls: string } } | null;
    expect(config?.videoId).to.equal(video.id);
    const playlist = await request(world.ctx.app).get(config!.sources.hls).expect(200);
    expect(playlist.text).to.match(/^#EXTM3U/);

    const student = await world.ctx.services.userIdentities.userOf('lti', world.platform.issuer, '4');
    const user = await world.ctx.services.userService.getById(student!);
    expect(user).to.include({ firstName: 'Sam', lastName: 'Student', email: 'sam@example.org', role: 'student', authType: 'lti' });
    // Moodle's login name (ext.user_username) is kept for the Moodle bridge's `lti` mapping.
    const identities = await world.ctx.services.userIdentities.listForUser(student!);
    expect(identities).to.deep.equal([{ userId: student, provider: 'lti', issuer: world.platform.issuer, subject: '4', username: 'student1' }]);
    const courses = await world.ctx.services.accessRepository.coursesOf(student!);
    expect(courses.map((course) => course.contextId)).to.deep.equal(['2']);
    const [link] = await world.ctx.services.ltiLinks.listForCourse(courses[0]!.id);
    expect(link).to.include({ videoId: video.id, resourceLinkId: '11', completionThreshold: 0.9 });
    expect(link!.lineItemUrl).to.match(/^http:\/\/127\.0\.0\.1:\d+\//);
  });

  it('keeps working after a course copy: the same custom parameters in another course open it to that course', async () => {
    const video = await privateVideo();
    const custom = { video: String(video.id), video_sig: world.ctx.services.ltiLinkSigner.sign(video.id), completion: '75' };
    world.platform.addResourceLink({ courseId: '7', id: '71', title: 'Week 1 (copy)', custom });
    const res = await launch(world, { user: '5', resourceLink: '71' });
    expect(res.status, res.text).to.equal(200);
    expect((playerConfigIn(res.text) as { videoId: number }).videoId).to.equal(video.id);
    const link = (await world.ctx.database.db.selectFrom('lti_links').selectAll().where('resource_link_id', '=', '71').executeTakeFirstOrThrow());
    expect(link.completion_threshold).to.equal(0.75);
  });

  it('refuses an unsigned or altered link to a private video (the video\'s own rules apply)', async () => {
    const video = await privateVideo();
    world.platform.addResourceLink({ courseId: '2', id: '12', custom: { video: String(video.id) } });
    const unsigned = await launch(world, { user: '4', resourceLink: '12' });
    expect(unsigned.status).to.equal(403);
    expect(unsigned.headers['x-lectern-error-code']).to.equal('lti_video_forbidden');
    expect(playerConfigIn(unsigned.text)).to.equal(null);
    const other = await privateVideo();
    world.platform.addResourceLink({ courseId: '2', id: '13', custom: { video: String(other.id), video_sig: world.ctx.services.ltiLinkSigner.sign(video.id) } });
    const altered = await launch(world, { user: '4', resourceLink: '13' });
    expect(altered.status).to.equal(403);
  });

  it('opens a public video through an unsigned link', async () => {
    const video = await cloneEncoded(world.ctx, template, teacher, { title: 'Public lecture', isDraft: false });
    world.platform.addResourceLink({ courseId: '2', id: '14', custom: { video: String(video.id) } });
    const res = await launch(world, { user: '4', resourceLink: '14' });
    expect(res.status, res.text).to.equal(200);
    expect((playerConfigIn(res.text) as { videoId: number }).videoId).to.equal(video.id);
  });

  it('explains a link without a video, differently to the teacher and the student, in the launch\'s language', async () => {
    world.platform.addResourceLink({ courseId: '2', id: '15', title: 'Empty' });
    const student = await launch(world, { user: '4', resourceLink: '15' });
    expect(student.status).to.equal(200);
    expect(student.text).to.contain('has not chosen a video');
    const teacherPage = await launch(world, { user: '3', resourceLink: '15' });
    expect(teacherPage.text).to.contain('Select content');
    world.platform.addResourceLink({ courseId: '2', id: '16', custom: { video: 'abc' } });
    const bad = await launch(world, { user: '4', resourceLink: '16' });
    expect(bad.text).to.contain('not a video number');
  });

  it('serves the tool keys as a JWKS (kid, alg, use) and accepts the login initiation as a GET too', async () => {
    const keys = (await request(world.ctx.app).get('/lti/keys').expect(200)).body as { keys: Record<string, unknown>[] };
    expect(keys.keys.length).to.be.greaterThan(0);
    for (const key of keys.keys) expect(key).to.include({ kty: 'RSA', alg: 'RS256', use: 'sig' }).and.to.have.property('kid').that.is.a('string');
    const { toolKid } = (await world.ctx.services.ltiPlatformRepository.findById(world.registered.id))!;
    expect(keys.keys.map((key) => key.kid)).to.include(toolKid);
    world.platform.addResourceLink({ courseId: '2', id: '18', custom: { video: String(template.id), video_sig: world.ctx.services.ltiLinkSigner.sign(template.id) } });
    const login = world.platform.loginInitiation({ user: '4', resourceLink: '18' });
    const redirect = await request(world.ctx.app).get(`/lti/login?${login.body}`);
    expect(redirect.status, `${redirect.headers["x-lectern-error-code"]} ${redirect.text.slice(0, 300)}`).to.equal(302);
    const auth = world.platform.authorize(redirect.headers.location!);
    expect(auth.ok, auth.error_description).to.equal(true);
    const res = await request(world.ctx.app).post('/lti/launch').type('form').send(auth.fields);
    expect(res.status, res.text).to.equal(200);
    expect((playerConfigIn(res.text) as { videoId: number }).videoId).to.equal(template.id);
  });

  it('answers a deleted video\'s link with 404 lti_video_not_found', async () => {
    world.platform.addResourceLink({ courseId: '2', id: '17', custom: { video: '999999', video_sig: world.ctx.services.ltiLinkSigner.sign(999999) } });
    const res = await launch(world, { user: '4', resourceLink: '17' });
    expect(res.status).to.equal(404);
    expect(res.headers['x-lectern-error-code']).to.equal('lti_video_not_found');
  });
});
