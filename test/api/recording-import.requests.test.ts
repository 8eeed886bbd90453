import { expect } from 'chai';
import type { BbbServer } from '../../server/src/domain/meetings/bbb-server.js';
import { addBbbServer, addMeeting, importRowsOf } from '../helpers/bbb-recordings.js';
import { startBbbServer, type BbbServerDouble } from '../helpers/bbb-server/index.js';
import { createUser, type UserWithToken } from '../helpers/factories.js';
import { importJobCount, recordingOf, refusalOf, requestImport } from '../helpers/recording-imports.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

/** Import requests (the pages' and the callback's): what they refuse, which meeting and owner they find, when they queue again. */
describe('requesting a BBB recording import', () => {
  let ctx: TestApp;
  let bbb: BbbServerDouble;
  let server: BbbServer;
  let teacher: UserWithToken;

  before(async () => {
    // No job consumer: requests are checked, their jobs stay queued.
    ctx = await buildTestApp({ BBB_RETRIES: '0' });
    bbb = await startBbbServer({});
    server = await addBbbServer(ctx, bbb, { isDefault: true });
    teacher = await createUser(ctx, { role: 'staff' });
  });

  after(async () => {
    await bbb.close();
    await ctx.close();
  });

  /** A recording of a teacher's meeting, its import queued by the teacher. */
  async function queueOne() {
    const meeting = await addMeeting(ctx, teacher.user);
    const recording = await bbb.addRecording({ meetingID: meeting.bbbMeetingId, formats: ['video'] });
    const { import: queued } = await requestImport(ctx, server, recording.recordID, teacher.user.id);
    return { recording, queued };
  }

  /** The import done, as if its job had run: its video (the teacher's). */
  async function markImported(importId: number) {
    const video = await ctx.services.videoService.create(teacher.user, { title: 'Imported' });
    await ctx.services.recordingImportRepository.startAttempt(importId);
    await ctx.services.recordingImportRepository.finish(importId, { videoId: video.id, captions: 0, bytesReceived: 10 });
    return video;
  }

  it('refuses a presentation-only recording, saying why, and records nothing', async () => {
    const meeting = await addMeeting(ctx, teacher.user);
    const recording = await bbb.addRecording({ meetingID: meeting.bbbMeetingId, formats: ['presentation'] });
    const refusal = await refusalOf(requestImport(ctx, server, recording.recordID, teacher.user.id));
    expect(refusal).to.include({ status: 422, code: 'bbb_no_video_format' });
    expect(refusal.message).to.contain('presentation').and.to.contain('bbb-playback-video').and.to.contain('administrator');
    expect(await importRowsOf(ctx, recording.recordID)).to.have.length(0);
  });

  it('refuses a recording BBB is still processing, and one deleted since it was listed', async () => {
    const meeting = await addMeeting(ctx, teacher.user);
    const processing = await bbb.addRecording({ meetingID: meeting.bbbMeetingId, formats: ['video'], state: 'processing' });
    expect(await refusalOf(requestImport(ctx, server, processing.recordID, teacher.user.id))).to.include({ status: 409, code: 'bbb_recording_not_ready' });
    const deleted = await bbb.addRecording({ meetingID: meeting.bbbMeetingId, formats: ['video'], state: 'deleted' });
    expect(await refusalOf(requestImport(ctx, server, deleted.recordID, teacher.user.id))).to.include({ status: 404, code: 'bbb_recording_gone' });
    expect(await importRowsOf(ctx, processing.recordID)).to.have.length(0);
    expect(await importRowsOf(ctx, deleted.recordID)).to.have.length(0);
  });

  it('never imports a recording twice: a second request is a conflict naming the import, a duplicate callback is ignored', async () => {
    const { recording, queued } = await queueOne();
    const refusal = await refusalOf(requestImport(ctx, server, recording.recordID, teacher.user.id));
    expect(refusal).to.include({ status: 409, code: 'bbb_recording_already_imported' });
    expect(refusal.params).to.include({ importId: queued.id, status: 'queued' });
    const callback = await requestImport(ctx, server, recording.recordID, teacher.user.id, 'callback');
    expect(callback).to.deep.include({ created: false });
    expect(callback.import.id).to.equal(queued.id);
    expect(await importRowsOf(ctx, recording.recordID)).to.have.length(1);
    expect(await importJobCount(ctx, queued.id)).to.equal(1);
  });

  it('carries the video id when the recording was already imported', async () => {
    const { recording, queued } = await queueOne();
    const video = await markImported(queued.id);
    const refusal = await refusalOf(requestImport(ctx, server, recording.recordID, teacher.user.id));
    expect(refusal).to.include({ status: 409, code: 'bbb_recording_already_imported' });
    expect(refusal.params).to.include({ importId: queued.id, status: 'done', videoId: video.id });
  });

  it('finds the meeting by the recording’s meetingID, or by its lectern-meeting tag only when lectern-site is this server’s site', async () => {
    const meeting = await addMeeting(ctx, teacher.user);
    const other = await createUser(ctx, { role: 'staff' });
    const cases: [string, { meetingID: string; metadata?: Record<string, string> }, number | null][] = [
      ['its meetingID is ours', { meetingID: meeting.bbbMeetingId }, meeting.id],
      ['its meetingID is ours, whatever the tag says', { meetingID: meeting.bbbMeetingId, metadata: { 'lectern-meeting': '999999', 'lectern-site': String(server.siteId) } }, meeting.id],
      ['tagged with our meeting and site', { meetingID: 'renamed-by-bbb', metadata: { 'lectern-meeting': String(meeting.id), 'lectern-site': String(server.siteId) } }, meeting.id],
      ['tagged with another site', { meetingID: 'renamed-by-bbb', metadata: { 'lectern-meeting': String(meeting.id), 'lectern-site': String(server.siteId + 1) } }, null],
      ['tagged without a site', { meetingID: 'renamed-by-bbb', metadata: { 'lectern-meeting': String(meeting.id) } }, null],
      ['tagged with the BBB meetingID', { meetingID: 'renamed-by-bbb', metadata: { 'lectern-meeting': meeting.bbbMeetingId, 'lectern-site': String(server.siteId) } }, null],
      ['tagged with a number too large for an id', { meetingID: 'renamed-by-bbb', metadata: { 'lectern-meeting': '99999999999', 'lectern-site': String(server.siteId) } }, null],
    ];
    for (const [what, spec, meetingId] of cases) {
      const recording = await bbb.addRecording({ ...spec, formats: ['video'] });
      const { import: queued } = await requestImport(ctx, server, recording.recordID, other.user.id);
      expect({ what, meetingId: queued.meetingId, ownerId: queued.ownerId }).to.deep.equal({ what, meetingId, ownerId: meetingId === null ? other.user.id : teacher.user.id });
    }
  });

  it('re-queues a failed import, and one whose video was deleted, when BBB calls back again; ignores the callback otherwise', async () => {
    const imports = ctx.services.recordingImportService;
    const repository = ctx.services.recordingImportRepository;
    const callback = (recordID: string) => requestImport(ctx, server, recordID, teacher.user.id, 'callback');

    const failed = await queueOne();
    await repository.fail(failed.queued.id, { code: 'bbb_download_failed', message: 'cut' });
    const again = await callback(failed.recording.recordID);
    expect(again.created).to.equal(true);
    expect(again.import).to.include({ id: failed.queued.id, status: 'queued', errorCode: null, requestedBy: teacher.user.id });
    expect(await importJobCount(ctx, failed.queued.id)).to.equal(2);

    const deleted = await queueOne();
    const video = await markImported(deleted.queued.id);
    expect(await callback(deleted.recording.recordID)).to.deep.include({ created: false });
    await ctx.services.videoService.remove(teacher.user, video.id);
    const reimported = await callback(deleted.recording.recordID);
    expect(reimported.created).to.equal(true);
    expect(reimported.import).to.include({ id: deleted.queued.id, status: 'queued', videoId: null });
    expect(await importRowsOf(ctx, deleted.recording.recordID)).to.have.length(1);
    expect((await imports.findById(deleted.queued.id)).status).to.equal('queued');
  });

  it('refuses a callback for a recording no one asked for and no Lectern meeting owns', async () => {
    const recording = await bbb.addRecording({ meetingID: 'unknown-meeting', formats: ['video'] });
    const refusal = await refusalOf(ctx.services.recordingImportService.request({ server, recording: await recordingOf(ctx, server, recording.recordID), requestedBy: null, trigger: 'callback' }));
    expect(refusal).to.include({ status: 400, code: 'bbb_import_no_owner' });
    expect(await importRowsOf(ctx, recording.recordID)).to.have.length(0);
  });

  it('retries only failed imports, for their owner, requester or an administrator, re-queuing the same row', async () => {
    const { recording, queued } = await queueOne();
    const imports = ctx.services.recordingImportService;
    expect(await refusalOf(imports.retry(teacher.user, queued.id))).to.include({ status: 409, code: 'bbb_import_not_failed' });
    expect(await refusalOf(imports.retry(teacher.user, 999_999))).to.include({ status: 404, code: 'bbb_import_not_found' });
    await ctx.services.recordingImportRepository.startAttempt(queued.id);
    await ctx.services.recordingImportRepository.fail(queued.id, { code: 'bbb_unavailable', message: 'down' });
    const stranger = await createUser(ctx, { role: 'staff' });
    expect(await refusalOf(imports.retry(stranger.user, queued.id))).to.include({ status: 403, code: 'bbb_import_forbidden' });

    const admin = await createUser(ctx, { role: 'admin' });
    const again = await imports.retry(admin.user, queued.id);
    expect(again).to.include({ id: queued.id, status: 'queued', attempts: 0, errorCode: null, errorMessage: null, finishedAt: null, requestedBy: admin.user.id });
    expect(await importRowsOf(ctx, recording.recordID)).to.have.length(1);
    expect(await importJobCount(ctx, queued.id)).to.equal(2);
  });

  it('imports a recording again once the video it became was deleted', async () => {
    const { recording, queued } = await queueOne();
    const video = await markImported(queued.id);
    await ctx.services.videoService.remove(teacher.user, video.id);
    const again = await requestImport(ctx, server, recording.recordID, teacher.user.id);
    expect(again.created).to.equal(true);
    expect(again.import).to.include({ id: queued.id, status: 'queued', videoId: null });
    expect(await importRowsOf(ctx, recording.recordID)).to.have.length(1);
  });

  it('re-queues a failed import when the recording is requested again', async () => {
    const { recording, queued } = await queueOne();
    await ctx.services.recordingImportRepository.fail(queued.id, { code: 'bbb_download_failed', message: 'cut' });
    const again = await requestImport(ctx, server, recording.recordID, teacher.user.id);
    expect(again.created).to.equal(true);
    expect(again.import).to.include({ id: queued.id, status: 'queued', errorCode: null });
    expect(await importRowsOf(ctx, recording.recordID)).to.have.length(1);
  });
});
