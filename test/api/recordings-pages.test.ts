import { expect } from 'chai';
import type { BbbServer } from '../../server/src/domain/meetings/bbb-server.js';
import { addBbbServer, addMeeting, importRowsOf, type TestMeeting } from '../helpers/bbb-recordings.js';
import { startBbbServer, type BbbServerDouble } from '../helpers/bbb-server/index.js';
import { createUser, createVideo, type UserWithToken } from '../helpers/factories.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { loggedInAgent } from '../helpers/web-session.js';

type Agent = Awaited<ReturnType<typeof loggedInAgent>>['agent'];

const START = new Date('2025-03-03T09:00:00Z');
const at = (seconds: number) => new Date(START.getTime() + seconds * 1000);

/** The part of a page between a tag with this attribute and its closing tag. */
function block(page: string, tag: 'section' | 'tr', attribute: string): string {
  const found = new RegExp(`<${tag} [^>]*${attribute}[^>]*>([\\s\\S]*?)</${tag}>`).exec(page)?.[1];
  if (found === undefined) throw new Error(`no <${tag} ${attribute}> in the page`);
  return found;
}
const rowOf = (page: string, recordId: string) => block(page, 'tr', `data-record-id="${recordId}"`);
const sectionOf = (page: string, server: BbbServer) => block(page, 'section', `data-server-id="${server.id}"`);
const textOf = (fragment: string) => fragment.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
const flashOf = (page: string) => textOf(/<div class="flash [^"]*" role="[^"]*"[^>]*>([\s\S]*?)<\/div>/.exec(page)?.[1] ?? '');

describe('"My recordings" and a server’s recordings', () => {
  let ctx: TestApp;
  let sciences: BbbServerDouble;
  let esr: BbbServerDouble;
  let sciencesServer: BbbServer;
  let esrServer: BbbServer;
  let teacher: UserWithToken;
  let colleague: UserWithToken;
  let admin: UserWithToken;
  let lecture: TestMeeting;
  let seminar: TestMeeting;
  const ids: Record<string, string> = {};

  before(async () => {
    ctx = await buildTestApp({ BBB_RETRIES: '0' });
    sciences = await startBbbServer({});
    esr = await startBbbServer({});
    sciencesServer = await addBbbServer(ctx, sciences, { name: 'BBB Sciences', isDefault: true });
    esrServer = await addBbbServer(ctx, esr, { name: 'BBB ESR' });
    teacher = await createUser(ctx, { role: 'staff' });
    colleague = await createUser(ctx, { role: 'staff' });
    admin = await createUser(ctx, { role: 'admin' });
    lecture = await addMeeting(ctx, teacher.user, { name: 'Algebra lecture' });
    seminar = await addMeeting(ctx, teacher.user, { name: 'Research seminar', serverId: esrServer.id });
    const theirs = await addMeeting(ctx, colleague.user, { name: 'Colleague class' });
    const add = async (key: string, double: BbbServerDouble, spec: Parameters<BbbServerDouble['addRecording']>[0]) => {
      ids[key] = (await double.addRecording(spec)).recordID;
    };
    await add('video', sciences, { meetingID: lecture.bbbMeetingId, name: 'Algebra 1', startTime: START, endTime: at(3723), formats: ['presentation', 'video'] });
    await add('slides', sciences, { meetingID: lecture.bbbMeetingId, name: 'Algebra 2', startTime: at(86_400), endTime: at(86_400 + 2292), formats: ['presentation'] });
    await add('processing', sciences, { meetingID: lecture.bbbMeetingId, name: 'Algebra 3', startTime: at(172_800), endTime: at(172_800 + 60), formats: ['video'], state: 'processing' });
    await add('seminar', esr, { meetingID: seminar.bbbMeetingId, name: 'Seminar 1', startTime: START, endTime: at(59), formats: ['video'] });
    await add('colleague', sciences, { meetingID: theirs.bbbMeetingId, name: 'Not yours', formats: ['video'] });
  });
  after(async () => {
    await sciences?.close();
    await esr?.close();
    await ctx?.close();
  });

  async function importFrom(agent: Agent, page: string, fields: Record<string, string>) {
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    return agent.post('/meetings/recordings/import').type('form').send({ _csrf: csrf, back: '/meetings/recordings', ...fields }).expect(303);
  }

  it('lists the recordings of my meetings per server, with their real duration, state, playback links and the presentation-only explanation', async () => {
    const { agent } = await loggedInAgent(ctx.app, teacher.user.username);
    const page = await agent.get('/meetings/recordings').set('Accept-Language', 'en').expect(200);
    const sciencesPart = sectionOf(page.text, sciencesServer);
    expect(sciencesPart).to.contain('<h2 id="server-').and.contain('BBB Sciences');
    expect(sciencesPart).to.contain(ids.video).and.contain(ids.slides).and.contain(ids.processing);
    expect(sciencesPart).to.not.contain(ids.seminar);
    expect(sectionOf(page.text, esrServer)).to.contain(ids.seminar);
    expect(page.text).to.not.contain(ids.colleague).and.not.contain('Not yours');

    const video = rowOf(page.text, ids.video!);
    expect(textOf(video)).to.contain('Algebra 1');
    expect(video).to.contain('<td class="duration">1:02:03</td>');
    expect(video).to.contain(`datetime="${START.toISOString()}"`).and.contain('3 Mar 2025');
    expect(video).to.contain('data-state="published">Published');
    expect(video).to.match(/<a href="[^"]+\/playback\/video\/[^"]+" target="_blank" rel="noopener noreferrer" data-format="video">Video<span class="visually-hidden"> \(opens in a new tab\)/);
    expect(video).to.contain('data-format="presentation"');
    expect(video).to.contain('data-import-status="none"').and.contain('action="/meetings/recordings/import"').and.contain(`name="record" value="${ids.video}"`);

    const slides = rowOf(page.text, ids.slides!);
    expect(slides).to.contain('<td class="duration">0:38:12</td>');
    expect(slides).to.contain('data-import-status="presentation-only"').and.contain('href="#presentation-only"').and.not.contain('<button');
    expect(page.text).to.contain('id="presentation-only"').and.contain('enable the “video” format');
    expect(rowOf(page.text, ids.processing!)).to.contain('data-state="processing">Processing').and.contain('data-import-status="not-ready"').and.not.contain('<button');
    expect(page.text).to.not.contain('http-equiv="refresh"');

    const call = sciences.calls.filter((c) => c.call === 'getRecordings').at(-1)!;
    expect(call.query.get('meetingID')).to.equal(lecture.bbbMeetingId);
    expect(call.query.get('state')).to.equal('processing,processed,published,unpublished');

    const french = await agent.get('/meetings/recordings').set('Accept-Language', 'fr').expect(200);
    expect(french.text).to.contain('<h1>Mes enregistrements</h1>').and.contain('Publié').and.contain('3 mars 2025');
  });

  it('asks BBB in several calls when the meeting list would make the URL too long', async () => {
    const busy = await createUser(ctx, { role: 'staff' });
    const many = [];
    for (let i = 0; i < 70; i += 1) many.push(await addMeeting(ctx, busy.user, { name: `Group ${i}`, bbbMeetingId: `m${String(i).padStart(3, '0')}-${'x'.repeat(90)}` }));
    const last = (await sciences.addRecording({ meetingID: many[69]!.bbbMeetingId, name: 'Group 69 recording', formats: ['video'] })).recordID;
    const before = sciences.calls.length;
    const { agent } = await loggedInAgent(ctx.app, busy.user.username);
    const page = await agent.get('/meetings/recordings').expect(200);
    const calls = sciences.calls.slice(before).filter((c) => c.call === 'getRecordings');
    expect(calls).to.have.length(2);
    for (const call of calls) expect(call.rawQuery.length).to.be.below(6000);
    expect(calls.flatMap((c) => c.query.get('meetingID')!.split(','))).to.have.length(70);
    expect(rowOf(page.text, last)).to.contain('Group 69 recording');
  });

  it('shows one meeting’s recordings with ?meeting=', async () => {
    const { agent } = await loggedInAgent(ctx.app, teacher.user.username);
    const page = await agent.get(`/meetings/recordings?meeting=${seminar.id}`).expect(200);
    expect(page.text).to.contain(ids.seminar).and.not.contain(ids.video);
    expect(page.text).to.contain(`<option value="${seminar.id}" selected>`);
  });

  it('imports a recording from its button: queued for the owner, shown in progress with an auto-refresh; a second request is refused with its code', async () => {
    const { agent } = await loggedInAgent(ctx.app, teacher.user.username);
    const page = await agent.get('/meetings/recordings').set('Accept-Language', 'en').expect(200);
    const posted = await importFrom(agent, page.text, { server: String(sciencesServer.id), record: ids.video! });
    expect(posted.headers.location).to.equal('/meetings/recordings');
    const rows = await importRowsOf(ctx, ids.video!);
    expect(rows).to.have.length(1);
    expect(rows[0]).to.include({ trigger: 'manual', status: 'queued', owner_id: teacher.user.id, requested_by: teacher.user.id, meeting_id: lecture.id });

    const listed = await agent.get('/meetings/recordings').set('Accept-Language', 'en').expect(200);
    expect(flashOf(listed.text)).to.contain('The import of “Algebra 1” has started');
    expect(rowOf(listed.text, ids.video!)).to.contain('data-import-status="queued"').and.not.contain('<button');
    expect(listed.text).to.contain('<meta http-equiv="refresh" content="5">').and.contain('refreshes every 5 seconds').and.contain('<a href="/meetings/recordings?refresh=off">Stop refreshing</a>');
    const paused = await agent.get('/meetings/recordings?refresh=off').set('Accept-Language', 'en').expect(200);
    expect(paused.text).to.contain('<a href="/meetings/recordings">Refresh every 5 seconds</a>').and.not.contain('http-equiv="refresh"');

    const again = await importFrom(agent, listed.text, { server: String(sciencesServer.id), record: ids.video! });
    expect(again.headers.location).to.equal('/meetings/recordings');
    const refused = await agent.get('/meetings/recordings').set('Accept-Language', 'en').expect(200);
    expect(flashOf(refused.text)).to.contain('The import was refused').and.contain('(code: bbb_recording_already_imported)');
    expect(await importRowsOf(ctx, ids.video!)).to.have.length(1);
  });

  it('shows the download progress, the video of a finished import (linked from the refusal too), and a failed import with its reason and Retry', async () => {
    const { agent } = await loggedInAgent(ctx.app, teacher.user.username);
    const meeting = await addMeeting(ctx, teacher.user, { name: 'Progress meeting' });
    const [downloading, done, failed] = await Promise.all(
      ['Downloading', 'Done', 'Failed'].map((name) => sciences.addRecording({ meetingID: meeting.bbbMeetingId, name, formats: ['video'] })),
    );
    const page = await agent.get('/meetings/recordings').expect(200);
    for (const recording of [downloading!, done!, failed!]) await importFrom(agent, page.text, { server: String(sciencesServer.id), record: recording.recordID });
    const video = await createVideo(ctx, teacher.user, { title: 'Done' });
    const db = ctx.database.db;
    await db.updateTable('bbb_recording_imports').set({ status: 'downloading', bytes_expected: 1000, bytes_received: 250 }).where('record_id', '=', downloading!.recordID).execute();
    await db.updateTable('bbb_recording_imports').set({ status: 'done', video_id: video.id }).where('record_id', '=', done!.recordID).execute();
    await db.updateTable('bbb_recording_imports').set({ status: 'failed', error_code: 'bbb_unavailable', error_message: 'no answer' }).where('record_id', '=', failed!.recordID).execute();

    const shown = await agent.get(`/meetings/recordings?meeting=${meeting.id}`).set('Accept-Language', 'en').expect(200);
    expect(textOf(rowOf(shown.text, downloading!.recordID))).to.contain('Downloading: 25%');
    expect(rowOf(shown.text, done!.recordID)).to.contain('data-import-status="done"').and.contain(`href="/my/videos/${video.id}/edit"`);
    const failedRow = rowOf(shown.text, failed!.recordID);
    expect(failedRow).to.contain('data-import-status="failed"').and.contain('<code>bbb_unavailable</code>');
    const [failedImport] = await importRowsOf(ctx, failed!.recordID);
    expect(failedRow).to.contain(`action="/meetings/recordings/imports/${failedImport!.id}/retry"`);
    expect(shown.text).to.contain('http-equiv="refresh"');

    await importFrom(agent, shown.text, { server: String(sciencesServer.id), record: done!.recordID });
    const refused = await agent.get('/meetings/recordings').set('Accept-Language', 'en').expect(200);
    expect(flashOf(refused.text)).to.contain('bbb_recording_already_imported');
    expect(refused.text).to.match(new RegExp(`<div class="flash flash-error" role="alert" data-code="bbb_recording_already_imported">[^<]*<a href="/my/videos/${video.id}/edit">Open the video</a>`));

    const csrf = /name="_csrf" value="([^"]+)"/.exec(refused.text)![1]!;
    await agent.post(`/meetings/recordings/imports/${failedImport!.id}/retry`).type('form').send({ _csrf: csrf, back: `/meetings/recordings?meeting=${meeting.id}` }).expect(303).expect('Location', `/meetings/recordings?meeting=${meeting.id}`);
    const retried = await agent.get(`/meetings/recordings?meeting=${meeting.id}`).set('Accept-Language', 'en').expect(200);
    expect(flashOf(retried.text)).to.equal('The import is queued again.');
    expect(rowOf(retried.text, failed!.recordID)).to.contain('data-import-status="queued"');
  });

  it('offers to import again a recording whose video was deleted since', async () => {
    const { agent } = await loggedInAgent(ctx.app, teacher.user.username);
    const meeting = await addMeeting(ctx, teacher.user, { name: 'Deleted video meeting' });
    const recording = await sciences.addRecording({ meetingID: meeting.bbbMeetingId, name: 'Gone', formats: ['video'] });
    const page = await agent.get(`/meetings/recordings?meeting=${meeting.id}`).expect(200);
    await importFrom(agent, page.text, { server: String(sciencesServer.id), record: recording.recordID });
    // Done, then the video deleted: video_id is set to null by its foreign key.
    await ctx.database.db.updateTable('bbb_recording_imports').set({ status: 'done', video_id: null }).where('record_id', '=', recording.recordID).execute();
    const shown = await agent.get(`/meetings/recordings?meeting=${meeting.id}`).set('Accept-Language', 'en').expect(200);
    const row = rowOf(shown.text, recording.recordID);
    expect(row).to.contain('data-import-status="video-deleted"').and.contain('its video was deleted since').and.contain('action="/meetings/recordings/import"');
    await importFrom(agent, shown.text, { server: String(sciencesServer.id), record: recording.recordID });
    const again = await agent.get(`/meetings/recordings?meeting=${meeting.id}`).set('Accept-Language', 'en').expect(200);
    expect(rowOf(again.text, recording.recordID)).to.contain('data-import-status="queued"');
    expect(await importRowsOf(ctx, recording.recordID)).to.have.length(1);
  });

  it('refuses to import a presentation-only recording, with the code shown', async () => {
    const { agent } = await loggedInAgent(ctx.app, teacher.user.username);
    const page = await agent.get('/meetings/recordings').expect(200);
    await importFrom(agent, page.text, { server: String(sciencesServer.id), record: ids.slides! });
    const refused = await agent.get('/meetings/recordings').set('Accept-Language', 'en').expect(200);
    expect(flashOf(refused.text)).to.contain('(code: bbb_no_video_format)');
    expect(await importRowsOf(ctx, ids.slides!)).to.have.length(0);
  });

  it('shows a server that fails with its name, reason and code, and still lists the other server', async () => {
    const { agent } = await loggedInAgent(ctx.app, teacher.user.username);
    esr.failNext('getRecordings', { kind: 'http', status: 503 });
    const page = await agent.get('/meetings/recordings').set('Accept-Language', 'en').expect(200);
    const notice = sectionOf(page.text, esrServer);
    expect(notice).to.contain('data-code="bbb_unavailable"');
    expect(textOf(notice)).to.contain('The recordings of “BBB ESR” could not be listed: the server could not be reached').and.contain('(code: bbb_unavailable)');
    expect(sectionOf(page.text, sciencesServer)).to.contain(ids.video);

    esr.failNext('getRecordings', { kind: 'failed', messageKey: 'checksumError', message: 'You did not pass the checksum security check' });
    const refused = await agent.get('/meetings/recordings').set('Accept-Language', 'fr').expect(200);
    expect(textOf(sectionOf(refused.text, esrServer))).to.contain('Les enregistrements de « BBB ESR » n’ont pas pu être listés').and.contain('(code : bbb_checksumError)');
  });

  describe('every recording of a server (administrators)', () => {
    let paged: BbbServerDouble;
    let pagedServer: BbbServer;
    const foreign: string[] = [];

    before(async () => {
      paged = await startBbbServer({});
      pagedServer = await addBbbServer(ctx, paged, { name: 'BBB Archive' });
      for (let i = 0; i < 53; i += 1) {
        foreign.push((await paged.addRecording({ meetingID: `moodle-${i}`, name: `Moodle ${i}`, startTime: at(i * 3600), endTime: at(i * 3600 + 600), formats: ['video'] })).recordID);
      }
    });
    after(async () => paged?.close());

    it('lists them 50 at a time with next and previous, without a meeting filter', async () => {
      const { agent } = await loggedInAgent(ctx.app, admin.user.username);
      const first = await agent.get(`/admin/bbb/servers/${pagedServer.id}/recordings`).set('Accept-Language', 'en').expect(200);
      expect(first.text.match(/<tr data-record-id=/g)).to.have.length(50);
      expect(first.text).to.contain(`href="/admin/bbb/servers/${pagedServer.id}/recordings?offset=50" rel="next"`).and.not.contain('rel="prev"');
      expect(rowOf(first.text, foreign[0]!)).to.contain('<code>moodle-0</code>').and.contain('not a Lectern meeting').and.contain('data-import-status="none"');
      const call = paged.calls.filter((c) => c.call === 'getRecordings').at(-1)!;
      expect(call.query.has('meetingID')).to.equal(false);
      expect(call.query.has('recordID')).to.equal(false);
      expect([call.query.get('offset'), call.query.get('limit')]).to.deep.equal(['0', '51']);

      const second = await agent.get(`/admin/bbb/servers/${pagedServer.id}/recordings?offset=50`).set('Accept-Language', 'en').expect(200);
      expect(second.text.match(/<tr data-record-id=/g)).to.have.length(3);
      expect(second.text).to.contain(`href="/admin/bbb/servers/${pagedServer.id}/recordings" rel="prev"`).and.contain('Recordings 51 to 53').and.not.contain('rel="next"');
    });

    it('imports for the meeting’s owner when the meeting is ours, else for the administrator', async () => {
      const { agent } = await loggedInAgent(ctx.app, admin.user.username);
      const ours = await addMeeting(ctx, colleague.user, { name: 'Colleague archive', serverId: pagedServer.id });
      const recording = await paged.addRecording({ meetingID: ours.bbbMeetingId, name: 'Archived class', startTime: at(-3600), endTime: START, formats: ['video'] });
      const back = `/admin/bbb/servers/${pagedServer.id}/recordings`;
      const page = await agent.get(back).expect(200);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
      const post = (record: string) => agent.post('/meetings/recordings/import').type('form').send({ _csrf: csrf, server: String(pagedServer.id), record, back }).expect(303).expect('Location', back);
      await post(recording.recordID);
      expect((await importRowsOf(ctx, recording.recordID))[0]).to.include({ owner_id: colleague.user.id, requested_by: admin.user.id, meeting_id: ours.id });
      expect(flashOf((await agent.get(back).set('Accept-Language', 'en').expect(200)).text)).to.contain('becomes a draft video of Ada Lovelace');
      await post(foreign[1]!);
      expect((await importRowsOf(ctx, foreign[1]!))[0]).to.include({ owner_id: admin.user.id, requested_by: admin.user.id, meeting_id: null });
    });

    it('says so when the server refuses to list every recording', async () => {
      const { agent } = await loggedInAgent(ctx.app, admin.user.username);
      paged.failNext('getRecordings', { kind: 'failed', messageKey: 'missingParameters', message: 'param meetingID or recordID must be included.' });
      const page = await agent.get(`/admin/bbb/servers/${pagedServer.id}/recordings`).set('Accept-Language', 'en').expect(200);
      expect(page.text).to.contain('data-code="bbb_missingParameters"').and.contain('refuses to list every recording');
      expect(page.text).to.not.contain('<tr data-record-id=');
    });

    it('explains an empty first page', async () => {
      const empty = await startBbbServer({});
      try {
        const server = await addBbbServer(ctx, empty, { name: 'BBB Empty' });
        const { agent } = await loggedInAgent(ctx.app, admin.user.username);
        const page = await agent.get(`/admin/bbb/servers/${server.id}/recordings`).set('Accept-Language', 'en').expect(200);
        expect(page.text).to.contain('No recording on this server. If you expected some').and.contain('allowFetchAllRecordings');
      } finally {
        await empty.close();
      }
    });
  });
});
