import { expect } from 'chai';
import type { BbbServer } from '../../server/src/domain/meetings/bbb-server.js';
import { addBbbServer, addMeeting, importRowsOf, type TestMeeting } from '../helpers/bbb-recordings.js';
import { startBbbServer, type BbbServerDouble } from '../helpers/bbb-server/index.js';
import { createUser, type UserWithToken } from '../helpers/factories.js';
import { meetingDraft } from '../helpers/meetings.js';
import { expectProblem } from '../helpers/problem.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { loggedInAgent } from '../helpers/web-session.js';

/** Each server section of a recordings page, by server id. */
const sectionsOf = (page: string): Map<number, string> =>
  new Map([...page.matchAll(/<section [^>]*data-server-id="(\d+)"[^>]*>([\s\S]*?)<\/section>/g)].map((match) => [Number(match[1]), match[2]!]));
const timesListed = (page: string, recordId: string) => page.split(`data-record-id="${recordId}"`).length - 1;

/**
 * A meeting keeps the server it last ran on: its recordings there stay in "My recordings" and
 * importable after the site's default server changed (and the former one was deactivated), or
 * after its own chosen server changed.
 */
describe('"My recordings" after a meeting’s server changed', () => {
  let ctx: TestApp;
  let former: BbbServerDouble;
  let current: BbbServerDouble;
  let formerServer: BbbServer;
  let currentServer: BbbServer;
  let teacher: UserWithToken;
  let follows: TestMeeting;
  let moved: TestMeeting;
  let idle: TestMeeting;
  const ids: Record<string, string> = {};

  const startOn = async (meeting: TestMeeting) => {
    const full = await ctx.services.meetingService.get(teacher.user, meeting.id);
    await ctx.services.meetingSessions.start(teacher.user, full);
  };

  before(async () => {
    ctx = await buildTestApp({ BBB_RETRIES: '0' });
    former = await startBbbServer({});
    current = await startBbbServer({});
    formerServer = await addBbbServer(ctx, former, { name: 'BBB Former', isDefault: true });
    currentServer = await addBbbServer(ctx, current, { name: 'BBB Current' });
    teacher = await createUser(ctx, { role: 'staff' });
    // One follows the default server, one chose the former server; both ran there and were recorded.
    follows = await addMeeting(ctx, teacher.user, { name: 'Follows the default' });
    moved = await addMeeting(ctx, teacher.user, { name: 'Moved meeting', serverId: formerServer.id });
    idle = await addMeeting(ctx, teacher.user, { name: 'Never started' });
    await startOn(follows);
    await startOn(moved);
    ids.follows = (await former.addRecording({ meetingID: follows.bbbMeetingId, name: 'Follows 1', formats: ['video'] })).recordID;
    ids.moved = (await former.addRecording({ meetingID: moved.bbbMeetingId, name: 'Moved 1', formats: ['video'] })).recordID;
    ids.current = (await current.addRecording({ meetingID: follows.bbbMeetingId, name: 'Follows 2', formats: ['video'] })).recordID;
    ids.idle = (await former.addRecording({ meetingID: idle.bbbMeetingId, name: 'Not from Lectern', formats: ['video'] })).recordID;
    // Then the owner moves one meeting, the administrator the default, and the former server is deactivated.
    await ctx.services.meetingService.update(teacher.user, moved.id, meetingDraft({ name: 'Moved meeting', serverId: currentServer.id }));
    await ctx.services.bbbServers.setDefault(currentServer.id);
    await ctx.services.bbbServers.setActive(formerServer.id, false);
  });
  after(async () => {
    await former?.close();
    await current?.close();
    await ctx?.close();
  });

  it('lists each recording once, under the server it is on: the former one for what the meetings recorded there', async () => {
    const { agent } = await loggedInAgent(ctx.app, teacher.user.username);
    const page = (await agent.get('/meetings/recordings').set('Accept-Language', 'en').expect(200)).text;
    const sections = sectionsOf(page);
    expect(sections.get(formerServer.id)).to.contain(ids.follows).and.contain(ids.moved).and.not.contain(ids.current);
    expect(sections.get(currentServer.id)).to.contain(ids.current).and.not.contain(ids.follows);
    for (const recordId of [ids.follows!, ids.moved!, ids.current!]) expect(timesListed(page, recordId), recordId).to.equal(1);
    // The never-started meeting's servers are the default one only: the former server is not asked for it.
    expect(page).to.not.contain(ids.idle);
    const asked = (double: BbbServerDouble) => double.calls.filter((c) => c.call === 'getRecordings').at(-1)!.query.get('meetingID')!.split(',').sort();
    expect(asked(former)).to.deep.equal([follows.bbbMeetingId, moved.bbbMeetingId].sort());
    expect(asked(current)).to.deep.equal([follows.bbbMeetingId, moved.bbbMeetingId, idle.bbbMeetingId].sort());

    const one = (await agent.get(`/meetings/recordings?meeting=${follows.id}`).expect(200)).text;
    expect(sectionsOf(one).get(formerServer.id)).to.contain(ids.follows);
    expect(sectionsOf(one).get(currentServer.id)).to.contain(ids.current);
  });

  it('imports a recording of the former server for the meeting’s owner, and refuses one of a server the meeting never used (403 recording_not_yours)', async () => {
    const { agent, csrf } = await loggedInAgent(ctx.app, teacher.user.username);
    const post = (record: string) => agent.post('/meetings/recordings/import').type('form').set('Accept', 'application/json').send({ _csrf: csrf, server: String(formerServer.id), record, back: '/meetings/recordings' });
    expect((await post(ids.moved!)).status).to.equal(303);
    expect((await importRowsOf(ctx, ids.moved!))[0]).to.include({ trigger: 'manual', server_id: formerServer.id, owner_id: teacher.user.id, meeting_id: moved.id });
    expectProblem(await post(ids.idle!), 403, 'recording_not_yours');
    expect(await importRowsOf(ctx, ids.idle!)).to.have.length(0);
  });
});
