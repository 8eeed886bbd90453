import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { BbbServer } from '../../server/src/domain/meetings/bbb-server.js';
import type { RecordingImport } from '../../server/src/domain/meetings/recording-import.js';
import { createRecordingImportService } from '../../server/src/domain/meetings/recording-import-service.js';
import { createSourceIntake } from '../../server/src/domain/uploads/source-intake.js';
import { createLogger } from '../../server/src/infra/logger.js';
import { resolveFfmpegBinaries } from '../../server/src/infra/media/ffmpeg-binaries.js';
import { createFfprobeMediaProbe } from '../../server/src/infra/media/ffprobe-media-probe.js';
import { createVideoRepository } from '../../server/src/infra/repositories/video-repository.js';
import { translator } from '../../server/src/http/i18n/i18n.js';
import { addBbbServer, addMeeting, importRowsOf, type TestMeeting } from '../helpers/bbb-recordings.js';
import { startBbbServer, type BbbServerDouble, type Failure, type RecordingSpec } from '../helpers/bbb-server/index.js';
import { readVideo } from '../helpers/encoding.js';
import { createUser, type UserWithToken } from '../helpers/factories.js';
import { exists, partFileOf, recordingOf, waitForImport, videosTitled } from '../helpers/recording-imports.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Every way an import fails (issue 7): each ends `failed` with its code, no partial file and no
 * video left behind, or recovers (resumed download, retry). The app retries a job 3 times in
 * all, 200 ms apart, and the download 3 times; BBB calls time out after 1 s.
 */
describe('BBB recording import failures', () => {
  let ctx: TestApp;
  let bbb: BbbServerDouble;
  let server: BbbServer;
  let teacher: UserWithToken;
  let meeting: TestMeeting;
  let dir: string;

  before(async () => {
    ctx = await buildTestApp({ BBB_RETRIES: '0', BBB_TIMEOUT_SECONDS: '1', BBB_RECORDING_MAX_SIZE: '5MiB', BBB_DOWNLOAD_ATTEMPTS: '3' }, undefined, { bbbJobs: true });
    bbb = await startBbbServer({});
    server = await addBbbServer(ctx, bbb, { isDefault: true });
    teacher = await createUser(ctx, { role: 'staff' });
    meeting = await addMeeting(ctx, teacher.user);
    dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-bbb-failures-'));
  });

  after(async () => {
    await bbb.close();
    await ctx.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** A recording of the teacher's meeting with a name of its own (to find its video). */
  async function addRecording(spec: Partial<RecordingSpec> = {}) {
    return bbb.addRecording({ meetingID: meeting.bbbMeetingId, name: `Séance ${randomBytes(4).toString('hex')}`, formats: ['presentation', 'video'], ...spec });
  }

  /** Reads the recording, then arranges BBB's next answers, then asks for the import (so the failures hit the job). */
  async function importWith(recordID: string, options: { through?: BbbServer; fail?: { call: string; failure: Failure; times: number } } = {}): Promise<RecordingImport> {
    const recording = await recordingOf(ctx, server, recordID);
    if (options.fail) bbb.failNext(options.fail.call, options.fail.failure, options.fail.times);
    const { import: queued } = await ctx.services.recordingImportService.request({ server: options.through ?? server, recording, requestedBy: teacher.user.id, trigger: 'manual' });
    return waitForImport(ctx, queued.id);
  }

  /** A failed import leaves neither its partial file nor a video. */
  async function expectNothingLeft(failed: RecordingImport): Promise<void> {
    expect(failed.videoId).to.equal(null);
    expect(await exists(partFileOf(ctx, failed.id))).to.equal(false);
    expect(await videosTitled(ctx, failed.name)).to.equal(0);
  }

  it('fails with bbb_checksumError at once when the secret is wrong, and succeeds when retried after the secret is fixed', async () => {
    const recording = await addRecording();
    const wrong = await addBbbServer(ctx, { apiUrl: bbb.apiUrl, secret: 'not-the-shared-secret' });
    const failed = await importWith(recording.recordID, { through: wrong });
    expect(failed).to.include({ status: 'failed', errorCode: 'bbb_checksumError', attempts: 1 });
    expect(failed.errorMessage).to.contain('checksumError');
    await expectNothingLeft(failed);

    await ctx.services.bbbServers.update(wrong.id, { name: wrong.name, apiUrl: bbb.apiUrl, secret: bbb.secret, checksumAlgorithm: 'sha256' });
    const again = await ctx.services.recordingImportService.retry(teacher.user, failed.id);
    expect(again).to.include({ status: 'queued', errorCode: null });
    const done = await waitForImport(ctx, failed.id);
    expect(done).to.include({ status: 'done', attempts: 1, bytesReceived: recording.mediaSize });
    expect((await readVideo(ctx, done.videoId!))!.owner.id).to.equal(teacher.user.id);
    expect(await importRowsOf(ctx, recording.recordID)).to.have.length(1);
  });

  /** BBB's API failing in the job: unreachable is retried (3 attempts in all), the rest fails at once. */
  const apiFailures: { what: string; failure: Failure; times: number; code: string; attempts: number; says: string }[] = [
    { what: 'the server is down', failure: { kind: 'reset' }, times: 3, code: 'bbb_unavailable', attempts: 3, says: 'network error' },
    { what: 'the server is too slow', failure: { kind: 'slow', delayMs: 1500 }, times: 3, code: 'bbb_unavailable', attempts: 3, says: 'no answer within 1000 ms' },
    { what: 'the answer is not BBB’s XML', failure: { kind: 'malformed' }, times: 1, code: 'bbb_protocol_error', attempts: 1, says: 'not XML' },
  ];
  for (const { what, failure, times, code, attempts, says } of apiFailures) {
    it(`fails with ${code} after ${attempts} attempt(s) when ${what}`, async () => {
      const recording = await addRecording();
      const failed = await importWith(recording.recordID, { fail: { call: 'getRecordings', failure, times } });
      expect(failed).to.include({ status: 'failed', errorCode: code, attempts });
      expect(failed.errorMessage).to.contain(says);
      await expectNothingLeft(failed);
    });
  }

  it('recovers when the server comes back before the last attempt', async () => {
    const recording = await addRecording();
    const done = await importWith(recording.recordID, { fail: { call: 'getRecordings', failure: { kind: 'http', status: 502 }, times: 2 } });
    expect(done).to.include({ status: 'done', attempts: 3, errorCode: null });
  });

  it('fails with bbb_recording_gone when the recording is deleted during the download, removing the partial file', async () => {
    const recording = await addRecording();
    bbb.failMedia(recording.recordID, { kind: 'deleteAfter', afterBytes: Math.floor(recording.mediaSize / 2) });
    const failed = await importWith(recording.recordID);
    expect(failed).to.include({ status: 'failed', errorCode: 'bbb_recording_gone' });
    expect(bbb.mediaRequests.filter((r) => r.path.endsWith(`${recording.recordID}/video-0.m4v`)).map((r) => r.status)).to.include(404);
    await expectNothingLeft(failed);
  });

  it('resumes a download cut mid-way with a Range request and imports the file intact', async () => {
    const recording = await addRecording();
    bbb.failMedia(recording.recordID, { kind: 'cut', afterBytes: Math.floor(recording.mediaSize / 3) });
    const done = await importWith(recording.recordID);
    expect(done).to.include({ status: 'done', attempts: 1, bytesReceived: recording.mediaSize });
    const downloads = bbb.mediaRequests.filter((r) => r.method === 'GET' && r.path.endsWith(`${recording.recordID}/video-0.m4v`));
    expect(downloads).to.have.length(2);
    expect(downloads[0]).to.include({ range: null, status: 200 });
    expect(downloads[1]!.status).to.equal(206);
    expect(downloads[1]!.range).to.match(/^bytes=\d+-$/);
    const video = (await readVideo(ctx, done.videoId!))!;
    expect(video.source!.size).to.equal(recording.mediaSize);
    expect((await ctx.services.storage.readFile(video.source!.key)).equals(await readFile(recording.mediaPath))).to.equal(true);
  });

  it('fails with bbb_recording_too_large before downloading a file over the limit', async () => {
    const big = path.join(dir, 'big.m4v');
    await writeFile(big, randomBytes(6 * 1024 * 1024));
    const recording = await addRecording({ media: big });
    const failed = await importWith(recording.recordID);
    expect(failed).to.include({ status: 'failed', errorCode: 'bbb_recording_too_large', bytesExpected: 6 * 1024 * 1024, bytesReceived: 0 });
    expect(bbb.mediaRequests.filter((r) => r.path.endsWith(`${recording.recordID}/video-0.m4v`)).map((r) => r.method)).to.deep.equal(['HEAD']);
    await expectNothingLeft(failed);
  });

  it('fails with bbb_recording_over_quota before downloading when the owner has no room left, as an upload would', async () => {
    const owner = await createUser(ctx, { role: 'staff' });
    const ownMeeting = await addMeeting(ctx, owner.user);
    await ctx.services.userService.setQuota(owner.user.username, 1024);
    const recording = await bbb.addRecording({ meetingID: ownMeeting.bbbMeetingId, name: `Quota ${randomBytes(4).toString('hex')}`, formats: ['video'] });
    const failed = await importWith(recording.recordID);
    expect(failed).to.include({ status: 'failed', errorCode: 'bbb_recording_over_quota', ownerId: owner.user.id, bytesReceived: 0 });
    expect(bbb.mediaRequests.filter((r) => r.path.endsWith(`${recording.recordID}/video-0.m4v`)).map((r) => r.method)).to.deep.equal(['HEAD']);
    await expectNothingLeft(failed);
  });

  it('fails with bbb_playback_page_invalid, not bbb_recording_too_large, when the playback page is over 2 MiB', async () => {
    // The double writes each caption's label into the page: a huge one makes a page no BBB serves.
    const recording = await addRecording({ captions: [{ locale: 'fr', vtt: 'WEBVTT\n', label: 'x'.repeat(2.5 * 1024 * 1024) }] });
    const failed = await importWith(recording.recordID);
    expect(failed).to.include({ status: 'failed', errorCode: 'bbb_playback_page_invalid', attempts: 1, bytesExpected: null });
    expect(failed.errorMessage).to.contain('playback page').and.to.contain(`/playback/video/${recording.recordID}/`);
    expect(bbb.mediaRequests.filter((r) => r.path.includes(recording.recordID)).map((r) => `${r.method} ${r.status}`)).to.deep.equal(['GET 200']);
    await expectNothingLeft(failed);
    expect(translator('fr')('error.bbb_playback_page_invalid')).to.contain('page de lecture');
    expect(translator('en')('error.bbb_playback_page_invalid')).to.contain('playback page');
  });

  it('fails with bbb_recording_not_media when the file is not a video, creating no video', async () => {
    const junk = path.join(dir, 'junk.m4v');
    await writeFile(junk, randomBytes(64 * 1024));
    const recording = await addRecording({ media: junk });
    const failed = await importWith(recording.recordID);
    expect(failed).to.include({ status: 'failed', errorCode: 'bbb_recording_not_media' });
    await expectNothingLeft(failed);
  });

  it('skips a caption file that is not WebVTT and imports the others', async () => {
    const recording = await addRecording({
      captions: [
        { locale: 'fr', vtt: 'this is not WebVTT at all' },
        { locale: 'en', vtt: 'WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nHello.\n' },
      ],
    });
    const done = await importWith(recording.recordID);
    expect(done).to.include({ status: 'done', captions: 1 });
    const tracks = await ctx.services.enrichmentService.tracks.list(teacher.user, done.videoId!);
    expect(tracks.map((t) => t.lang)).to.deep.equal(['en']);
  });

  it('deletes the video it made when a step after its creation fails', async () => {
    const recording = await addRecording();
    const failed = await importWith(recording.recordID, { fail: { call: 'getRecordings', failure: { kind: 'failed', messageKey: 'notFound' }, times: 1 } });
    expect(failed).to.include({ status: 'failed', errorCode: 'bbb_notFound', attempts: 1 });
    // The import is downloading again; the file is there; the last step (marking it done) breaks.
    await ctx.services.recordingImportRepository.requeue(failed.id, null);
    const running = (await ctx.services.recordingImportRepository.startAttempt(failed.id))!;
    const file = path.join(dir, 'clip.m4v');
    await writeFile(file, await readFile(recording.mediaPath));
    const repository = ctx.services.recordingImportRepository;
    const logger = createLogger({ level: 'silent' });
    const broken = createRecordingImportService({
      imports: { ...repository, finish: () => Promise.reject(new Error('database went away')) },
      queue: { enqueueRecordingImport: () => Promise.resolve() },
      users: { findById: (id) => ctx.services.userService.getById(id) },
      storageOf: (user) => ctx.services.uploadService.storageOf(user),
      videoService: ctx.services.videoService,
      intake: createSourceIntake({
        videos: createVideoRepository(ctx.database.db),
        encodingService: ctx.services.encodingService,
        storage: ctx.services.storage,
        probe: createFfprobeMediaProbe(resolveFfmpegBinaries(ctx.config.ffmpeg, process.env.PATH).ffprobe),
        logger,
      }),
      tracks: ctx.services.enrichmentService.tracks,
      describe: () => '<p>From BigBlueButton.</p>',
      timeZone: 'Europe/Paris',
      logger,
    });
    const error = await broken.complete(running, { localPath: file, filename: 'bbb.m4v', size: recording.mediaSize, captions: [] }).catch((e: unknown) => e);
    expect((error as Error).message).to.equal('database went away');
    expect(await videosTitled(ctx, running.name)).to.equal(0);
  });
});
