import { expect } from 'chai';
import request from 'supertest';
import type { BbbServer } from '../../server/src/domain/meetings/bbb-server.js';
import { addBbbServer, addMeeting, importRowsOf, type TestMeeting } from '../helpers/bbb-recordings.js';
import { startBbbServer, type BbbServerDouble } from '../helpers/bbb-server/index.js';
import { createUser, type UserWithToken } from '../helpers/factories.js';
import { expectProblem } from '../helpers/problem.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { csrfFrom, loggedInAgent } from '../helpers/web-session.js';

type Agent = Awaited<ReturnType<typeof loggedInAgent>>['agent'];

/** The refusal shown on the page the form came back to: its code. */
const refusalCode = (page: string): string | null => /<div class="flash flash-error" role="alert" data-code="([^"]+)">/.exec(page)?.[1] ?? null;

describe('recordings pages refusals', () => {
  let ctx: TestApp;
  let bbb: BbbServerDouble;
  let server: BbbServer;
  let teacher: UserWithToken;
  let colleague: UserWithToken;
  let student: UserWithToken;
  let admin: UserWithToken;
  let mine: TestMeeting;
  let theirs: TestMeeting;
  let recordId: string;
  let theirRecordId: string;
  let agent: Agent;
  let csrf: string;

  before(async () => {
    ctx = await buildTestApp({ BBB_RETRIES: '0' });
    bbb = await startBbbServer({});
    server = await addBbbServer(ctx, bbb, { name: 'BBB Sciences', isDefault: true });
    teacher = await createUser(ctx, { role: 'staff' });
    colleague = await createUser(ctx, { role: 'staff' });
    student = await createUser(ctx, { role: 'student' });
    admin = await createUser(ctx, { role: 'admin' });
    mine = await addMeeting(ctx, teacher.user);
    theirs = await addMeeting(ctx, colleague.user);
    recordId = (await bbb.addRecording({ meetingID: mine.bbbMeetingId, formats: ['video'] })).recordID;
    theirRecordId = (await bbb.addRecording({ meetingID: theirs.bbbMeetingId, formats: ['video'] })).recordID;
    ({ agent, csrf } = await loggedInAgent(ctx.app, teacher.user.username));
  });
  after(async () => {
    await bbb?.close();
    await ctx?.close();
  });

  const json = (req: request.Test) => req.set('Accept', 'application/json');
  const importForm = (fields: Record<string, string>) => agent.post('/meetings/recordings/import').type('form').send({ _csrf: csrf, server: String(server.id), record: recordId, ...fields });

  it('sends visitors to the login page', async () => {
    await request(ctx.app).get('/meetings/recordings').expect(303).expect('Location', '/login?next=%2Fmeetings%2Frecordings');
    await request(ctx.app).get(`/admin/bbb/servers/${server.id}/recordings`).expect(303);
  });

  it('refuses students "My recordings" (403 recordings_staff_only) and staff a server’s recordings (403 admin_only)', async () => {
    const studentAgent = (await loggedInAgent(ctx.app, student.user.username)).agent;
    expectProblem(await json(studentAgent.get('/meetings/recordings')), 403, 'recordings_staff_only');
    const page = await studentAgent.get('/my/videos').expect(200);
    expectProblem(await json(studentAgent.post('/meetings/recordings/import').type('form').send({ _csrf: csrfFrom(page.text), server: String(server.id), record: recordId })), 403, 'recordings_staff_only');
    expectProblem(await json(agent.get(`/admin/bbb/servers/${server.id}/recordings`)), 403, 'admin_only');
    const html = await agent.get(`/admin/bbb/servers/${server.id}/recordings`).set('Accept', 'text/html').expect(403);
    expect(html.text).to.contain('role="alert"');
  });

  it('refuses bad query values with 400 and their code', async () => {
    for (const value of ['abc', '0', '-1', '1.5']) expectProblem(await json(agent.get(`/meetings/recordings?meeting=${value}`)), 400, 'invalid_meeting_filter');
    expectProblem(await json(agent.get(`/meetings/recordings?meeting=${theirs.id}`)), 404, 'meeting_not_found');
    const adminAgent = (await loggedInAgent(ctx.app, admin.user.username)).agent;
    for (const value of ['abc', '-1', '2000000', '1e3']) expectProblem(await json(adminAgent.get(`/admin/bbb/servers/${server.id}/recordings?offset=${value}`)), 400, 'invalid_recordings_offset');
    expectProblem(await json(adminAgent.get('/admin/bbb/servers/abc/recordings')), 400, 'invalid_bbb_server_id');
    expectProblem(await json(adminAgent.get('/admin/bbb/servers/99999/recordings')), 404, 'bbb_server_not_found');
  });

  it('refuses an import form without the CSRF token, or with a bad server or record id, and imports nothing', async () => {
    expectProblem(await json(agent.post('/meetings/recordings/import').type('form').send({ server: String(server.id), record: recordId })), 403, 'csrf_failed');
    expectProblem(await json(importForm({ server: 'abc' })), 400, 'invalid_bbb_server_id');
    for (const record of ['', 'with space', 'a,b', 'x'.repeat(257)]) expectProblem(await json(importForm({ record })), 400, 'invalid_record_id');
    expectProblem(await json(importForm({ server: '99999' })), 404, 'bbb_server_not_found');
    expect(await importRowsOf(ctx, recordId)).to.have.length(0);
  });

  it('refuses to import the recording of someone else’s meeting (403 recording_not_yours)', async () => {
    expectProblem(await json(importForm({ record: theirRecordId })), 403, 'recording_not_yours');
    expect(await importRowsOf(ctx, theirRecordId)).to.have.length(0);
  });

  it('shows on the page a recording gone from BBB, one not published yet, and a BBB server down, each with its code', async () => {
    const cases: [Record<string, string>, string, (() => void)?][] = [
      [{ record: 'gone-1700000000000' }, 'bbb_recording_not_found'],
      [{ record: (await bbb.addRecording({ meetingID: mine.bbbMeetingId, formats: ['video'], state: 'processing' })).recordID }, 'bbb_recording_not_ready'],
      [{}, 'bbb_unavailable', () => bbb.failNext('getRecordings', { kind: 'http', status: 503 })],
    ];
    for (const [fields, code, prepare] of cases) {
      prepare?.();
      await importForm(fields).expect(303).expect('Location', '/meetings/recordings');
      const page = await agent.get('/meetings/recordings').set('Accept-Language', 'en').expect(200);
      expect(refusalCode(page.text), code).to.equal(code);
      expect(page.text).to.contain(`(code: ${code})`);
    }
    expect(await importRowsOf(ctx, recordId)).to.have.length(0);
  });

  it('comes back only to a recordings page, whatever `back` says', async () => {
    for (const back of ['https://evil.example/', '//evil.example/meetings/recordings', '/my/videos', '/meetings/recordings/../../my']) {
      await importForm({ record: 'gone-1700000000000', back }).expect(303).expect('Location', '/meetings/recordings');
    }
    await importForm({ record: 'gone-1700000000000', back: `/admin/bbb/servers/${server.id}/recordings?offset=50` }).expect(303).expect('Location', `/admin/bbb/servers/${server.id}/recordings?offset=50`);
  });

  it('refuses a retry of an unknown, someone else’s or an unfailed import', async () => {
    expectProblem(await json(agent.post('/meetings/recordings/imports/abc/retry').type('form').send({ _csrf: csrf })), 400, 'invalid_recording_import_id');
    expectProblem(await json(agent.post('/meetings/recordings/imports/99999/retry').type('form').send({ _csrf: csrf })), 404, 'bbb_import_not_found');
    const colleagueAgent = await loggedInAgent(ctx.app, colleague.user.username);
    const theirPage = await colleagueAgent.agent.get('/meetings/recordings').expect(200);
    await colleagueAgent.agent.post('/meetings/recordings/import').type('form').send({ _csrf: csrfFrom(theirPage.text), server: String(server.id), record: theirRecordId }).expect(303);
    const [theirImport] = await importRowsOf(ctx, theirRecordId);
    expectProblem(await json(agent.post(`/meetings/recordings/imports/${theirImport!.id}/retry`).type('form').send({ _csrf: csrf })), 403, 'bbb_import_forbidden');
    await colleagueAgent.agent.post(`/meetings/recordings/imports/${theirImport!.id}/retry`).type('form').send({ _csrf: colleagueAgent.csrf }).expect(303);
    const page = await colleagueAgent.agent.get('/meetings/recordings').expect(200);
    expect(refusalCode(page.text)).to.equal('bbb_import_not_failed');
  });
});
