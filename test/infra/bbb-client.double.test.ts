import { expect } from 'chai';
import { BbbApiError, type BbbChecksumAlgorithm } from '../../server/src/domain/meetings/bbb.js';
import { createBbbClient, type BbbClient, type BbbClientOptions } from '../../server/src/infra/bbb/bbb-client.js';
import { sha1Hex } from '../helpers/bbb-server/double-context.js';
import { startBbbServer, type BbbServerDouble } from '../helpers/bbb-server/index.js';

async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string; messageKey?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a rejection');
}

describe('BBB client against the BBB server double', () => {
  let bbb: BbbServerDouble;
  const clientFor = (overrides: Partial<BbbClientOptions> = {}): BbbClient =>
    createBbbClient({ baseUrl: bbb.apiUrl, secret: bbb.secret, algorithm: 'sha256', timeoutMs: 2000, retries: 0, retryDelayMs: 1, ...overrides });

  beforeEach(async () => {
    bbb = await startBbbServer();
  });
  afterEach(async () => {
    await bbb.close();
  });

  describe('meetings', () => {
    it('creates a meeting with its meta_* and answers duplicateWarning to the same create', async () => {
      const client = clientFor();
      const first = await client.create({ name: 'Cours de chimie', meetingID: 'lectern-m1', record: true, meta: { 'bbb-origin': 'Lectern', endCallbackUrl: 'https://lectern.example/end' } });
      expect(first.meetingID).to.equal('lectern-m1');
      expect(first.internalMeetingID).to.equal(`${sha1Hex('lectern-m1')}-${first.createTime}`);
      expect(first.messageKey).to.equal(undefined);
      const again = await client.create({ name: 'Cours de chimie', meetingID: 'lectern-m1', record: true });
      expect(again.messageKey).to.equal('duplicateWarning');
      expect(again.createTime).to.equal(first.createTime);
      // bbb-web stores meta_* keys lower-cased.
      expect(bbb.meeting('lectern-m1')?.meta).to.deep.equal({ 'bbb-origin': 'Lectern', endcallbackurl: 'https://lectern.example/end' });
    });

    it('gives a join URL that the double follows with a 302 to the client, and lists the attendee', async () => {
      const client = clientFor();
      const created = await client.create({ name: 'Room', meetingID: 'lectern-m2' });
      const url = client.joinUrl({ meetingID: 'lectern-m2', fullName: 'Émile Zola', role: 'MODERATOR', userID: 'u42', createTime: created.createTime });
      const redirect = await fetch(url, { redirect: 'manual' });
      expect(redirect.status).to.equal(302);
      const location = redirect.headers.get('location') ?? '';
      expect(location).to.match(new RegExp(`^${bbb.origin}/html5client/join\\?sessionToken=\\w+$`));
      expect((await fetch(location)).status).to.equal(200);
      expect(bbb.calls.at(-1)).to.include({ call: 'join', checksumOk: true });
      const info = await client.getMeetingInfo('lectern-m2');
      expect(info.running).to.equal(true);
      expect(info.moderatorCount).to.equal(1);
      expect(info.attendees).to.deep.equal([{ userID: 'u42', fullName: 'Émile Zola', role: 'MODERATOR', isPresenter: true, clientType: 'HTML5' }]);
    });

    it('refuses a join URL made for an earlier incarnation of the meeting (createTime)', async () => {
      const client = clientFor();
      const old = await client.create({ name: 'Room', meetingID: 'lectern-m3' });
      await client.end('lectern-m3');
      await client.create({ name: 'Room', meetingID: 'lectern-m3' });
      const answer = await fetch(client.joinUrl({ meetingID: 'lectern-m3', fullName: 'Late', role: 'VIEWER', createTime: old.createTime }), { redirect: 'manual' });
      expect(answer.status).to.equal(200);
      expect(await answer.text()).to.contain('<messageKey>mismatchCreateTimeParam</messageKey>');
    });

    it('reports running only once someone joined, and not after end', async () => {
      const client = clientFor();
      await client.create({ name: 'Room', meetingID: 'lectern-m4' });
      expect(await client.isMeetingRunning('lectern-m4')).to.equal(false);
      await fetch(client.joinUrl({ meetingID: 'lectern-m4', fullName: 'Ada', role: 'VIEWER' }), { redirect: 'manual' });
      expect(await client.isMeetingRunning('lectern-m4')).to.equal(true);
      expect(await client.end('lectern-m4')).to.deep.include({ messageKey: 'sentEndMeetingRequest' });
      expect(await client.isMeetingRunning('lectern-m4')).to.equal(false);
      expect((await client.getMeetingInfo('lectern-m4')).hasBeenForciblyEnded).to.equal(true);
      expect(await client.isMeetingRunning('never-created')).to.equal(false);
    });

    it('turns notFound for an unknown meeting into bbb_notFound', async () => {
      const client = clientFor();
      expect(await rejection(client.getMeetingInfo('nope'))).to.include({ code: 'bbb_notFound', messageKey: 'notFound' });
      expect(await rejection(client.end('nope'))).to.include({ code: 'bbb_notFound' });
    });
  });

  describe('recordings', () => {
    const hour = 3_600_000;
    const at = (ms: number) => new Date(Date.UTC(2025, 0, 6, 9) + ms);

    async function addFixtures() {
      await bbb.addRecording({ meetingID: 'course-a', startTime: at(0), endTime: at(38 * 60_000 + 59_000), formats: ['video', 'presentation'], metadata: { 'bbb-origin-server-name': 'moodle.example.edu' } });
      await bbb.addRecording({ meetingID: 'course-a', startTime: at(hour), endTime: at(hour + 59 * 60_000 + 59_999), formats: ['presentation'], state: 'unpublished' });
      await bbb.addRecording({ meetingID: 'course-a', startTime: at(2 * hour), formats: ['video'], state: 'processing' });
      await bbb.addRecording({ meetingID: 'course-b', startTime: at(3 * hour), formats: ['video'], metadata: { 'bbb-origin-server-name': 'moodle.example.edu' } });
      await bbb.addRecording({ meetingID: 'course-c', startTime: at(4 * hour), formats: ['podcast'], state: 'deleted' });
    }

    it('lists by meetingID with the default states (published, unpublished), lengths in whole minutes', async () => {
      await addFixtures();
      const found = await clientFor().getRecordings({ meetingIDs: ['course-a', 'course-b'] });
      expect(found.map((r) => [r.meetingID, r.state, r.published])).to.deep.equal([
        ['course-a', 'published', true],
        ['course-a', 'unpublished', false],
        ['course-b', 'published', true],
      ]);
      expect(found[0]!.playback.map((f) => [f.type, f.lengthMinutes])).to.deep.equal([['video', 38], ['presentation', 38]]);
      expect(found[0]!.playback[0]!.url).to.equal(`${bbb.origin}/playback/video/${found[0]!.recordID}/`);
      expect(found[0]!.playback[1]!.previewImages).to.have.length(3);
      expect(found[1]!.playback[0]!.lengthMinutes).to.equal(59);
      expect(found[0]!.startTime.getTime()).to.equal(at(0).getTime());
      expect(found[0]!.metadata).to.include({ meetingId: 'course-a', 'bbb-origin-server-name': 'moodle.example.edu' });
    });

    it('takes recordID prefixes as wildcards and then ignores meetingID', async () => {
      await addFixtures();
      const prefix = sha1Hex('course-a');
      const found = await clientFor().getRecordings({ recordIDs: [prefix], meetingIDs: ['course-b'], states: ['any'] });
      expect(found.map((r) => r.state)).to.deep.equal(['published', 'unpublished', 'processing']);
      expect(found.every((r) => r.recordID.startsWith(prefix))).to.equal(true);
    });

    it('filters by state, by meta_* and pages with offset/limit', async () => {
      await addFixtures();
      const client = clientFor();
      const all = ['course-a', 'course-b', 'course-c'];
      expect((await client.getRecordings({ meetingIDs: all, states: ['processing', 'deleted'] })).map((r) => r.state)).to.deep.equal(['processing', 'deleted']);
      expect((await client.getRecordings({ meetingIDs: all, states: ['any'] })).length).to.equal(5);
      const byMeta = await client.getRecordings({ meta: { 'bbb-origin-server-name': 'moodle.example.edu' } });
      expect(byMeta.map((r) => r.meetingID)).to.deep.equal(['course-a', 'course-b']);
      const second = await client.getRecordings({ meetingIDs: all, states: ['any'], offset: 1, limit: 2 });
      expect(second.map((r) => r.startTime.getTime())).to.deep.equal([at(hour).getTime(), at(2 * hour).getTime()]);
    });

    it('answers an empty list (noRecordings) as []', async () => {
      expect(await clientFor().getRecordings({ meetingIDs: ['nothing-here'] })).to.deep.equal([]);
    });

    it('unpublishes and republishes; an unpublished recording is no longer served', async () => {
      const recording = await bbb.addRecording({ meetingID: 'course-p', formats: ['video'] });
      const client = clientFor();
      expect(await client.publishRecordings([recording.recordID], false)).to.equal(false);
      const [unpublished] = await client.getRecordings({ recordIDs: [recording.recordID] });
      expect(unpublished).to.include({ state: 'unpublished', published: false });
      expect((await fetch(`${bbb.origin}/playback/video/${recording.recordID}/video-0.m4v`)).status).to.equal(404);
      expect(await client.publishRecordings([recording.recordID], true)).to.equal(true);
      expect((await fetch(`${bbb.origin}/playback/video/${recording.recordID}/video-0.m4v`, { method: 'HEAD' })).status).to.equal(200);
    });

    it('deletes recordings, and refuses to delete unknown ids with bbb_notFound', async () => {
      const recording = await bbb.addRecording({ meetingID: 'course-d', formats: ['video'] });
      const client = clientFor();
      expect(await client.deleteRecordings([recording.recordID])).to.equal(true);
      expect(await client.getRecordings({ meetingIDs: ['course-d'] })).to.deep.equal([]);
      expect((await client.getRecordings({ meetingIDs: ['course-d'], states: ['deleted'] }))[0]?.state).to.equal('deleted');
      expect(await rejection(client.deleteRecordings(['no-such-recording']))).to.include({ code: 'bbb_notFound' });
      expect(await rejection(client.publishRecordings(['no-such-recording'], true))).to.include({ code: 'bbb_notFound' });
    });
  });

  describe('checksums', () => {
    for (const algorithm of ['sha1', 'sha256', 'sha384', 'sha512'] as const) {
      it(`is accepted when signed with ${algorithm}`, async () => {
        const client = clientFor({ algorithm });
        await client.create({ name: 'Signed room', meetingID: `room-${algorithm}`, meta: { note: 'a+b & c/d é' } });
        expect(await client.isMeetingRunning(`room-${algorithm}`)).to.equal(false);
        expect(bbb.calls.map((c) => c.checksumOk)).to.deep.equal([true, true]);
        const lengths = { sha1: 40, sha256: 64, sha384: 96, sha512: 128 };
        expect(bbb.calls[0]!.query.get('checksum')).to.have.length(lengths[algorithm]);
      });
    }

    it('gives bbb_checksumError for an algorithm the server does not support', async () => {
      await bbb.close();
      bbb = await startBbbServer({ supportedAlgorithms: ['sha512'] });
      const refused = await rejection(clientFor({ algorithm: 'sha256' satisfies BbbChecksumAlgorithm }).isMeetingRunning('x1'));
      expect(refused).to.be.instanceOf(BbbApiError);
      expect(refused).to.include({ code: 'bbb_checksumError' });
      expect(await clientFor({ algorithm: 'sha512' }).isMeetingRunning('x1')).to.equal(false);
    });

    it('gives bbb_checksumError for a wrong secret, and does not retry it', async () => {
      const refused = await rejection(clientFor({ secret: 'not-the-secret', retries: 2 }).getMeetingInfo('x1'));
      expect(refused).to.include({ code: 'bbb_checksumError', messageKey: 'checksumError' });
      expect(bbb.calls).to.have.length(1);
    });
  });

  describe('transport failures', () => {
    it('gives bbb_unavailable when nothing listens', async () => {
      const down = await startBbbServer();
      const client = createBbbClient({ baseUrl: down.apiUrl, secret: down.secret, algorithm: 'sha256', timeoutMs: 1000, retries: 1, retryDelayMs: 1 });
      await down.close();
      expect(await rejection(client.isMeetingRunning('x1'))).to.include({ code: 'bbb_unavailable' });
    });

    it('gives bbb_unavailable when the answer comes after timeoutMs', async () => {
      bbb.failNext('*', { kind: 'slow', delayMs: 5000 }, 2);
      const started = Date.now();
      const error = await rejection(clientFor({ timeoutMs: 150, retries: 1 }).isMeetingRunning('x1'));
      expect(error).to.include({ code: 'bbb_unavailable' });
      expect(Date.now() - started).to.be.below(2000);
      expect(bbb.calls).to.have.length(2);
    });

    it('retries a 500 and then succeeds', async () => {
      await clientFor().create({ name: 'Room', meetingID: 'retry-1' });
      bbb.failNext('getMeetingInfo', { kind: 'http', status: 500 });
      const info = await clientFor({ retries: 2 }).getMeetingInfo('retry-1');
      expect(info.meetingID).to.equal('retry-1');
      expect(bbb.calls.filter((c) => c.call === 'getMeetingInfo')).to.have.length(2);
    });

    it('gives bbb_unavailable when every attempt answers 502', async () => {
      bbb.failNext('*', { kind: 'http', status: 502 }, 10);
      expect(await rejection(clientFor({ retries: 2 }).isMeetingRunning('x1'))).to.include({ code: 'bbb_unavailable' });
      expect(bbb.calls).to.have.length(3);
    });

    it('gives bbb_protocol_error for malformed XML, without retrying', async () => {
      bbb.failNext('isMeetingRunning', { kind: 'malformed' });
      expect(await rejection(clientFor({ retries: 2 }).isMeetingRunning('x1'))).to.include({ code: 'bbb_protocol_error' });
      expect(bbb.calls).to.have.length(1);
    });

    it('gives bbb_protocol_error for a 404 page (wrong base URL or proxy)', async () => {
      bbb.failNext('*', { kind: 'http', status: 404 });
      expect(await rejection(clientFor({ retries: 2 }).isMeetingRunning('x1'))).to.include({ code: 'bbb_protocol_error' });
    });

    it('retries a reset connection, and gives bbb_unavailable when every attempt is reset', async () => {
      bbb.failNext('isMeetingRunning', { kind: 'reset' });
      expect(await clientFor({ retries: 1 }).isMeetingRunning('x1')).to.equal(false);
      bbb.failNext('*', { kind: 'reset' }, 5);
      expect(await rejection(clientFor({ retries: 1 }).isMeetingRunning('x1'))).to.include({ code: 'bbb_unavailable' });
    });

    it('passes an injected FAILED answer through as BbbApiError', async () => {
      bbb.failNext('create', { kind: 'failed', messageKey: 'idNotUnique', message: 'A meeting already exists with that meeting ID.' });
      const error = await rejection(clientFor({ retries: 2 }).create({ name: 'Room', meetingID: 'dup' }));
      expect(error).to.include({ code: 'bbb_idNotUnique', messageKey: 'idNotUnique' });
      expect(bbb.calls).to.have.length(1);
    });
  });
});
