import http from 'node:http';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { createUser } from '../helpers/factories.js';
import { authorizedLaunch, startLtiWorld, type LtiWorld } from '../helpers/lti-tool.js';
import { lectureClip } from '../helpers/media.js';
import { encodedVideo } from '../helpers/published-video.js';
import { listenOnLoopback, type RunningServer } from '../helpers/running-server.js';
import { startTestCluster, stopTestCluster } from '../helpers/test-database.js';
import { launchBrowser, newPage, pollUntil } from './helpers/browser.js';
import { escapeAttribute } from './helpers/text.js';
import type { StoredScore } from '../helpers/lti-platform/platform-state.js';

interface PostedScore {
  readonly body: { userId: string; scoreGiven: number; scoreMaximum: number; activityProgress: string; gradingProgress: string };
}

/**
 * Grades from real playback in chromium: a learner's launch page (posted by the platform's
 * form, no cookie) plays the video; the player reports the segments it played; Lectern posts
 * the watched share to the platform double's line item. Skipping by seeking counts nothing.
 */
describe('browser: LTI grades from the segments actually played', function () {
  this.timeout(180_000);
  let world: LtiWorld;
  let server: RunningServer;
  let browser: Browser;
  let videoId: number;

  before(async () => {
    await startTestCluster();
    world = await startLtiWorld({ workers: 1 });
    server = await listenOnLoopback(http.createServer(world.ctx.app));
    browser = await launchBrowser();
    const { user: teacher } = await createUser(world.ctx);
    videoId = (await encodedVideo(world.ctx, teacher, await lectureClip({ seconds: 8, width: 320, height: 240 }))).id;
    world.platform.addUser({ id: '4', username: 'student1', name: 'Sam Student' });
    world.platform.addUser({ id: '5', username: 'student2', name: 'Sue Student' });
    world.platform.addCourse({ id: '2', label: 'LAB101', members: ['4', '5'] });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await world?.close();
    await stopTestCluster();
  });

  /** Adds a graded activity, then posts the learner's launch from a page as auth.php's form does. */
  async function launchInBrowser(page: Page, user: string, resourceLink: string): Promise<void> {
    world.platform.addResourceLink({ courseId: '2', id: resourceLink, custom: { video: String(videoId), video_sig: world.ctx.services.ltiLinkSigner.sign(videoId) } });
    const auth = await authorizedLaunch(world, { user, resourceLink });
    const inputs = Object.entries(auth.fields).map(([name, value]) => `<input type="hidden" name="${escapeAttribute(name)}" value="${escapeAttribute(value)}">`);
    await page.setContent(`<form method="post" action="http://127.0.0.1:${server.port}/lti/launch">${inputs.join('')}</form>`);
    await Promise.all([page.waitForURL(`http://127.0.0.1:${server.port}/lti/launch`), page.evaluate('document.forms[0].submit()')]);
    await page.locator('#lectern-player[data-ready="true"]').waitFor({ timeout: 20_000 });
  }

  function scoresOf(user: string): PostedScore[] {
    return (world.platform.state.scores as readonly StoredScore[] as unknown as PostedScore[]).filter((score) => score.body.userId === user);
  }

  async function playToTheEnd(page: Page): Promise<void> {
    await page.evaluate('window.lecternPlayer.player.muted(true); window.lecternPlayer.player.play()');
    await pollUntil(async () => (await page.evaluate<boolean>('window.lecternPlayer.player.ended()')) === true, 'the video to end', 30_000);
  }

  it('posts a Completed score of about the whole video once it has been played through', async () => {
    const { page, context } = await newPage(browser, 'en-GB');
    await launchInBrowser(page, '4', '41');
    expect(await context.cookies()).to.deep.equal([]);
    await playToTheEnd(page);
    await pollUntil(() => scoresOf('4').some((score) => score.body.activityProgress === 'Completed'), 'a Completed score', 30_000);
    const completed = scoresOf('4').find((score) => score.body.activityProgress === 'Completed')!;
    expect(completed.body).to.include({ scoreMaximum: 100, gradingProgress: 'FullyGraded' });
    expect(completed.body.scoreGiven).to.be.at.least(90).and.at.most(100);
    await context.close();
  });

  it('counts only what was played after seeking past the middle', async () => {
    const { page, context } = await newPage(browser, 'en-GB');
    await launchInBrowser(page, '5', '51');
    await page.evaluate('window.lecternPlayer.player.currentTime(6)');
    await playToTheEnd(page);
    // From 6 s to the end of 8 s: a quarter of the video (the reports at pause and end carry it).
    await pollUntil(() => (scoresOf('5').at(-1)?.body.scoreGiven ?? 0) >= 20, 'the second learner\'s score to cover the part played', 30_000);
    const last = scoresOf('5').at(-1)!;
    expect(last.body.activityProgress).to.equal('InProgress');
    expect(last.body.scoreGiven).to.be.greaterThan(0).and.below(50);
    await context.close();
  });
});
