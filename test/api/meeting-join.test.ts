import { expect } from 'chai';
import request from 'supertest';
import type { Meeting } from '../../server/src/domain/meetings/meeting.js';
import type { BbbServerDouble } from '../helpers/bbb-server/index.js';
import { createUser, type UserWithToken } from '../helpers/factories.js';
import { appWithLogger } from '../helpers/media-delivery.js';
import { createMeeting, followJoin, invitePath, withBbbDouble } from '../helpers/meetings.js';
import { expectProblem } from '../helpers/problem.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { csrfFrom, loggedInAgent } from '../helpers/web-session.js';

/** The BBB join parameters of a 303 answer (checksum left out). */
function joinParams(location: string): Record<string, string> {
  return Object.fromEntries([...new URL(location).searchParams].filter(([key]) => key !== 'checksum'));
}

describe('meeting invitations: who joins, as what, and when', () => {
  let ctx: TestApp;
  let bbb: BbbServerDouble;
  let owner: UserWithToken;
  let student: UserWithToken;

  before(async () => {
    ctx = await buildTestApp();
    ({ bbb } = await withBbbDouble(ctx));
    owner = await createUser(ctx, { username: 'prof.owner' });
    student = await createUser(ctx, { role: 'student', username: 'etu.student' });
  });
  after(async () => {
    await bbb?.close();
    await ctx?.close();
  });

  /** The owner starts the meeting and enters it (BBB counts it running once someone joined). */
  async function startAndEnter(meeting: Meeting): Promise<void> {
    const { agent, csrf } = await loggedInAgent(ctx.app, owner.user.username);
    const started = await agent.post(`/meetings/${meeting.id}/start`).type('form').send({ _csrf: csrf }).expect(303);
    expect(await followJoin(started.headers.location as string)).to.equal(302);
  }

  it('shows a “not started yet” page that refreshes itself, with the next session, until the meeting runs', async () => {
    const meeting = await createMeeting(ctx, owner.user, { name: 'Permanence', audience: 'anyone', startDate: '2031-06-02', startTime: '14:30', recurrence: 'weekly', weekdays: [0] });
    const path = invitePath(ctx, meeting);
    const page = await request(ctx.app).get(path).set('Accept-Language', 'en').expect(200);
    expect(page.text).to.contain('data-state="not-started"').and.contain('<meta http-equiv="refresh" content="30">');
    expect(page.text).to.contain('Next session: Monday, 2 June 2031 at 14:30 (Europe/Paris time).').and.contain(`href="${path}"`);
    const early = await request(ctx.app).post(path).type('form').send({ full_name: 'Marie Curie' }).expect(303);
    expect(early.headers.location).to.equal(path);
    expect(bbb.meeting(meeting.bbbMeetingId)).to.equal(undefined);
  });

  it('lets a guest join an “anyone” meeting as viewer under the name they type, without a user id', async () => {
    const meeting = await createMeeting(ctx, owner.user, { name: 'Conférence ouverte', audience: 'anyone', welcomeText: 'Bienvenue à tous' });
    await startAndEnter(meeting);
    const path = invitePath(ctx, meeting);
    const page = await request(ctx.app).get(path).set('Accept-Language', 'fr').expect(200);
    expect(page.text).to.contain('<label for="full_name">Votre nom</label>').and.contain('Bienvenue à tous').and.contain(`action="${path}"`);
    const joined = await request(ctx.app).post(path).type('form').send({ full_name: '  Marie   Curie ' }).expect(303);
    const created = bbb.meeting(meeting.bbbMeetingId)!;
    expect(joinParams(joined.headers.location as string)).to.deep.equal({ fullName: 'Marie Curie', meetingID: meeting.bbbMeetingId, role: 'VIEWER', createTime: String(created.createTime), redirect: 'true' });
    expect(await followJoin(joined.headers.location as string)).to.equal(302);
    expect(created.attendees.map((a) => [a.fullName, a.role])).to.deep.equal([
      ['Ada Lovelace', 'MODERATOR'],
      ['Marie Curie', 'VIEWER'],
    ]);
  });

  it('refuses a guest without a name (400 invalid_display_name), keeping what was typed', async () => {
    const meeting = await createMeeting(ctx, owner.user, { name: 'Sans nom', audience: 'anyone' });
    await startAndEnter(meeting);
    const path = invitePath(ctx, meeting);
    const blank = await request(ctx.app).post(path).type('form').set('Accept-Language', 'en').send({ full_name: '   ' }).expect(400);
    expect(blank.text).to.contain('data-error-code="invalid_display_name"').and.contain('<p class="field-error" id="full_name-error">Type your name (1 to 100 characters).</p>');
    const long = await request(ctx.app).post(path).type('form').set('Accept-Language', 'fr').send({ full_name: 'x'.repeat(101) }).expect(400);
    expect(long.text).to.contain('Saisissez votre nom (de 1 à 100 caractères).').and.contain(`value="${'x'.repeat(101)}"`);
    expect(bbb.meeting(meeting.bbbMeetingId)!.attendees).to.have.length(1);
  });

  it('sends anonymous visitors of a logged-in meeting to log in and back, and lets any logged-in user join under their own name', async () => {
    const meeting = await createMeeting(ctx, owner.user, { name: 'Réservée', audience: 'logged_in' });
    await startAndEnter(meeting);
    const path = invitePath(ctx, meeting);
    const anonymous = await request(ctx.app).get(path).set('Accept-Language', 'en').expect(401);
    expect(anonymous.text).to.contain(`href="/login?next=${encodeURIComponent(path)}"`).and.contain('data-code="meeting_login_required"');
    expectProblem(await request(ctx.app).post(path).type('form').set('Accept', 'application/json').send({ full_name: 'Intrus' }), 401, 'meeting_login_required');

    const { agent } = await loggedInAgent(ctx.app, student.user.username);
    const page = await agent.get(path).set('Accept-Language', 'en').expect(200);
    expect(page.text).to.contain('You will join as Ada Lovelace.').and.not.contain('name="full_name"');
    const joined = await agent.post(path).type('form').send({ full_name: 'Someone else' }).expect(303);
    expect(joinParams(joined.headers.location as string)).to.include({ fullName: 'Ada Lovelace', role: 'VIEWER', userID: 'etu.student' });
    expect(await followJoin(joined.headers.location as string)).to.equal(302);
  });

  it('lets members of the chosen access groups in, and tells others which groups it is for (403 meeting_forbidden)', async () => {
    const member = await createUser(ctx, { role: 'student' });
    const outsider = await createUser(ctx, { role: 'student' });
    const [tp, td] = await Promise.all([ctx.services.accessRepository.createGroup(1, 'L1-TP-A', 'L1 TP groupe A'), ctx.services.accessRepository.createGroup(1, 'L1-TD-B', 'L1 TD groupe B')]);
    await ctx.services.accessRepository.addGroupMembers(td!.id, [member.user.id]);
    const meeting = await createMeeting(ctx, owner.user, { name: 'TP encadré', audience: 'groups', groupIds: [tp!.id, td!.id] });
    await startAndEnter(meeting);
    const path = invitePath(ctx, meeting);

    const inside = await loggedInAgent(ctx.app, member.user.username);
    const joined = await inside.agent.post(path).type('form').send({}).expect(303);
    expect(joinParams(joined.headers.location as string)).to.include({ role: 'VIEWER', userID: member.user.username });

    const outside = await loggedInAgent(ctx.app, outsider.user.username);
    const refused = await outside.agent.get(path).set('Accept-Language', 'en').expect(403);
    expect(refused.text).to.contain('It is for members of these access groups: L1 TD groupe B, L1 TP groupe A.').and.contain('data-code="meeting_forbidden"');
    expectProblem(await outside.agent.post(path).type('form').set('Accept', 'application/json').send({}), 403, 'meeting_forbidden');
    expectProblem(await request(ctx.app).post(path).type('form').set('Accept', 'application/json').send({ full_name: 'Guest' }), 401, 'meeting_login_required');
  });

  it('lets members of the chosen LMS course in, and tells others which course it is for', async () => {
    const course = await ctx.services.accessRepository.upsertCourseMember({ siteId: 1, platform: 'https://moodle.univ.example', contextId: 'chem-101', title: 'Chimie 101', label: 'CHEM101' }, owner.user.id, ['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor']);
    const learner = await createUser(ctx, { role: 'student' });
    await ctx.services.accessRepository.upsertCourseMember({ siteId: 1, platform: 'https://moodle.univ.example', contextId: 'chem-101', title: 'Chimie 101', label: 'CHEM101' }, learner.user.id, ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner']);
    const meeting = await createMeeting(ctx, owner.user, { name: 'Cours en ligne', audience: 'course', courseId: course.id });
    await startAndEnter(meeting);
    const path = invitePath(ctx, meeting);

    const inside = await loggedInAgent(ctx.app, learner.user.username);
    const joined = await inside.agent.post(path).type('form').send({}).expect(303);
    expect(await followJoin(joined.headers.location as string)).to.equal(302);

    const outsider = await createUser(ctx, { role: 'student' });
    const outside = await loggedInAgent(ctx.app, outsider.user.username);
    const refused = await outside.agent.get(path).set('Accept-Language', 'fr').expect(403);
    expect(refused.text).to.contain('Elle est réservée aux membres du cours « Chimie 101 ».');
    expectProblem(await outside.agent.post(path).type('form').set('Accept', 'application/json').send({}), 403, 'meeting_forbidden');
  });

  it('sends the owner (and administrators) opening the invitation link to start the meeting', async () => {
    const meeting = await createMeeting(ctx, owner.user, { name: 'Mon lien', audience: 'anyone' });
    const path = invitePath(ctx, meeting);
    const { agent } = await loggedInAgent(ctx.app, owner.user.username);
    await agent.get(path).expect(303).expect('Location', `/meetings/${meeting.id}/start`);
    await agent.post(path).type('form').send({}).expect(303).expect('Location', `/meetings/${meeting.id}/start`);
    const start = await agent.get(`/meetings/${meeting.id}/start`).set('Accept-Language', 'en').expect(200);
    expect(start.text).to.contain('Start “Mon lien”').and.contain(`action="/meetings/${meeting.id}/start"`);
    const joined = await agent.post(`/meetings/${meeting.id}/start`).type('form').send({ _csrf: csrfFrom(start.text) }).expect(303);
    expect(joinParams(joined.headers.location as string)).to.include({ role: 'MODERATOR' });
  });

  it('refuses invitation links once regenerated, forged or for an unknown meeting (404 meeting_invite_invalid)', async () => {
    const meeting = await createMeeting(ctx, owner.user, { name: 'Lien renouvelé', audience: 'anyone' });
    const oldPath = invitePath(ctx, meeting);
    const { agent, csrf } = await loggedInAgent(ctx.app, owner.user.username);
    await agent.post(`/meetings/${meeting.id}/invite`).type('form').send({ _csrf: csrf }).expect(303);
    const renewed = await ctx.services.meetingService.get(owner.user, meeting.id);
    const newPath = invitePath(ctx, renewed);
    expect(newPath).to.not.equal(oldPath);
    const list = await agent.get('/meetings').set('Accept-Language', 'en').expect(200);
    expect(list.text).to.contain('New invitation link: the previous links no longer work.').and.contain(newPath).and.not.contain(oldPath);

    const stale = await request(ctx.app).get(oldPath).set('Accept-Language', 'en').set('Accept', 'text/html').expect(404);
    expect(stale.text).to.contain('This invitation link is not valid (any more)').and.contain('data-code="meeting_invite_invalid"');
    expectProblem(await request(ctx.app).post(oldPath).type('form').set('Accept', 'application/json').send({ full_name: 'Late' }), 404, 'meeting_invite_invalid');
    expectProblem(await request(ctx.app).get(`/meetings/join/${meeting.bbbMeetingId}/${'A'.repeat(32)}`).set('Accept', 'application/json'), 404, 'meeting_invite_invalid');
    expectProblem(await request(ctx.app).get(`/meetings/join/${meeting.bbbMeetingId}/short`).set('Accept', 'application/json'), 404, 'meeting_invite_invalid');
    expectProblem(await request(ctx.app).get(newPath.replace(meeting.bbbMeetingId, 'other-000000000000')).set('Accept', 'application/json'), 404, 'meeting_invite_invalid');
    await request(ctx.app).get(newPath).expect(200);
  });

  it('keeps invitation tokens out of the request log', async () => {
    const meeting = await createMeeting(ctx, owner.user, { name: 'Journal', audience: 'anyone' });
    const path = invitePath(ctx, meeting);
    const token = path.split('/').at(-1)!;
    const { app, lines } = appWithLogger(ctx);
    await request(app).get(path).expect(200);
    await request(app).post(path).type('form').send({ full_name: 'Guest' }).expect(303);
    const logged = lines.map((line) => JSON.parse(line) as { msg: string; path?: string }).filter((entry) => entry.msg === 'request');
    expect(logged.map((entry) => entry.path)).to.deep.equal([`/meetings/join/${meeting.bbbMeetingId}/<redacted>`, `/meetings/join/${meeting.bbbMeetingId}/<redacted>`]);
    expect(lines.join('\n')).to.not.contain(token);
  });
});
