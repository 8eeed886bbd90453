import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import request from 'supertest';
import { createRosterTokens } from '../../lti/roster-routes.js';
import { deriveKey } from '../../server/src/domain/access/derive-key.js';
import type { Video } from '../../server/src/domain/videos/video.js';
import { createUser, createVideo } from '../helpers/factories.js';
import { launch, startLtiWorld, type LtiWorld } from '../helpers/lti-tool.js';
import { TEST_SECRET } from '../helpers/test-app.js';

/**
 * The teacher's view of who watched what, end to end with the Moodle double: a teacher's
 * launch carries a signed token in a form (no cookie), the form's POST fetches the course's
 * roster (NRPS, paged) and joins it with Lectern's viewing records.
 */
describe('LTI roster: the teacher\'s view of learners\' progress', function () {
  this.timeout(120_000);
  let world: LtiWorld;
  let video: Video;
  let linkId: number;
  let teacherPage: string;

  const tokenIn = (page: string): string | null => /<form method="post" action="\/lti\/roster" class="lti-roster-open">\s*<input type="hidden" name="token" value="([^"]+)">/.exec(page)?.[1] ?? null;
  const rowOf = (page: string, subject: string): string => {
    const row = new RegExp(`<tr data-subject="${subject}"[\\s\\S]*?</tr>`).exec(page)?.[0];
    expect(row, `row of ${subject}`).to.be.a('string');
    return row!;
  };
  const post = (path: string, token: string) => request(world.ctx.app).post(path).type('form').send({ token });

  async function userIdOf(subject: string): Promise<number> {
    return (await world.ctx.services.userIdentities.userOf('lti', world.platform.issuer, subject))!;
  }

  async function recordProgress(subject: string, watched: number, extra: { posted?: number; scoreError?: string } = {}): Promise<void> {
    await world.ctx.database.db.insertInto('lti_progress').values({
      link_id: linkId, user_id: await userIdOf(subject), video_id: video.id, subject, segments: '[]', watched,
      posted: extra.posted ?? null, posted_at: extra.posted === undefined ? null : new Date(), score_error: extra.scoreError ?? null, updated_at: new Date(),
    }).execute();
  }

  async function teacherLaunch(resourceLink: string): Promise<string> {
    const res = await launch(world, { user: '3', resourceLink });
    expect(res.status, res.text).to.equal(200);
    return res.text;
  }

  before(async () => {
    world = await startLtiWorld({ platform: { membershipPageSize: 2 } });
    const owner = (await createUser(world.ctx)).user;
    video = await createVideo(world.ctx, owner, { title: 'Week 1 lecture', isDraft: true });
    const { platform } = world;
    platform.addUser({ id: '3', username: 'teacher1', givenName: 'Terry', familyName: 'Teacher', roles: ['Instructor'] });
    platform.addUser({ id: '4', username: 'student1', givenName: 'Alice', familyName: 'Partial' });
    platform.addUser({ id: '5', username: 'student2', givenName: 'Bob', familyName: 'Complete' });
    platform.addUser({ id: '6', username: 'student3', givenName: 'Carol', familyName: 'Never' });
    platform.addUser({ id: '7', username: 'student4', givenName: 'Dan', familyName: 'Dropped' });
    platform.addCourse({ id: '2', label: 'LAB101', title: 'Lab course 101', members: ['3', '4', '5', '6', '7'] });
    platform.addResourceLink({ courseId: '2', id: '21', title: 'Week 1', custom: { video: String(video.id), video_sig: world.ctx.services.ltiLinkSigner.sign(video.id) } });
    for (const learner of ['4', '5', '7']) expect((await launch(world, { user: learner, resourceLink: '21' })).status).to.equal(200);
    teacherPage = await teacherLaunch('21');
    linkId = (await world.ctx.database.db.selectFrom('lti_links').select('id').where('resource_link_id', '=', '21').executeTakeFirstOrThrow()).id;
    await recordProgress('4', 0.4);
    await recordProgress('5', 0.95, { posted: 0.95 });
    await recordProgress('7', 0.5);
    platform.state.courses.get('2')!.members.delete('7');
  });
  after(async () => world?.close());

  it('offers the teacher a "Learners\' progress" form carrying a signed token, never in a URL', () => {
    expect(teacherPage).to.contain('Learners’ progress');
    expect(tokenIn(teacherPage)).to.match(/^ltr1\./);
    expect(teacherPage).not.to.match(/action="[^"]*token=/);
  });

  it('does not offer it to a learner', async () => {
    const res = await launch(world, { user: '4', resourceLink: '21' });
    expect(res.status).to.equal(200);
    expect(res.text).not.to.contain('/lti/roster');
    expect(tokenIn(res.text)).to.equal(null);
  });

  it('lists every member with watched share, completion or "not started", following the NRPS pages, without a cookie', async () => {
    const before = world.platform.state.serviceRequests.length;
    const res = await post('/lti/roster', tokenIn(teacherPage)!);
    expect(res.status, res.text).to.equal(200);
    expect(res.headers['set-cookie']).to.equal(undefined);
    expect(res.headers['cache-control']).to.equal('private, no-store');
    const memberships = world.platform.state.serviceRequests.slice(before).filter((r) => r.path.includes('/memberships'));
    expect(memberships.map((r) => [r.path.replace(/^.*\/memberships/, ''), r.status])).to.deep.equal([['', 200], ['?limit=2&from=2', 200], ['?limit=2&from=4', 200]]);
    expect(memberships.every((r) => r.fields.accept === 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json' && /^Bearer \S+$/.test(r.fields.authorization!))).to.equal(true);
    expect(res.text).to.match(/<table class="lti-roster" id="roster-members">\s*<caption>Who watched “Week 1”<\/caption>/);
    expect(res.text).to.contain('<th scope="col">Watched</th>');
    expect(rowOf(res.text, '4')).to.contain('Alice Partial').and.contain('40 %').and.contain('data-completed="false"');
    expect(rowOf(res.text, '5')).to.contain('Bob Complete').and.contain('95 %').and.contain('data-completed="true"').and.contain('Sent');
    expect(rowOf(res.text, '6')).to.contain('Carol Never').and.contain('Not started').and.contain('data-started="false"');
    expect(rowOf(res.text, '3')).to.contain('Teacher');
    expect(res.text.indexOf('data-subject="6"')).to.be.lessThan(res.text.indexOf('data-subject="3"'));
    expect(res.text).to.contain('1 of 3 learners completed the video (watched at least 90%); 2 started it.');
    const departed = /<section aria-labelledby="roster-departed-title">[\s\S]*?<\/section>/.exec(res.text)?.[0] ?? '';
    expect(departed).to.contain('No longer in the course list').and.contain('data-subject="7"');
    expect(res.text).to.contain('action="/lti/roster/csv"');
  });

  it('speaks the language the token carries (the launch\'s; the double always launches in English)', async () => {
    const token = createRosterTokens(deriveKey(TEST_SECRET, 'lti-roster')).issue(await userIdOf('3'), linkId, 'fr');
    const page = await post('/lti/roster', token);
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('<html lang="fr"').and.contain('Progression des étudiants').and.contain('Pas commencé');
  });

  it('downloads the table as CSV (BOM, header row), by POST', async () => {
    const res = await post('/lti/roster/csv', tokenIn(teacherPage)!);
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.equal('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).to.equal(`attachment; filename="lectern-progress-${linkId}.csv"`);
    const text = res.text;
    expect(text.startsWith('\uFEFF')).to.equal(true);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).to.equal('Name,E-mail,Platform user id,Role,Enrolment,Watched (%),Completed,Last activity,Grade sent to the platform,Grade error');
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 7).join(','))).to.include.members([
      'Alice Partial,user4@example.org,4,Learner,Active,40,No',
      'Bob Complete,user5@example.org,5,Learner,Active,95,Yes',
      'Carol Never,user6@example.org,6,Learner,Active,,No',
    ]);
    expect(lines).to.have.length(6);
  });

  it('refuses a forged, expired or missing token with 401 and a stable code, and a link that is gone with 404', async () => {
    const key = deriveKey(TEST_SECRET, 'lti-roster');
    const teacherId = await userIdOf('3');
    const token = tokenIn(teacherPage)!;
    const parts = token.split('.');
    parts[2] = String(linkId + 1);
    const forged = parts.join('.');
    const expired = createRosterTokens(key, () => Date.now() - 3 * 3600_000).issue(teacherId, linkId, 'en');
    const cases: [string, string | undefined, number, string][] = [
      ['forged', forged, 401, 'lti_roster_token_invalid'],
      ['other key', createRosterTokens(deriveKey('another-secret-long-enough-for-it', 'lti-roster')).issue(teacherId, linkId, 'en'), 401, 'lti_roster_token_invalid'],
      ['expired', expired, 401, 'lti_roster_token_expired'],
      ['missing', undefined, 401, 'lti_roster_token_invalid'],
      ['gone', createRosterTokens(key).issue(teacherId, 999_999, 'en'), 404, 'lti_link_gone'],
    ];
    for (const [name, value, status, code] of cases) {
      const res = await request(world.ctx.app).post('/lti/roster').type('form').send(value === undefined ? {} : { token: value });
      expect([name, res.status, res.headers['x-lectern-error-code']]).to.deep.equal([name, status, code]);
      expect(res.text).not.to.contain('data-subject');
    }
  });
});

describe('LTI roster: platforms that do not give it', function () {
  this.timeout(120_000);
  let world: LtiWorld;
  let failing: http.Server;
  let failingUrl: string;

  before(async () => {
    world = await startLtiWorld({ platform: { memberships: false } });
    const owner = (await createUser(world.ctx)).user;
    const video = await createVideo(world.ctx, owner, { title: 'Lecture', isDraft: false });
    world.platform.addUser({ id: '3', username: 'teacher1', name: 'Terry Teacher', roles: ['Instructor'] });
    world.platform.addUser({ id: '4', username: 'student1', name: 'Sam Student' });
    world.platform.addCourse({ id: '2', members: ['3', '4'] });
    world.platform.addResourceLink({ courseId: '2', id: '31', custom: { video: String(video.id) } });
    expect((await launch(world, { user: '4', resourceLink: '31' })).status).to.equal(200);
    const link = await world.ctx.database.db.selectFrom('lti_links').select('id').where('resource_link_id', '=', '31').executeTakeFirstOrThrow();
    const student = (await world.ctx.services.userIdentities.userOf('lti', world.platform.issuer, '4'))!;
    await world.ctx.database.db.insertInto('lti_progress').values({ link_id: link.id, user_id: student, video_id: video.id, subject: '4', segments: '[]', watched: 0.5, updated_at: new Date() }).execute();
    failing = http.createServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('database is down');
    });
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    failingUrl = `http://127.0.0.1:${(failing.address() as AddressInfo).port}/services.php/CourseSection/2/bindings/1/memberships`;
  });
  after(async () => {
    failing?.closeAllConnections();
    failing?.close();
    await world?.close();
  });

  const tokenOf = async (): Promise<string> => {
    const page = await launch(world, { user: '3', resourceLink: '31' });
    expect(page.status).to.equal(200);
    return /name="token" value="([^"]+)"/.exec(page.text)![1]!;
  };
  const setMembershipsUrl = (url: string | null) => world.ctx.database.db.updateTable('lti_links').set({ memberships_url: url }).where('resource_link_id', '=', '31').execute();

  it('explains that the platform offers no roster, and lists those who watched (not a 500)', async () => {
    const token = await tokenOf();
    const res = await request(world.ctx.app).post('/lti/roster').type('form').send({ token });
    expect(res.status).to.equal(200);
    expect(res.headers['x-lectern-error-code']).to.equal('lti_roster_unavailable');
    expect(res.text).to.contain('role="alert"').and.contain('does not share the list of course members');
    expect(res.text).to.contain('People who opened the video');
    expect(/<tr data-subject="4"[\s\S]*?<\/tr>/.exec(res.text)?.[0]).to.contain('Sam Student').and.contain('50 %');
    expect(world.platform.state.serviceRequests.filter((r) => r.path.includes('/memberships'))).to.have.length(0);
  });

  it('says so when the platform refuses (403) or fails (500), without a 500 of its own', async () => {
    const token = await tokenOf();
    world.platform.type().memberships = true;
    try {
      // Another tool type's memberships: the double answers 403 to this tool's token.
      await setMembershipsUrl(`${world.platform.endpoints.services}/CourseSection/2/bindings/99/memberships`);
      const refused = await request(world.ctx.app).post('/lti/roster').type('form').send({ token });
      expect([refused.status, refused.headers['x-lectern-error-code']]).to.deep.equal([200, 'lti_roster_unavailable']);
      expect(world.platform.state.serviceRequests.filter((r) => r.path.includes('/memberships')).map((r) => r.status)).to.deep.equal([403]);
      expect(refused.text).to.contain('role="alert"');

      await setMembershipsUrl(failingUrl);
      const failed = await request(world.ctx.app).post('/lti/roster').type('form').send({ token });
      expect([failed.status, failed.headers['x-lectern-error-code']]).to.deep.equal([502, 'lti_roster_failed']);
      expect(failed.text).to.contain('could not give the list of course members just now');
    } finally {
      world.platform.type().memberships = false;
    }
  });
});
