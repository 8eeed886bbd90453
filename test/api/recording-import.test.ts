import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import type { BbbServer } from '../../server/src/domain/meetings/bbb-server.js';
import { addBbbServer, addMeeting } from '../helpers/bbb-recordings.js';
import { startBbbServer, type BbbServerDouble } from '../helpers/bbb-server/index.js';
import { readVideo, waitForVideo } from '../helpers/encoding.js';
import { createUser, type UserWithToken } from '../helpers/factories.js';
import { exists, importJobCount, partFileOf, refusalOf, requestImport, waitForImport } from '../helpers/recording-imports.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

const VTT_FR = 'WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nBonjour à toutes et à tous.\n';
const VTT_EN = 'WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nHello everyone.\n';
const RECORDED = new Date('2025-03-04T12:00:00Z');

/** The BBB double's requests outside the API for one recording: method, path (no query) and status. */
function mediaRequestsOf(bbb: BbbServerDouble, recordID: string): string[] {
  return bbb.mediaRequests.filter((r) => r.path.includes(recordID)).map((r) => `${r.method} ${r.path.replace(recordID, '<id>')} ${r.range ?? '-'} ${r.status}`);
}

/** Whether the import's job is removed (polled: Agenda removes it after the handler returns). */
async function jobGone(ctx: TestApp, importId: number, timeoutMs = 10_000): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 50))) {
    if ((await importJobCount(ctx, importId)) === 0) return true;
  }
  return false;
}

describe('BBB recording import (job, download, video, captions)', () => {
  let ctx: TestApp;
  let bbb: BbbServerDouble;
  let server: BbbServer;
  let teacher: UserWithToken;
  let admin: UserWithToken;

  before(async () => {
    ctx = await buildTestApp({ BBB_RETRIES: '0', BBB_TIMEOUT_SECONDS: '2' }, undefined, { bbbJobs: true, workers: 1 });
    bbb = await startBbbServer({});
    server = await addBbbServer(ctx, bbb, { isDefault: true });
    teacher = await createUser(ctx, { role: 'staff' });
    admin = await createUser(ctx, { role: 'admin' });
  });

  after(async () => {
    await bbb.close();
    await ctx.close();
  });

  it('makes a draft video of the meeting’s owner with the recording’s name, date and captions, and encodes it', async () => {
    const meeting = await addMeeting(ctx, teacher.user, { name: 'Chimie organique' });
    const recording = await bbb.addRecording({
      meetingID: meeting.bbbMeetingId,
      name: 'Chimie organique — séance 3',
      startTime: RECORDED,
      endTime: new Date(RECORDED.getTime() + 3600_000),
      formats: ['presentation', 'video'],
      captions: [
        { locale: 'fr', vtt: VTT_FR, label: 'Français' },
        { locale: 'en', vtt: VTT_EN, label: 'English' },
      ],
    });
    const { import: queued, created } = await requestImport(ctx, server, recording.recordID, admin.user.id);
    expect(created).to.equal(true);
    expect(queued).to.include({ status: 'queued', ownerId: teacher.user.id, requestedBy: admin.user.id, meetingId: meeting.id, name: 'Chimie organique — séance 3', trigger: 'manual' });
    expect(queued.recordedAt.toISOString()).to.equal(RECORDED.toISOString());

    const done = await waitForImport(ctx, queued.id);
    expect(done).to.include({ status: 'done', captions: 2, bytesReceived: recording.mediaSize, bytesExpected: recording.mediaSize, errorCode: null, attempts: 1 });
    expect(done.mediaUrl).to.equal(`${bbb.origin}/playback/video/${recording.recordID}/video-0.m4v`);
    expect(done.finishedAt).to.be.instanceOf(Date);

    const video = (await readVideo(ctx, done.videoId!))!;
    expect(video.owner.id).to.equal(teacher.user.id);
    expect(video).to.include({ title: 'Chimie organique — séance 3', isDraft: true, dateEvt: '2025-03-04' });
    // The description names the meeting (its own name), the title the recording.
    expect(video.description).to.contain('« Chimie organique »').and.to.contain('BigBlueButton').and.not.to.contain('séance 3');
    // The stored source is the recording's file, byte for byte.
    expect(video.source!.size).to.equal(recording.mediaSize);
    expect((await ctx.services.storage.readFile(video.source!.key)).equals(await readFile(recording.mediaPath))).to.equal(true);

    const tracks = await ctx.services.enrichmentService.tracks.list(teacher.user, video.id);
    expect(tracks.map((t) => [t.kind, t.lang, t.label, t.origin, t.cueCount]).sort()).to.deep.equal([
      ['captions', 'en', 'English', 'import', 1],
      ['captions', 'fr', 'Français', 'import', 1],
    ]);
    expect(await exists(partFileOf(ctx, done.id))).to.equal(false);
    expect(mediaRequestsOf(bbb, recording.recordID)).to.deep.equal([
      'GET /playback/video/<id>/ - 200',
      'HEAD /playback/video/<id>/video-0.m4v - 200',
      'GET /playback/video/<id>/video-0.m4v - 200',
      'GET /playback/video/<id>/caption_fr.vtt - 200',
      'GET /playback/video/<id>/caption_en.vtt - 200',
    ]);
    expect((await waitForVideo(ctx, video.id, ['ready', 'failed'])).status).to.equal('ready');
  });

  it('follows a Scalelite protected recording’s single-use token link and downloads with its access cookie', async () => {
    const meeting = await addMeeting(ctx, teacher.user);
    const recording = await bbb.addRecording({ meetingID: meeting.bbbMeetingId, formats: ['video'], viaToken: true, captions: [{ locale: 'fr', vtt: VTT_FR }] });
    const { import: queued } = await requestImport(ctx, server, recording.recordID, teacher.user.id);
    const done = await waitForImport(ctx, queued.id);
    expect(done).to.include({ status: 'done', captions: 1, bytesReceived: recording.mediaSize });
    expect(done.mediaUrl).to.equal(`${bbb.origin}/video/${recording.recordID}/video-0.m4v`);
    expect(mediaRequestsOf(bbb, recording.recordID)).to.deep.equal([
      'GET /recording/<id>/video - 307',
      'GET /playback/video/<id>/ - 307',
      'GET /video/<id>/ - 200',
      'HEAD /video/<id>/video-0.m4v - 200',
      'GET /video/<id>/video-0.m4v - 200',
      'GET /video/<id>/caption_fr.vtt - 200',
    ]);
    const video = (await readVideo(ctx, done.videoId!))!;
    expect(video.source!.size).to.equal(recording.mediaSize);
  });

  it('imports a recording of a meeting Lectern does not know as the requester’s, and one tagged with lectern-meeting as its meeting owner’s', async () => {
    const foreign = await bbb.addRecording({ meetingID: 'moodle-course-42', name: 'Cours Moodle', formats: ['video'] });
    const mine = await waitForImport(ctx, (await requestImport(ctx, server, foreign.recordID, admin.user.id)).import.id);
    expect(mine).to.include({ status: 'done', ownerId: admin.user.id, meetingId: null });
    expect((await readVideo(ctx, mine.videoId!))!.description).to.contain('« Cours Moodle »');

    // Tagged as bbbCreateParams tags our meetings: our meeting's numeric id, and its site's.
    const meeting = await addMeeting(ctx, teacher.user, { name: 'Séminaire de physique' });
    const tagged = await bbb.addRecording({ meetingID: 'renamed-by-bbb', name: 'Enregistrement', formats: ['video'], metadata: { 'lectern-meeting': String(meeting.id), 'lectern-site': String(server.siteId) } });
    const theirs = await waitForImport(ctx, (await requestImport(ctx, server, tagged.recordID, admin.user.id)).import.id);
    expect(theirs).to.include({ status: 'done', ownerId: teacher.user.id, meetingId: meeting.id, name: 'Enregistrement' });
    const video = (await readVideo(ctx, theirs.videoId!))!;
    expect(video.owner.id).to.equal(teacher.user.id);
    expect(video.description).to.contain('« Séminaire de physique »');
  });

  it('dates the video on the meetings’ clocks (Europe/Paris): a recording started at 23:30 UTC in winter is of the next day', async () => {
    const meeting = await addMeeting(ctx, teacher.user, { name: 'Cours du soir' });
    const startTime = new Date('2025-01-13T23:30:00Z');
    const recording = await bbb.addRecording({ meetingID: meeting.bbbMeetingId, name: 'Séance 12', startTime, endTime: new Date(startTime.getTime() + 3600_000), formats: ['video'] });
    const done = await waitForImport(ctx, (await requestImport(ctx, server, recording.recordID, teacher.user.id)).import.id);
    const video = (await readVideo(ctx, done.videoId!))!;
    expect(video.dateEvt).to.equal('2025-01-14');
    expect(video.description).to.contain('« Cours du soir »').and.to.contain('mardi 14 janvier 2025 à 00:30');
  });

  it('lists imports for the recordings pages: by record id, and the owner’s recent ones', async () => {
    const meeting = await addMeeting(ctx, teacher.user);
    const recording = await bbb.addRecording({ meetingID: meeting.bbbMeetingId, formats: ['video'] });
    const other = await bbb.addRecording({ meetingID: meeting.bbbMeetingId, formats: ['video'], startTime: new Date('2025-01-01T10:00:00Z') });
    const { import: queued } = await requestImport(ctx, server, recording.recordID, teacher.user.id);
    await waitForImport(ctx, queued.id);
    const statuses = await ctx.services.recordingImportService.statusesFor(server.id, [recording.recordID, other.recordID]);
    expect([...statuses.keys()]).to.deep.equal([recording.recordID]);
    expect(statuses.get(recording.recordID)).to.include({ id: queued.id, status: 'done' });
    expect((await ctx.services.recordingImportService.statusesFor(server.id, [])).size).to.equal(0);
    const recent = await ctx.services.recordingImportService.listForOwner(teacher.user.id);
    expect(recent[0]!.id).to.equal(queued.id);
    expect(recent.every((item) => item.ownerId === teacher.user.id)).to.equal(true);
    expect(await ctx.services.recordingImportService.listForOwner(admin.user.id, 1)).to.have.length.at.most(1);
    expect(await refusalOf(ctx.services.recordingImportService.findById(999_999))).to.include({ status: 404, code: 'bbb_import_not_found' });
  });
});

describe('BBB recording import after a restart', () => {
  let first: TestApp;
  let restarted: TestApp | null = null;
  let bbb: BbbServerDouble;

  before(async () => {
    first = await buildTestApp({ BBB_RETRIES: '0', BBB_TIMEOUT_SECONDS: '2' });
    bbb = await startBbbServer({});
  });

  after(async () => {
    await bbb.close();
    await restarted?.stop();
    await first.close();
  });

  it('resumes the download from the partial file on disk with a Range request', async () => {
    const server = await addBbbServer(first, bbb, { isDefault: true });
    const teacher = await createUser(first, { role: 'staff' });
    const meeting = await addMeeting(first, teacher.user);
    const recording = await bbb.addRecording({ meetingID: meeting.bbbMeetingId, formats: ['video'] });
    // The first process queued the import and had received part of the file when it stopped.
    const { import: queued } = await requestImport(first, server, recording.recordID, teacher.user.id);
    const original = await readFile(recording.mediaPath);
    const received = Math.floor(original.length / 3);
    await mkdir(path.dirname(partFileOf(first, queued.id)), { recursive: true });
    await writeFile(partFileOf(first, queued.id), original.subarray(0, received));
    await first.stop();

    restarted = await buildTestApp({ BBB_RETRIES: '0', BBB_TIMEOUT_SECONDS: '2' }, first, { bbbJobs: true });
    const done = await waitForImport(restarted, queued.id);
    expect(done).to.include({ status: 'done', bytesReceived: original.length });
    expect(mediaRequestsOf(bbb, recording.recordID)).to.include(`GET /playback/video/<id>/video-0.m4v bytes=${received}- 206`);
    const video = (await readVideo(restarted, done.videoId!))!;
    expect((await restarted.services.storage.readFile(video.source!.key)).equals(original)).to.equal(true);
    // The import is done before its job's handler returns and Agenda removes the job.
    expect(await jobGone(restarted, queued.id)).to.equal(true);
  });
});
