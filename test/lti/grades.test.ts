import { expect } from 'chai';
import request from 'supertest';
import type { User } from '../../server/src/domain/users/user.js';
import type { Video } from '../../server/src/domain/videos/video.js';
import { createUser } from '../helpers/factories.js';
import { startPlatform, type LtiPlatform } from '../helpers/lti-platform/index.js';
import { launch, playerConfigIn, startLtiWorld, type LtiWorld } from '../helpers/lti-tool.js';
import { videoClip } from '../helpers/media.js';
import { cloneEncoded, encodedVideo } from '../helpers/published-video.js';
import { TEST_PUBLIC_URL } from '../helpers/test-app.js';

/**
 * Grades back to the LMS end to end (LTI AGS with the Moodle double): a student's launch of a
 * graded link gives the player a progress endpoint; reported segments become the watched share;
 * the score job posts it to the line item (token endpoint, exact media type, whole-second
 * timestamps), once per score.
 */
describe('LTI grades (AGS scores from played segments)', function () {
  this.timeout(180_000);
  let world: LtiWorld;
  let teacher: User;
  let template: Video;
  let nextLink = 100;

  before(async () => {
    world = await startLtiWorld({ workers: 1 });
    teacher = (await createUser(world.ctx)).user;
    template = await encodedVideo(world.ctx, teacher, await videoClip());
    world.platform.addUser({ id: '3', username: 'teacher1', name: 'Terry Teacher', roles: ['Instructor'] });
    world.platform.addUser({ id: '4', username: 'student1', name: 'Sam Student' });
    world.platform.addCourse({ id: '2', label: 'LAB101', title: 'Lab course 101', members: ['3', '4'] });
  });
  after(async () => world?.close());

  /** A signed link in `platform`'s course 2 to a fresh copy of the clip, 100 s long for easy shares. */
  async function gradedLink(platform: LtiPlatform, options: { completion?: string; lineItem?: false } = {}): Promise<{ id: string; video: Video }> {
    const video = await cloneEncoded(world.ctx, template, teacher, { title: 'Graded lecture' });
    await world.ctx.database.db.updateTable('videos').set({ duration_seconds: 100 }).where('id', '=', video.id).execute();
    const custom: Record<string, string> = { video: String(video.id), video_sig: world.ctx.services.ltiLinkSigner.sign(video.id) };
    if (options.completion) custom.completion = options.completion;
    const id = String((nextLink += 1));
    platform.addResourceLink({ courseId: '2', id, title: `Graded ${id}`, custom, ...(options.lineItem === false ? { lineItem: false as const } : {}) });
    return { id, video };
  }

  async function progressOf(platform: LtiPlatform, user: string, resourceLink: string): Promise<{ url: string; token: string } | undefined> {
    const res = await launch({ ...world, platform }, { user, resourceLink });
    expect(res.status, res.text).to.equal(200);
    return (playerConfigIn(res.text) as { progress?: { url: string; token: string } }).progress;
  }

  function report(progress: { url: string; token: string }, segments: number[][]) {
    return request(world.ctx.app).post(progress.url).set('X-Lectern-Progress', progress.token).send({ segments });
  }

  async function row(resourceLink: string) {
    return world.ctx.database.db
      .selectFrom('lti_progress as p')
      .innerJoin('lti_links as l', 'l.id', 'p.link_id')
      .select(['p.subject', 'p.segments', 'p.watched', 'p.posted', 'p.posted_at', 'p.score_error', 'p.score_queued_at'])
      .where('l.resource_link_id', '=', resourceLink)
      .executeTakeFirstOrThrow();
  }

  /** Polls the database until `check` holds (deadline 30 s): jobs run on their own schedule (a job records the score, then clears its pending mark). */
  async function until<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const value = await read();
      if (check(value)) return value;
      if (Date.now() > deadline) throw new Error(`condition not reached; last value ${JSON.stringify(value)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  function scoresOn(platform: LtiPlatform, resourceLink: string) {
    const item = platform.lineItems('2').find((lineItem) => lineItem.resourceLinkId === resourceLink);
    expect(item, 'line item').to.not.equal(undefined);
    return platform.state.scores.filter((score) => score.lineItemId === item!.id);
  }

  async function pendingScoreJobs(): Promise<number> {
    const result = await world.ctx.database.pool.query("SELECT count(*)::int AS n FROM agenda_jobs WHERE name = 'lti.score'");
    return (result.rows[0] as { n: number }).n;
  }

  it('posts a student\'s watched share to the line item, then nothing more for the same progress', async () => {
    const link = await gradedLink(world.platform);
    const progress = await progressOf(world.platform, '4', link.id);
    expect(progress?.url).to.equal('/lti/progress');
    await report(progress!, [[0, 30]]).expect(204);
    const posted = await until(() => row(link.id), (r) => r.posted !== null && r.score_queued_at === null);
    expect(posted).to.include({ subject: '4', watched: 0.3, posted: 0.3, score_error: null, score_queued_at: null });
    const scores = scoresOn(world.platform, link.id);
    expect(scores).to.have.length(1);
    const { timestamp, ...body } = scores[0]!.body;
    expect(body).to.deep.equal({ userId: '4', scoreGiven: 30, scoreMaximum: 100, activityProgress: 'InProgress', gradingProgress: 'FullyGraded' });
    expect(timestamp).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    expect(Date.parse(timestamp as string)).to.equal(posted.posted_at!.getTime());

    // The same progress again (and a part of it): stored, no job, no score.
    await report(progress!, [[0, 30]]).expect(204);
    await report(progress!, [[10, 20]]).expect(204);
    expect(await row(link.id)).to.include({ watched: 0.3, score_queued_at: null });
    expect(await pendingScoreJobs()).to.equal(0);
    expect(scoresOn(world.platform, link.id)).to.have.length(1);

    // More watched: a second score, stamped later.
    await report(progress!, [[30, 45]]).expect(204);
    await until(() => row(link.id), (r) => r.posted === 0.45);
    const [first, second] = scoresOn(world.platform, link.id);
    expect(second!.body).to.include({ userId: '4', scoreGiven: 45, activityProgress: 'InProgress' });
    expect(second!.timestampMs).to.be.greaterThan(first!.timestampMs);
  });

  it('does not count the part skipped by seeking past the middle', async () => {
    const link = await gradedLink(world.platform);
    const progress = await progressOf(world.platform, '4', link.id);
    await report(progress!, [[0, 10]]).expect(204);
    await report(progress!, [[60, 70], [69, 75]]).expect(204);
    const posted = await until(() => row(link.id), (r) => r.posted === 0.25 && r.score_queued_at === null);
    expect(posted.segments).to.deep.equal([[0, 10], [60, 75]]);
    expect(scoresOn(world.platform, link.id).at(-1)!.body).to.include({ scoreGiven: 25, activityProgress: 'InProgress' });
  });

  it('marks the activity Completed from the link\'s completion threshold (custom parameter)', async () => {
    const link = await gradedLink(world.platform, { completion: '50' });
    const progress = await progressOf(world.platform, '4', link.id);
    await report(progress!, [[0, 49]]).expect(204);
    await until(() => row(link.id), (r) => r.posted === 0.49);
    await report(progress!, [[49, 55]]).expect(204);
    await until(() => row(link.id), (r) => r.posted === 0.55);
    expect(scoresOn(world.platform, link.id).map((score) => [score.body.scoreGiven, score.body.activityProgress])).to.deep.equal([
      [49, 'InProgress'],
      [55, 'Completed'],
    ]);
  });

  it('records progress on a link without a line item but never posts a score', async () => {
    const link = await gradedLink(world.platform, { lineItem: false });
    const progress = await progressOf(world.platform, '4', link.id);
    await report(progress!, [[0, 100]]).expect(204);
    expect(await row(link.id)).to.include({ watched: 1, posted: null, score_queued_at: null });
    expect(await pendingScoreJobs()).to.equal(0);
    expect(world.platform.lineItems('2').some((item) => item.resourceLinkId === link.id)).to.equal(false);
  });

  it('gives no progress endpoint to a teacher (platforms grade learners only)', async () => {
    const link = await gradedLink(world.platform);
    expect(await progressOf(world.platform, '3', link.id)).to.equal(undefined);
  });

  it('asks for a new access token when the platform refuses the cached one (401), and then posts', async () => {
    const link = await gradedLink(world.platform);
    const progress = await progressOf(world.platform, '4', link.id);
    await report(progress!, [[0, 20]]).expect(204);
    await until(() => row(link.id), (r) => r.posted === 0.2 && r.score_queued_at === null);
    const requestsBefore = world.platform.state.tokenRequests.length;
    world.platform.state.tokens.clear(); // the platform revokes every token it issued
    await report(progress!, [[20, 35]]).expect(204);
    const posted = await until(() => row(link.id), (r) => r.posted === 0.35 && r.score_queued_at === null);
    expect(posted.score_error).to.equal(null);
    expect(world.platform.state.tokenRequests.length).to.be.greaterThan(requestsBefore);
    expect(scoresOn(world.platform, link.id).map((score) => score.body.scoreGiven)).to.deep.equal([20, 35]);
  });

  it('records the error when the platform fails, and a retry posts the score', async () => {
    // A platform of its own, so that no access token is cached for it yet: its token endpoint
    // fails (it cannot read Lectern's keyset) until the test lets it.
    let keysetReadable = false;
    const flaky = await startPlatform({
      toolBase: TEST_PUBLIC_URL,
      fetchJwks: async (url) => {
        if (!keysetReadable) throw new Error('keyset unreachable');
        return (await request(world.ctx.app).get(new URL(url).pathname).expect(200)).body;
      },
    });
    try {
      await world.ctx.services.ltiPlatformService.add(world.admin, {
        name: 'Flaky Moodle',
        issuer: flaky.issuer,
        clientId: flaky.clientId,
        authenticationEndpoint: flaky.endpoints.auth,
        accessTokenEndpoint: flaky.endpoints.token,
        jwksUrl: flaky.endpoints.jwks,
        deploymentIds: [flaky.deploymentId],
      });
      flaky.addUser({ id: '4', username: 'student1', name: 'Sam Student' });
      flaky.addCourse({ id: '2', label: 'LAB101', members: ['4'] });
      const link = await gradedLink(flaky);
      const progress = await progressOf(flaky, '4', link.id);
      await report(progress!, [[0, 40]]).expect(204);
      const failed = await until(() => row(link.id), (r) => r.score_error !== null);
      expect(failed.score_error).to.match(/^no access token from the platform/);
      expect(failed.posted).to.equal(null);
      expect(scoresOn(flaky, link.id)).to.have.length(0);

      keysetReadable = true;
      const posted = await until(() => row(link.id), (r) => r.posted === 0.4 && r.score_queued_at === null);
      expect(posted).to.include({ score_error: null, score_queued_at: null });
      expect(scoresOn(flaky, link.id).map((score) => score.body.scoreGiven)).to.deep.equal([40]);
    } finally {
      await flaky.close();
    }
  });
});
