import http from 'node:http';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import express from 'express';
import { pino } from 'pino';
import type { BbbServer } from '../../server/src/domain/meetings/bbb-server.js';
import { errorHandler } from '../../server/src/http/middlewares/error-handler.js';
import { requestContext } from '../../server/src/http/middlewares/request-context.js';
import { bbbCallbackRoutes } from '../../server/src/http/routes/bbb-callback.routes.js';
import { addBbbServer, addMeeting, importRowsOf, type TestMeeting } from '../helpers/bbb-recordings.js';
import { signHmacJwt, startBbbServer, type BbbServerDouble } from '../helpers/bbb-server/index.js';
import { createUser, type UserWithToken } from '../helpers/factories.js';
import { listenOnLoopback, type RunningServer } from '../helpers/running-server.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

interface LogLine {
  level: number;
  msg: string;
  reason?: string;
  remoteAddress?: string;
  [key: string]: unknown;
}

/**
 * POST /bbb/recording-ready as BBB sends it (the double's sendRecordingReady), answered by the
 * app's callback router on a small app of its own whose logger the test reads.
 */
describe('BBB recording-ready callback', () => {
  let ctx: TestApp;
  let bbb: BbbServerDouble;
  let other: BbbServerDouble;
  let server: BbbServer;
  let otherServer: BbbServer;
  let teacher: UserWithToken;
  let logs: LogLine[];
  let callbackApp: RunningServer;
  let url: string;

  /** The callback router alone, its logs captured; `refusals` sets its rate limit. */
  async function startCallbackApp(refusals?: { limit: number; windowMinutes: number }): Promise<RunningServer> {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(...chunk.toString().split('\n').filter(Boolean).map((line) => JSON.parse(line) as LogLine));
        done();
      },
    });
    const app = express();
    app.use(requestContext(pino({ level: 'info' }, sink), 'en'));
    app.use(bbbCallbackRoutes({ recordingReady: ctx.services.recordingReady, ...(refusals ? { refusals } : {}) }));
    app.use(errorHandler);
    return listenOnLoopback(http.createServer(app));
  }

  before(async () => {
    ctx = await buildTestApp({ BBB_RETRIES: '0' });
    bbb = await startBbbServer({});
    other = await startBbbServer({});
    server = await addBbbServer(ctx, bbb, { name: 'BBB Sciences', isDefault: true });
    otherServer = await addBbbServer(ctx, other, { name: 'BBB ESR' });
    teacher = await createUser(ctx, { role: 'staff' });
    logs = [];
    callbackApp = await startCallbackApp();
    url = `http://127.0.0.1:${callbackApp.port}/bbb/recording-ready`;
  });
  after(async () => {
    await callbackApp?.close();
    await bbb?.close();
    await other?.close();
    await ctx?.close();
  });
  beforeEach(async () => {
    logs.length = 0;
    await ctx.services.bbbServers.setSiteAutoImport(1, true);
  });

  async function recordedMeeting(options: { autoImport?: boolean | null; serverId?: number | null; formats?: ('video' | 'presentation')[]; double?: BbbServerDouble } = {}) {
    const meeting = await addMeeting(ctx, teacher.user, { autoImport: options.autoImport ?? null, serverId: options.serverId ?? null });
    const recording = await (options.double ?? bbb).addRecording({ meetingID: meeting.bbbMeetingId, name: 'Lecture 1', formats: options.formats ?? ['presentation', 'video'] });
    return { meeting, recordId: recording.recordID };
  }

  const claims = (meeting: TestMeeting, recordId: string) => ({ meeting_id: meeting.bbbMeetingId, record_id: recordId });
  const post = (body: string, type = 'application/x-www-form-urlencoded') => fetch(url, { method: 'POST', headers: { 'content-type': type }, body, redirect: 'manual' });
  const refusalLog = () => logs.find((line) => line.msg.startsWith('recording-ready callback refused'));

  it('queues the import of a verified callback (trigger callback, owned by the meeting owner) and answers 202', async () => {
    const { meeting, recordId } = await recordedMeeting();
    const answer = await bbb.sendRecordingReady(url, claims(meeting, recordId));
    expect(answer.status, answer.body).to.equal(202);
    expect(JSON.parse(answer.body)).to.include({ code: 'import_queued' });
    const rows = await importRowsOf(ctx, recordId);
    expect(rows).to.have.length(1);
    expect(rows[0]).to.include({ trigger: 'callback', status: 'queued', owner_id: teacher.user.id, requested_by: null, meeting_id: meeting.id, server_id: server.id });
    expect(logs.some((line) => line.msg === 'recording import queued by the callback' && line.level === 30)).to.equal(true);
  });

  it('imports once when BBB repeats the callback, answering 200', async () => {
    const { meeting, recordId } = await recordedMeeting();
    expect((await bbb.sendRecordingReady(url, claims(meeting, recordId))).status).to.equal(202);
    const again = await bbb.sendRecordingReady(url, claims(meeting, recordId));
    expect(again.status, again.body).to.equal(200);
    expect(JSON.parse(again.body)).to.include({ code: 'already_imported' });
    expect(await importRowsOf(ctx, recordId)).to.have.length(1);
  });

  it('imports again when BBB calls back for a recording whose import failed (published again), answering 202', async () => {
    const { meeting, recordId } = await recordedMeeting();
    expect((await bbb.sendRecordingReady(url, claims(meeting, recordId))).status).to.equal(202);
    const [row] = await importRowsOf(ctx, recordId);
    await ctx.services.recordingImportRepository.fail(row!.id, { code: 'bbb_recording_not_media', message: 'not a video' });
    const again = await bbb.sendRecordingReady(url, claims(meeting, recordId));
    expect(again.status, again.body).to.equal(202);
    expect(JSON.parse(again.body)).to.include({ code: 'import_queued' });
    const rows = await importRowsOf(ctx, recordId);
    expect(rows).to.have.length(1);
    expect(rows[0]).to.include({ id: row!.id, status: 'queued', error_code: null, trigger: 'callback' });
  });

  const refusals: [string, (meeting: TestMeeting, recordId: string) => Promise<{ status: number; body: string }>, string][] = [
    ['a forged signature', (m, r) => bbb.sendRecordingReady(url, claims(m, r), { tamper: true }), 'bad_signature'],
    ['another secret', (m, r) => bbb.sendRecordingReady(url, claims(m, r), { secret: 'not-the-shared-secret-of-this-server' }), 'bad_signature'],
    ['alg none', (m, r) => bbb.sendRecordingReady(url, claims(m, r), { alg: 'none' }), 'unsupported_alg'],
    ['HS512', (m, r) => bbb.sendRecordingReady(url, claims(m, r), { alg: 'HS512' }), 'unsupported_alg'],
    ['a missing record_id', (m) => post(new URLSearchParams({ signed_parameters: signHmacJwt({ meeting_id: m.bbbMeetingId }, bbb.secret) }).toString()).then(text), 'missing_claims'],
    ['garbage', () => post('signed_parameters=garbage').then(text), 'malformed'],
    ['no signed_parameters', () => post('other=1').then(text), 'missing'],
    ['a JSON body', (m, r) => post(JSON.stringify({ signed_parameters: signHmacJwt(claims(m, r), bbb.secret) }), 'application/json').then(text), 'missing'],
  ];

  for (const [what, send, reason] of refusals) {
    it(`refuses ${what} with 401 bbb_callback_unverified, records nothing and logs why (without the token)`, async () => {
      const { meeting, recordId } = await recordedMeeting();
      const answer = await send(meeting, recordId);
      expect(answer.status, answer.body).to.equal(401);
      expect(JSON.parse(answer.body)).to.deep.equal({ code: 'bbb_callback_unverified' });
      expect(await importRowsOf(ctx, recordId)).to.have.length(0);
      const line = refusalLog();
      expect(line, JSON.stringify(logs)).to.not.equal(undefined);
      expect(line).to.include({ level: 40, reason, remoteAddress: '127.0.0.1' });
      expect(JSON.stringify(logs)).to.not.contain(signHmacJwt(claims(meeting, recordId), bbb.secret).split('.')[2]);
    });
  }

  it('verifies with the secret of the meeting’s own server, not another server of ours', async () => {
    const { meeting, recordId } = await recordedMeeting({ serverId: otherServer.id, double: other });
    const signedByDefault = await bbb.sendRecordingReady(url, claims(meeting, recordId));
    expect(signedByDefault.status).to.equal(401);
    expect(refusalLog()).to.include({ reason: 'bad_signature' });
    const genuine = await other.sendRecordingReady(url, claims(meeting, recordId));
    expect(genuine.status, genuine.body).to.equal(202);
    expect((await importRowsOf(ctx, recordId))[0]).to.include({ server_id: otherServer.id });
  });

  it('accepts the callbacks of the server a meeting ran on after the default moved away and it was deactivated, and of its server now, not of a third one', async () => {
    const third = await startBbbServer({});
    const thirdServer = await addBbbServer(ctx, third, { name: 'BBB Third' });
    try {
      // Started on the default server (bbb), recorded there; then the default moves and the former one is deactivated.
      const { meeting, recordId } = await recordedMeeting();
      await ctx.services.meetingSessions.start(teacher.user, await ctx.services.meetingService.get(teacher.user, meeting.id));
      await ctx.services.bbbServers.setDefault(otherServer.id);
      await ctx.services.bbbServers.setActive(server.id, false);

      const ranOn = await bbb.sendRecordingReady(url, claims(meeting, recordId));
      expect(ranOn.status, ranOn.body).to.equal(202);
      expect((await importRowsOf(ctx, recordId))[0]).to.include({ trigger: 'callback', server_id: server.id, meeting_id: meeting.id, owner_id: teacher.user.id });

      const later = await other.addRecording({ meetingID: meeting.bbbMeetingId, formats: ['video'] });
      const now = await other.sendRecordingReady(url, claims(meeting, later.recordID));
      expect(now.status, now.body).to.equal(202);
      expect((await importRowsOf(ctx, later.recordID))[0]).to.include({ server_id: otherServer.id, meeting_id: meeting.id });

      const foreign = await third.addRecording({ meetingID: meeting.bbbMeetingId, formats: ['video'] });
      const refused = await third.sendRecordingReady(url, claims(meeting, foreign.recordID));
      expect(refused.status).to.equal(401);
      expect(JSON.parse(refused.body)).to.deep.equal({ code: 'bbb_callback_unverified' });
      expect(refusalLog()).to.include({ reason: 'bad_signature' });
      expect(await importRowsOf(ctx, foreign.recordID)).to.have.length(0);
    } finally {
      await ctx.services.bbbServers.setActive(server.id, true);
      await ctx.services.bbbServers.setDefault(server.id);
      await ctx.services.bbbServers.remove(thirdServer.id);
      await third.close();
    }
  });

  it('answers 410 to a genuine callback for a meeting that is not ours, 401 when no server of ours signed it', async () => {
    const foreign = { meeting_id: 'moodle-course-42', record_id: 'f00d-1700000000000' };
    const gone = await other.sendRecordingReady(url, foreign);
    expect(gone.status, gone.body).to.equal(410);
    expect(JSON.parse(gone.body)).to.deep.equal({ code: 'bbb_meeting_unknown' });
    const unknown = await other.sendRecordingReady(url, foreign, { secret: 'a-secret-no-server-of-ours-has' });
    expect(unknown.status).to.equal(401);
    expect(await importRowsOf(ctx, foreign.record_id)).to.have.length(0);
  });

  it('follows the meeting’s choice over the site’s: on at the meeting with the site off imports, off at the meeting with the site on does not', async () => {
    await ctx.services.bbbServers.setSiteAutoImport(1, false);
    const onHere = await recordedMeeting({ autoImport: true });
    expect((await bbb.sendRecordingReady(url, claims(onHere.meeting, onHere.recordId))).status).to.equal(202);
    const siteChoice = await recordedMeeting();
    expect((await bbb.sendRecordingReady(url, claims(siteChoice.meeting, siteChoice.recordId))).status).to.equal(204);

    await ctx.services.bbbServers.setSiteAutoImport(1, true);
    const offHere = await recordedMeeting({ autoImport: false });
    const answer = await bbb.sendRecordingReady(url, claims(offHere.meeting, offHere.recordId));
    expect(answer.status).to.equal(204);
    expect(answer.body).to.equal('');
    expect(await importRowsOf(ctx, onHere.recordId)).to.have.length(1);
    expect(await importRowsOf(ctx, siteChoice.recordId)).to.have.length(0);
    expect(await importRowsOf(ctx, offHere.recordId)).to.have.length(0);
    expect(logs.filter((line) => line.msg === 'recording ready; automatic import is off for this meeting' && line.level === 30)).to.have.length(2);
  });

  it('answers 204 to a presentation-only recording, imports nothing and logs it', async () => {
    const { meeting, recordId } = await recordedMeeting({ formats: ['presentation'] });
    const answer = await bbb.sendRecordingReady(url, claims(meeting, recordId));
    expect(answer.status).to.equal(204);
    expect(await importRowsOf(ctx, recordId)).to.have.length(0);
    expect(logs.some((line) => line.msg.startsWith('recording ready without the video format') && line.recordId === recordId)).to.equal(true);
  });

  it('answers 404 when the server does not list the recording, so that BBB retries', async () => {
    const meeting = await addMeeting(ctx, teacher.user);
    const answer = await bbb.sendRecordingReady(url, { meeting_id: meeting.bbbMeetingId, record_id: 'not-there-1700000000000' });
    expect(answer.status).to.equal(404);
    expect(JSON.parse(answer.body)).to.deep.equal({ code: 'bbb_recording_not_found' });
  });

  it('answers 503 while the BBB API is unavailable (BBB retries), then imports when it is back', async () => {
    const { meeting, recordId } = await recordedMeeting();
    bbb.failNext('getRecordings', { kind: 'http', status: 503 });
    const down = await bbb.sendRecordingReady(url, claims(meeting, recordId));
    expect(down.status).to.equal(503);
    expect(JSON.parse(down.body)).to.deep.equal({ code: 'bbb_unavailable' });
    expect(await importRowsOf(ctx, recordId)).to.have.length(0);
    expect(logs.some((line) => line.level === 50 && line.code === 'bbb_unavailable')).to.equal(true);
    expect((await bbb.sendRecordingReady(url, claims(meeting, recordId))).status).to.equal(202);
  });

  it('answers 503 while the recording is not published yet', async () => {
    const meeting = await addMeeting(ctx, teacher.user);
    const recording = await bbb.addRecording({ meetingID: meeting.bbbMeetingId, formats: ['video'], state: 'processed' });
    const answer = await bbb.sendRecordingReady(url, claims(meeting, recording.recordID));
    expect(answer.status).to.equal(503);
    expect(JSON.parse(answer.body)).to.deep.equal({ code: 'bbb_recording_not_ready' });
  });

  it('limits refused callbacks per address with 429 too_many_attempts', async () => {
    const limited = await startCallbackApp({ limit: 2, windowMinutes: 15 });
    try {
      const target = `http://127.0.0.1:${limited.port}/bbb/recording-ready`;
      const forged = () => fetch(target, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'signed_parameters=forged' });
      expect((await forged()).status).to.equal(401);
      expect((await forged()).status).to.equal(401);
      const blocked = await forged();
      expect(blocked.status).to.equal(429);
      expect(((await blocked.json()) as { code: string }).code).to.equal('too_many_attempts');
    } finally {
      await limited.close();
    }
  });

  it('is mounted in the app before sessions and CSRF: no cookie, no redirect', async () => {
    const running = await listenOnLoopback(http.createServer(ctx.app));
    try {
      const { meeting, recordId } = await recordedMeeting();
      const appUrl = `http://127.0.0.1:${running.port}/bbb/recording-ready`;
      const response = await fetch(appUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ signed_parameters: signHmacJwt(claims(meeting, recordId), bbb.secret) }).toString(),
        redirect: 'manual',
      });
      expect(response.status).to.equal(202);
      expect(response.headers.get('set-cookie')).to.equal(null);
      const forged = await fetch(appUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'signed_parameters=x', redirect: 'manual' });
      expect(forged.status).to.equal(401);
      expect(((await forged.json()) as { code: string }).code).to.equal('bbb_callback_unverified');
    } finally {
      await running.close();
    }
  });
});

async function text(response: Response): Promise<{ status: number; body: string }> {
  return { status: response.status, body: await response.text() };
}
