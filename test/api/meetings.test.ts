import { expect } from 'chai';
import request from 'supertest';
import type { BbbServer } from '../../server/src/domain/meetings/bbb-server.js';
import type { BbbServerDouble } from '../helpers/bbb-server/index.js';
import { createUser, type UserWithToken } from '../helpers/factories.js';
import { createMeeting, followJoin, invitePath, meetingDraft, meetingFormBody, withBbbDouble } from '../helpers/meetings.js';
import { expectProblem } from '../helpers/problem.js';
import { buildTestApp, TEST_PUBLIC_URL, type TestApp } from '../helpers/test-app.js';
import { csrfFrom, loggedInAgent } from '../helpers/web-session.js';

/** A weekly meeting's form, with `fields` changed. */
const form = (csrf: string, fields: Record<string, string | string[]> = {}) =>
  meetingFormBody(csrf, {
    name: 'TD de chimie',
    start_date: '2031-03-24',
    start_time: '10:00',
    duration_minutes: '90',
    recurrence: 'weekly',
    frequency: '1',
    weekdays: ['0', '3'],
    monthly_type: 'date_day',
    recurring_until: '',
    occurrences: '10',
    audience: 'anyone',
    max_participants: '40',
    welcome_text: 'Bienvenue !',
    record: 'true',
    allow_start_stop_recording: 'true',
    auto_import: 'yes',
    server_id: '',
    ...fields,
  });

describe('meetings: personal room, scheduling, start and end', () => {
  let ctx: TestApp;
  let bbb: BbbServerDouble;
  let server: BbbServer;
  let staff: UserWithToken;
  let admin: UserWithToken;

  before(async () => {
    ctx = await buildTestApp();
    ({ bbb, server } = await withBbbDouble(ctx));
    staff = await createUser(ctx, { username: 'ada.staff' });
    admin = await createUser(ctx, { role: 'admin', username: 'meet.admin' });
  });
  after(async () => {
    await bbb?.close();
    await ctx?.close();
  });

  it('creates the personal room once, named after its owner, even under two concurrent first visits', async () => {
    const { agent } = await loggedInAgent(ctx.app, staff.user.username);
    const [first, second] = await Promise.all([agent.get('/meetings').set('Accept-Language', 'en'), agent.get('/meetings').set('Accept-Language', 'fr')]);
    expect([first.status, second.status]).to.deep.equal([200, 200]);
    const rooms = await ctx.database.db.selectFrom('meetings').selectAll().where('owner_id', '=', staff.user.id).where('is_personal', '=', true).execute();
    expect(rooms).to.have.length(1);
    expect(rooms[0]!.name).to.be.oneOf(['Ada Lovelace’s room', 'Salle de Ada Lovelace']);
    expect(rooms[0]!.bbb_meeting_id).to.match(/^[a-z0-9-]+-[0-9a-f]{12}$/);
    expect(rooms[0]!.recurrence).to.equal(null);
    const again = await agent.get('/meetings').set('Accept-Language', 'en').expect(200);
    expect(again.text).to.contain(rooms[0]!.name).and.contain('Your personal room').and.contain('<script type="module" src="/assets/pages.js">');
    expect(await ctx.database.db.selectFrom('meetings').select('id').where('owner_id', '=', staff.user.id).execute()).to.have.length(1);

    // Its owner renames it and opens it to anyone; it has no schedule to edit.
    const edit = await agent.get(`/meetings/${rooms[0]!.id}/edit`).expect(200);
    expect(edit.text).to.contain('name="audience"').and.not.contain('name="start_date"');
    await agent.post(`/meetings/${rooms[0]!.id}/edit`).type('form').send(form(csrfFrom(edit.text), { name: 'Bureau virtuel', audience: 'anyone', start_date: '', recurrence: 'daily' })).expect(303);
    const renamed = await ctx.services.meetingService.get(staff.user, rooms[0]!.id);
    expect(renamed).to.include({ name: 'Bureau virtuel', audience: 'anyone', recurrence: null, isPersonal: true, bbbMeetingId: rooms[0]!.bbb_meeting_id });
    expect(renamed.startAt.getTime()).to.equal(rooms[0]!.start_at.getTime());
  });

  it('schedules a recurring meeting from the form, lists it with its next session and invitation link, and keeps its BBB id on rename', async () => {
    const { agent, csrf } = await loggedInAgent(ctx.app, staff.user.username);
    const blank = await agent.get('/meetings/new').set('Accept-Language', 'en').expect(200);
    expect(blank.text).to.contain('<label for="start_date">Start date</label>').and.contain('Times are in Europe/Paris time.');
    await agent.post('/meetings').type('form').send(form(csrf)).expect(303).expect('Location', '/meetings');
    const [meeting] = (await ctx.services.meetingService.listOwn(staff.user)).filter((m) => !m.isPersonal);
    expect(meeting).to.include({ name: 'TD de chimie', recurrence: 'weekly', frequency: 1, occurrences: 10, audience: 'anyone', maxParticipants: 40, welcomeText: 'Bienvenue !', record: true, autoImport: true, serverId: null });
    expect(meeting!.weekdays).to.deep.equal([0, 3]);
    expect(meeting!.startAt.toISOString()).to.equal('2031-03-24T09:00:00.000Z');
    expect(meeting!.bbbMeetingId).to.match(/^td-de-chimie-[0-9a-f]{12}$/);

    const list = await agent.get('/meetings').set('Accept-Language', 'en').expect(200);
    expect(list.text).to.contain('The meeting has been scheduled.').and.contain('Next session: Monday, 24 March 2031 at 10:00');
    expect(list.text).to.contain(`value="${TEST_PUBLIC_URL}${ctx.services.meetingInvites.pathOf(meeting!)}"`).and.contain(`data-copy="invite-${meeting!.id}"`);
    expect(list.text).to.contain(`href="/meetings/recordings?meeting=${meeting!.id}"`);

    const edit = await agent.get(`/meetings/${meeting!.id}/edit`).expect(200);
    expect(edit.text).to.contain('value="2031-03-24"').and.contain('id="weekdays-3" name="weekdays" value="3" checked');
    await agent.post(`/meetings/${meeting!.id}/edit`).type('form').send(form(csrfFrom(edit.text), { name: 'TD de chimie organique', weekdays: ['0'] })).expect(303);
    const renamed = await ctx.services.meetingService.get(staff.user, meeting!.id);
    expect(renamed).to.include({ name: 'TD de chimie organique', bbbMeetingId: meeting!.bbbMeetingId });
    expect(renamed.weekdays).to.deep.equal([0]);
  });

  it('starts a meeting as moderator with exactly the expected create parameters, and its join URL works on BBB', async () => {
    const meeting = await createMeeting(ctx, staff.user, { name: 'Amphi physique', welcomeText: 'Bonjour', maxParticipants: 300, record: true, autoStartRecording: true, allowStartStopRecording: false });
    expect(meeting).to.include({ serverId: null, lastServerId: null });
    const { agent, csrf } = await loggedInAgent(ctx.app, staff.user.username);
    const started = await agent.post(`/meetings/${meeting.id}/start`).type('form').send({ _csrf: csrf }).expect(303);
    expect(bbb.meeting(meeting.bbbMeetingId)!.params).to.deep.equal({
      name: 'Amphi physique',
      meetingID: meeting.bbbMeetingId,
      record: 'true',
      autoStartRecording: 'true',
      allowStartStopRecording: 'false',
      welcome: 'Bonjour',
      maxParticipants: '300',
      logoutURL: `${TEST_PUBLIC_URL}/meetings`,
      'meta_lectern-meeting': String(meeting.id),
      'meta_lectern-site': '1',
      'meta_bbb-recording-ready-url': `${TEST_PUBLIC_URL}/bbb/recording-ready`,
    });
    const location = started.headers.location as string;
    expect(location.startsWith(`${bbb.apiUrl}join?`)).to.equal(true);
    const created = bbb.meeting(meeting.bbbMeetingId)!;
    const join = new URL(location).searchParams;
    expect(Object.fromEntries([...join].filter(([key]) => key !== 'checksum'))).to.deep.equal({ fullName: 'Ada Lovelace', meetingID: meeting.bbbMeetingId, role: 'MODERATOR', userID: 'ada.staff', createTime: String(created.createTime), redirect: 'true' });
    expect(await followJoin(location)).to.equal(302);
    expect(created.attendees.map((a) => [a.fullName, a.role, a.userID])).to.deep.equal([['Ada Lovelace', 'MODERATOR', 'ada.staff']]);
    const row = await ctx.database.db.selectFrom('meetings').selectAll().where('id', '=', meeting.id).executeTakeFirstOrThrow();
    expect([row.internal_meeting_id, row.bbb_create_time]).to.deep.equal([created.internalMeetingID, String(created.createTime)]);
    expect(row.last_started_at).to.be.instanceOf(Date);
    // The server it was created on (here the default one) is kept: its recordings are there.
    expect(row.last_server_id).to.equal(server.id);
    expect(await ctx.services.meetingService.get(staff.user, meeting.id)).to.include({ serverId: null, lastServerId: server.id });

    // Starting again is idempotent on BBB (duplicateWarning): same meeting, same createTime.
    const again = await agent.post(`/meetings/${meeting.id}/start`).type('form').send({ _csrf: csrf }).expect(303);
    expect(new URL(again.headers.location as string).searchParams.get('createTime')).to.equal(String(created.createTime));
  });

  it('leaves the recording-ready callback out when the meeting is not recorded, and uses the meeting’s chosen server', async () => {
    const other = await withBbbDouble(ctx, 'Second');
    try {
      await ctx.services.bbbServers.setDefault(server.id);
      const meeting = await createMeeting(ctx, staff.user, { serverId: other.server.id });
      const { agent, csrf } = await loggedInAgent(ctx.app, staff.user.username);
      await agent.post(`/meetings/${meeting.id}/start`).type('form').send({ _csrf: csrf }).expect(303);
      expect(bbb.meeting(meeting.bbbMeetingId)).to.equal(undefined);
      const params = other.bbb.meeting(meeting.bbbMeetingId)!.params;
      expect(params).to.include({ record: 'false', maxParticipants: '150' });
      expect(Object.keys(params).filter((key) => key.startsWith('meta_')).sort()).to.deep.equal(['meta_lectern-meeting', 'meta_lectern-site']);
      expect(params).to.not.have.property('welcome');
      expect(await ctx.services.meetingService.get(staff.user, meeting.id)).to.include({ serverId: other.server.id, lastServerId: other.server.id });
    } finally {
      await other.bbb.close();
    }
  });

  it('keeps the server a meeting last ran on when its server changes, until a start succeeds on the new one', async () => {
    const other = await withBbbDouble(ctx, 'Next');
    try {
      await ctx.services.bbbServers.setDefault(server.id);
      const meeting = await createMeeting(ctx, staff.user, { name: 'Déménagement' });
      const { agent, csrf } = await loggedInAgent(ctx.app, staff.user.username);
      const start = () => agent.post(`/meetings/${meeting.id}/start`).type('form').set('Accept', 'application/json').send({ _csrf: csrf });
      expect((await start()).status).to.equal(303);
      await ctx.services.meetingService.update(staff.user, meeting.id, meetingDraft({ name: 'Déménagement', serverId: other.server.id }));
      expect(await ctx.services.meetingService.get(staff.user, meeting.id)).to.include({ serverId: other.server.id, lastServerId: server.id });

      other.bbb.failNext('create', { kind: 'malformed' });
      expectProblem(await start(), 503, 'bbb_protocol_error');
      expect(await ctx.services.meetingService.get(staff.user, meeting.id)).to.include({ lastServerId: server.id });

      expect((await start()).status).to.equal(303);
      expect(other.bbb.meeting(meeting.bbbMeetingId)).to.not.equal(undefined);
      expect(await ctx.services.meetingService.get(staff.user, meeting.id)).to.include({ serverId: other.server.id, lastServerId: other.server.id });
    } finally {
      await other.bbb.close();
    }
  });

  it('lets the pages holding Start and Join forms redirect to BigBlueButton (CSP form-action), and no other page', async () => {
    const { agent } = await loggedInAgent(ctx.app, staff.user.username);
    const formActionOf = (res: { headers: Record<string, string> }) => /form-action ([^;]+)/.exec(res.headers['content-security-policy']!)![1];
    const meeting = await createMeeting(ctx, staff.user, { name: 'CSP check' });
    const invitation = invitePath(ctx, meeting);
    expect(formActionOf(await agent.get('/meetings').expect(200))).to.equal("'self' https: http://localhost:* http://127.0.0.1:* http://[::1]:*");
    expect(formActionOf(await agent.get(`/meetings/${meeting.id}/start`).expect(200))).to.contain('https:');
    expect(formActionOf(await request(ctx.app).get(invitation))).to.contain('https:');
    expect(formActionOf(await agent.get(`/meetings/${meeting.id}/delete`).expect(200))).to.equal("'self'");
    expect(formActionOf(await agent.get('/meetings/new').expect(200))).to.equal("'self'");
  });

  it('works around BBB issue #18913 once: a refused create is followed by end and one more create', async () => {
    const meeting = await createMeeting(ctx, staff.user, { name: 'Reprise' });
    const { agent, csrf } = await loggedInAgent(ctx.app, staff.user.username);
    // The bug: BBB has the meeting but refuses create for it.
    await agent.post(`/meetings/${meeting.id}/start`).type('form').send({ _csrf: csrf }).expect(303);
    const callsBefore = bbb.calls.length;
    bbb.failNext('create', { kind: 'failed', messageKey: 'idNotUnique', message: 'A meeting already exists with that meeting ID.' });
    await agent.post(`/meetings/${meeting.id}/start`).type('form').send({ _csrf: csrf }).expect(303);
    expect(bbb.calls.slice(callsBefore).map((c) => c.call)).to.deep.equal(['create', 'end', 'create']);
    expect(bbb.meeting(meeting.bbbMeetingId)).to.include({ forciblyEnded: false });
  });

  it('lets the owner end a meeting for everyone, and an administrator start and end anyone’s', async () => {
    const meeting = await createMeeting(ctx, staff.user, { name: 'Fin de séance' });
    const { agent, csrf } = await loggedInAgent(ctx.app, admin.user.username);
    const started = await agent.post(`/meetings/${meeting.id}/start`).type('form').send({ _csrf: csrf }).expect(303);
    expect(new URL(started.headers.location as string).searchParams.get('userID')).to.equal('meet.admin');
    expect(await followJoin(started.headers.location as string)).to.equal(302);
    const owner = await loggedInAgent(ctx.app, staff.user.username);
    await owner.agent.post(`/meetings/${meeting.id}/end`).type('form').send({ _csrf: owner.csrf }).expect(303).expect('Location', '/meetings');
    expect(bbb.meeting(meeting.bbbMeetingId)).to.include({ running: false, forciblyEnded: true });
    // Ending a meeting BBB does not have (never started) is not an error.
    const idle = await createMeeting(ctx, staff.user, { name: 'Jamais lancée' });
    await agent.post(`/meetings/${idle.id}/end`).type('form').send({ _csrf: csrf }).expect(303);
  });

  it('deletes a meeting after a confirmation page, but never a personal room', async () => {
    const meeting = await createMeeting(ctx, staff.user, { name: 'À supprimer' });
    const { agent, csrf } = await loggedInAgent(ctx.app, staff.user.username);
    const confirm = await agent.get(`/meetings/${meeting.id}/delete`).set('Accept-Language', 'en').expect(200);
    expect(confirm.text).to.contain('Delete “À supprimer”?').and.contain(`action="/meetings/${meeting.id}/delete"`);
    await agent.post(`/meetings/${meeting.id}/delete`).type('form').send({ _csrf: csrf }).expect(303);
    expect(await ctx.database.db.selectFrom('meetings').select('id').where('id', '=', meeting.id).execute()).to.deep.equal([]);
    const room = await ctx.services.meetingService.personalRoom(staff.user, 'ignored');
    const refused = await agent.post(`/meetings/${room.id}/delete`).type('form').set('Accept', 'application/json').send({ _csrf: csrf });
    expectProblem(refused, 403, 'personal_room_not_deletable');
    expect(await ctx.services.meetingService.get(staff.user, room.id)).to.include({ id: room.id });
  });

  it('gives the recording import what it needs: the meeting of a BBB id, its owner and its automatic import choice', async () => {
    const inherit = await createMeeting(ctx, staff.user, { name: 'Hérite' });
    const forced = await createMeeting(ctx, staff.user, { name: 'Forcée', autoImport: false });
    const found = await ctx.services.meetingService.findByBbbMeetingId(inherit.bbbMeetingId);
    expect(found).to.include({ id: inherit.id, ownerId: staff.user.id });
    expect(await ctx.services.meetingService.findByBbbMeetingId('nothing-000000000000')).to.equal(null);
    expect(await ctx.services.meetingService.autoImportOf(inherit)).to.equal(false);
    await ctx.services.bbbServers.setSiteAutoImport(1, true);
    expect(await ctx.services.meetingService.autoImportOf(inherit)).to.equal(true);
    expect(await ctx.services.meetingService.autoImportOf(forced)).to.equal(false);
    await ctx.services.bbbServers.setSiteAutoImport(1, false);
  });

  it('keeps meeting management to staff and administrators, and their own meetings', async () => {
    const meeting = await createMeeting(ctx, staff.user, { name: 'Privée' });
    const student = await createUser(ctx, { role: 'student' });
    const { agent, csrf } = await loggedInAgent(ctx.app, student.user.username);
    for (const path of ['/meetings', '/meetings/new', `/meetings/${meeting.id}/edit`, `/meetings/${meeting.id}/start`]) expectProblem(await agent.get(path).set('Accept', 'application/json'), 403, 'meetings_staff_only');
    expectProblem(await agent.post('/meetings').type('form').set('Accept', 'application/json').send(form(csrf)), 403, 'meetings_staff_only');
    const page = await agent.get('/meetings').set('Accept-Language', 'en').set('Accept', 'text/html').expect(403);
    expect(page.text).to.contain('use the invitation link').and.contain('data-code="meetings_staff_only"');
    const home = await agent.get('/my/videos').expect(200);
    expect(home.text).to.not.contain('href="/meetings"');

    const colleague = await createUser(ctx);
    const other = await loggedInAgent(ctx.app, colleague.user.username);
    expectProblem(await other.agent.get(`/meetings/${meeting.id}/edit`).set('Accept', 'application/json'), 403, 'not_meeting_owner');
    expectProblem(await other.agent.post(`/meetings/${meeting.id}/start`).type('form').set('Accept', 'application/json').send({ _csrf: other.csrf }), 403, 'not_meeting_owner');
    expectProblem(await other.agent.post(`/meetings/${meeting.id}/invite`).type('form').set('Accept', 'application/json').send({ _csrf: other.csrf }), 403, 'not_meeting_owner');
    const list = await other.agent.get('/meetings').expect(200);
    expect(list.text).to.not.contain('Privée');

    const anonymous = await request(ctx.app).get('/meetings').expect(303);
    expect(anonymous.headers.location).to.equal('/login?next=%2Fmeetings');
    await request(ctx.app).post(`/meetings/${meeting.id}/start`).expect(403);
  });
});
