import { expect } from 'chai';
import request from 'supertest';
import type { BbbServer } from '../../server/src/domain/meetings/bbb-server.js';
import type { Meeting } from '../../server/src/domain/meetings/meeting.js';
import type { BbbServerDouble } from '../helpers/bbb-server/index.js';
import { createUser, type UserWithToken } from '../helpers/factories.js';
import { createMeeting, invitePath, meetingFormBody, withBbbDouble } from '../helpers/meetings.js';
import { expectProblem } from '../helpers/problem.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { fieldError, loggedInAgent } from '../helpers/web-session.js';

const VALID = {
  name: 'Séminaire',
  start_date: '2031-03-24',
  start_time: '10:00',
  duration_minutes: '60',
  recurrence: '',
  frequency: '1',
  monthly_type: 'date_day',
  recurring_until: '',
  occurrences: '',
  audience: 'logged_in',
  max_participants: '150',
  welcome_text: '',
  auto_import: '',
  server_id: '',
};

const form = (csrf: string, fields: Record<string, string | string[]> = {}) => meetingFormBody(csrf, { ...VALID, ...fields });

describe('meetings: refusals', () => {
  let ctx: TestApp;
  let bbb: BbbServerDouble;
  let server: BbbServer;
  let staff: UserWithToken;

  before(async () => {
    ctx = await buildTestApp();
    ({ bbb, server } = await withBbbDouble(ctx));
    staff = await createUser(ctx, { username: 'val.staff' });
  });
  after(async () => {
    await bbb?.close();
    await ctx?.close();
  });

  const stored = async (meeting: Meeting) =>
    ctx.database.db.selectFrom('meetings').select(['internal_meeting_id', 'bbb_create_time', 'last_started_at']).where('id', '=', meeting.id).executeTakeFirstOrThrow();

  it('shows every problem of the form next to its field (400 invalid_meeting), keeps what was typed, and stores nothing', async () => {
    const { agent, csrf } = await loggedInAgent(ctx.app, staff.user.username);
    const bad = await agent
      .post('/meetings')
      .set('Accept-Language', 'en')
      .type('form')
      .send(form(csrf, { name: 'X', start_date: '2031-02-30', start_time: '9h', duration_minutes: '2000', max_participants: '1', welcome_text: 'w'.repeat(2001), server_id: '999' }))
      .expect(400);
    expect(bad.text).to.contain('data-error-code="invalid_meeting"');
    expect(fieldError(bad.text, 'name')).to.equal('Give a name of 2 to 250 characters.');
    expect(fieldError(bad.text, 'start_date')).to.equal('Enter a date (YYYY-MM-DD).');
    expect(fieldError(bad.text, 'start_time')).to.equal('Enter a time (HH:MM).');
    expect(fieldError(bad.text, 'duration_minutes')).to.equal('Give a whole number of minutes from 5 to 1440.');
    expect(fieldError(bad.text, 'max_participants')).to.equal('Give a whole number from 2 to 5000.');
    expect(fieldError(bad.text, 'welcome_text')).to.equal('The welcome message has at most 2000 characters.');
    expect(fieldError(bad.text, 'server_id')).to.equal('Choose an active server of this site.');
    expect(bad.text).to.contain('id="start_time" name="start_time" type="time" value="9h"');

    const recurring = await agent
      .post('/meetings')
      .set('Accept-Language', 'en')
      .type('form')
      .send(form(csrf, { recurrence: 'weekly', frequency: '0', weekdays: ['1'], recurring_until: '2031-03-01', occurrences: '1' }))
      .expect(400);
    expect(fieldError(recurring.text, 'frequency')).to.equal('Give a whole number from 1 to 100.');
    expect(fieldError(recurring.text, 'weekdays')).to.equal('Tick the days of the week, including the start date’s day.');
    expect(fieldError(recurring.text, 'recurring_until')).to.equal('Give a date on or after the start date.');
    expect(fieldError(recurring.text, 'occurrences')).to.equal('Give a whole number of sessions from 2 to 500.');
    expect(recurring.text).to.contain('<div class="flash flash-error" role="alert">').and.contain('<p>Give an end date or a number of sessions, not both.</p>');

    const french = await agent.post('/meetings').set('Accept-Language', 'fr').type('form').send(form(csrf, { recurrence: 'monthly', monthly_type: 'x', audience: 'tous' })).expect(400);
    expect(fieldError(french.text, 'monthly_type')).to.equal('Choisissez comment les réunions mensuelles se répètent.');
    expect(fieldError(french.text, 'audience')).to.equal('Choisissez qui peut entrer.');
    expect(fieldError((await agent.post('/meetings').type('form').send(form(csrf, { recurrence: 'hourly' })).expect(400)).text, 'recurrence')).to.not.equal(null);
    expect((await ctx.services.meetingService.listOwn(staff.user)).filter((m) => !m.isPersonal)).to.deep.equal([]);
  });

  it('offers only the site’s groups and the courses the owner teaches (administrators: every course)', async () => {
    const group = await ctx.services.accessRepository.createGroup(1, 'M2-INFO', 'Master 2 informatique');
    const taught = await ctx.services.accessRepository.upsertCourseMember({ siteId: 1, platform: 'https://lms.example', contextId: 'taught', title: 'Algorithmique', label: 'ALGO' }, staff.user.id, ['Instructor']);
    const attended = await ctx.services.accessRepository.upsertCourseMember({ siteId: 1, platform: 'https://lms.example', contextId: 'attended', title: 'Anglais', label: 'ANG' }, staff.user.id, ['Learner']);
    const { agent, csrf } = await loggedInAgent(ctx.app, staff.user.username);
    const page = await agent.get('/meetings/new').expect(200);
    expect(page.text).to.contain(`id="groups-${group!.id}" name="groups" value="${group!.id}"`).and.contain('Algorithmique (ALGO)').and.not.contain('Anglais');

    const noGroup = await agent.post('/meetings').set('Accept-Language', 'en').type('form').send(form(csrf, { audience: 'groups' })).expect(400);
    expect(fieldError(noGroup.text, 'groups')).to.equal('Choose one or more access groups of this site.');
    await agent.post('/meetings').type('form').send(form(csrf, { audience: 'groups', groups: ['99999'] })).expect(400);
    const notTaught = await agent.post('/meetings').set('Accept-Language', 'en').type('form').send(form(csrf, { audience: 'course', course_id: String(attended.id) })).expect(400);
    expect(fieldError(notTaught.text, 'course_id')).to.equal('Choose one of the courses you teach.');
    await agent.post('/meetings').type('form').send(form(csrf, { audience: 'course', course_id: String(taught.id) })).expect(303);

    const admin = await createUser(ctx, { role: 'admin' });
    const adminAgent = await loggedInAgent(ctx.app, admin.user.username);
    expect((await adminAgent.agent.get('/meetings/new').expect(200)).text).to.contain('Anglais (ANG)');
    await adminAgent.agent.post('/meetings').type('form').send(form(adminAgent.csrf, { audience: 'course', course_id: String(attended.id) })).expect(303);
  });

  it('refuses bad meeting numbers (400), unknown meetings (404) and forms without the CSRF token (403)', async () => {
    const { agent, csrf } = await loggedInAgent(ctx.app, staff.user.username);
    expectProblem(await agent.get('/meetings/abc/edit').set('Accept', 'application/json'), 400, 'invalid_meeting_id');
    expectProblem(await agent.post('/meetings/0/start').type('form').set('Accept', 'application/json').send({ _csrf: csrf }), 400, 'invalid_meeting_id');
    expectProblem(await agent.get('/meetings/99999/edit').set('Accept', 'application/json'), 404, 'meeting_not_found');
    expectProblem(await agent.post('/meetings/99999/delete').type('form').set('Accept', 'application/json').send({ _csrf: csrf }), 404, 'meeting_not_found');
    expectProblem(await agent.post('/meetings').type('form').set('Accept', 'application/json').send(form('wrong')), 403, 'csrf_failed');
    const meeting = await createMeeting(ctx, staff.user);
    expectProblem(await agent.post(`/meetings/${meeting.id}/start`).type('form').set('Accept', 'application/json').send({}), 403, 'csrf_failed');
    const edit = await agent.post(`/meetings/${meeting.id}/edit`).set('Accept-Language', 'en').type('form').send(form(csrf, { name: '' })).expect(400);
    expect(fieldError(edit.text, 'name')).to.equal('Give a name of 2 to 250 characters.');
    expect(await ctx.services.meetingService.get(staff.user, meeting.id)).to.include({ name: 'Amphi L1' });
  });

  it('answers 409 bbb_no_server when the site has no active server or the meeting’s server is off, storing nothing', async () => {
    const meeting = await createMeeting(ctx, staff.user, { name: 'Sans serveur' });
    const { agent, csrf } = await loggedInAgent(ctx.app, staff.user.username);
    await ctx.services.bbbServers.setActive(server.id, false);
    try {
      const page = await agent.post(`/meetings/${meeting.id}/start`).type('form').set('Accept-Language', 'en').set('Accept', 'text/html').send({ _csrf: csrf }).expect(409);
      expect(page.text).to.contain('No BigBlueButton server is set up for this meeting. Tell an administrator').and.contain('data-code="bbb_no_server"');
      expectProblem(await agent.post(`/meetings/${meeting.id}/end`).type('form').set('Accept', 'application/json').send({ _csrf: csrf }), 409, 'bbb_no_server');
    } finally {
      await ctx.services.bbbServers.setActive(server.id, true);
    }
    const spare = await ctx.services.bbbServers.insert(1, { name: 'Spare', apiUrl: bbb.apiUrl, secret: bbb.secret, checksumAlgorithm: 'sha1' }, { isDefault: false });
    const pinned = await createMeeting(ctx, staff.user, { name: 'Serveur choisi', serverId: spare!.id });
    await ctx.services.bbbServers.setActive(spare!.id, false);
    expectProblem(await agent.post(`/meetings/${pinned.id}/start`).type('form').set('Accept', 'application/json').send({ _csrf: csrf }), 409, 'bbb_no_server');
    expect(await stored(meeting)).to.deep.equal({ internal_meeting_id: null, bbb_create_time: null, last_started_at: null });
    expect(bbb.meeting(meeting.bbbMeetingId)).to.equal(undefined);
  });

  it('shows BBB being down (503 bbb_unavailable) and a wrong secret (503 bbb_checksumError) in words the user understands, storing nothing', async () => {
    const meeting = await createMeeting(ctx, staff.user, { name: 'Panne' });
    const { agent, csrf } = await loggedInAgent(ctx.app, staff.user.username);
    bbb.failNext('create', { kind: 'http', status: 502 }, 3);
    const down = await agent.post(`/meetings/${meeting.id}/start`).type('form').set('Accept-Language', 'fr').set('Accept', 'text/html').send({ _csrf: csrf }).expect(503);
    expect(down.text).to.contain('Le serveur BigBlueButton est injoignable pour le moment').and.contain('data-code="bbb_unavailable"');
    expect(await stored(meeting)).to.deep.equal({ internal_meeting_id: null, bbb_create_time: null, last_started_at: null });

    bbb.failNext('create', { kind: 'malformed' });
    expectProblem(await agent.post(`/meetings/${meeting.id}/start`).type('form').set('Accept', 'application/json').send({ _csrf: csrf }), 503, 'bbb_protocol_error');

    const wrong = await ctx.services.bbbServers.insert(1, { name: 'Wrong secret', apiUrl: bbb.apiUrl, secret: 'not-the-secret-at-all', checksumAlgorithm: 'sha256' }, { isDefault: false });
    const misconfigured = await createMeeting(ctx, staff.user, { name: 'Mauvais secret', serverId: wrong!.id });
    const callsBefore = bbb.calls.length;
    const refused = await agent.post(`/meetings/${misconfigured.id}/start`).type('form').set('Accept-Language', 'en').set('Accept', 'text/html').send({ _csrf: csrf }).expect(503);
    expect(refused.text).to.contain('its settings in Lectern are wrong (secret or checksum algorithm). Tell an administrator.').and.contain('data-code="bbb_checksumError"');
    expect(bbb.calls.slice(callsBefore).map((c) => [c.call, c.checksumOk])).to.deep.equal([['create', false]]);
    expect(await stored(misconfigured)).to.deep.equal({ internal_meeting_id: null, bbb_create_time: null, last_started_at: null });
  });

  it('gives up after one retry of a refused create (503 bbb_<messageKey>), never looping', async () => {
    const meeting = await createMeeting(ctx, staff.user, { name: 'Refusée' });
    const { agent, csrf } = await loggedInAgent(ctx.app, staff.user.username);
    await agent.post(`/meetings/${meeting.id}/start`).type('form').send({ _csrf: csrf }).expect(303);
    const before = await stored(meeting);
    const callsBefore = bbb.calls.length;
    // Two refusals: a retry loop would succeed at its third create; a single retry reports the second refusal.
    bbb.failNext('create', { kind: 'failed', messageKey: 'idNotUnique', message: 'A meeting already exists with that meeting ID.' }, 2);
    const refused = await agent.post(`/meetings/${meeting.id}/start`).type('form').set('Accept-Language', 'en').set('Accept', 'text/html').send({ _csrf: csrf }).expect(503);
    expect(refused.text).to.contain('already has another meeting with this identifier').and.contain('data-code="bbb_idNotUnique"');
    expect(bbb.calls.slice(callsBefore).map((c) => c.call)).to.deep.equal(['create', 'end', 'create']);
    expect(await stored(meeting)).to.deep.equal(before);
  });

  it('shows the invitation page’s BBB problem (503) rather than a wrong “not started”', async () => {
    const meeting = await createMeeting(ctx, staff.user, { name: 'Invitation en panne', audience: 'anyone' });
    bbb.failNext('getMeetingInfo', { kind: 'http', status: 500 }, 3);
    expectProblem(await request(ctx.app).get(invitePath(ctx, meeting)).set('Accept', 'application/json'), 503, 'bbb_unavailable');
  });

  it('limits joins through invitation links per address and meeting (429 too_many_join_attempts)', async () => {
    const limited = await buildTestApp({ LOGIN_RATE_LIMIT: '1' });
    try {
      const owner = await createUser(limited, { username: 'rate.owner' });
      const first = await createMeeting(limited, owner.user, { name: 'Très demandée', audience: 'anyone' });
      const second = await createMeeting(limited, owner.user, { name: 'Autre', audience: 'anyone' });
      for (let attempt = 0; attempt < 30; attempt += 1) await request(limited.app).post(invitePath(limited, first)).type('form').send({ full_name: `Guest ${attempt}` }).expect(303);
      expectProblem(await request(limited.app).post(invitePath(limited, first)).type('form').set('Accept', 'application/json').send({ full_name: 'One more' }), 429, 'too_many_join_attempts');
      await request(limited.app).post(invitePath(limited, second)).type('form').send({ full_name: 'Elsewhere' }).expect(303);
      await request(limited.app).get(invitePath(limited, first)).expect(200);
    } finally {
      await limited.close();
    }
  });
});
