import http from 'node:http';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import type { Video } from '../../server/src/domain/videos/video.js';
import { createVideo } from '../helpers/factories.js';
import { authorizedLaunch, startLtiWorld, type LtiWorld } from '../helpers/lti-tool.js';
import { listenOnLoopback, type RunningServer } from '../helpers/running-server.js';
import { startTestCluster, stopTestCluster } from '../helpers/test-database.js';
import { launchBrowser, newPage, pollUntil, tabTo } from './helpers/browser.js';
import { escapeAttribute } from './helpers/text.js';

/**
 * The deep-linking picker in chromium: opened by the platform's posted id_token (no cookie),
 * searched and chosen with the keyboard; its answer form posts the signed JWT to the platform's
 * return URL by itself (pages.js, no inline script), which the test intercepts and verifies.
 */
describe('browser: the LTI deep-linking picker', function () {
  this.timeout(120_000);
  let world: LtiWorld;
  let server: RunningServer;
  let browser: Browser;
  let lab: Video;

  before(async () => {
    await startTestCluster();
    world = await startLtiWorld();
    server = await listenOnLoopback(http.createServer(world.ctx.app));
    browser = await launchBrowser();
    world.platform.addUser({ id: '3', username: 'teacher1', name: 'Terry Teacher', roles: ['Instructor'] });
    world.platform.addCourse({ id: '2', label: 'LAB101', title: 'Lab course 101', members: ['3'] });
    // A first "Select content" creates the teacher's account; their videos are then made for it.
    const first = await authorizedLaunch(world, { user: '3', message: 'deeplink', course: '2' });
    await request(world.ctx.app).post('/lti/deeplink').type('form').send(first.fields).expect(200);
    const teacher = await world.ctx.services.userService.getById((await world.ctx.services.userIdentities.userOf('lti', world.platform.issuer, '3'))!);
    lab = await createVideo(world.ctx, teacher, { title: 'Lab safety' });
    await createVideo(world.ctx, teacher, { title: 'Week 1 lecture' });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await world?.close();
    await stopTestCluster();
  });

  /** The platform's auto-submit form (auth.php's answer) posting a fresh deep-linking id_token to Lectern. */
  async function openPicker(page: Page): Promise<void> {
    const auth = await authorizedLaunch(world, { user: '3', message: 'deeplink', course: '2' });
    const inputs = Object.entries(auth.fields).map(([name, value]) => `<input type="hidden" name="${escapeAttribute(name)}" value="${escapeAttribute(value)}">`);
    await page.setContent(`<form method="post" action="http://127.0.0.1:${server.port}/lti/deeplink">${inputs.join('')}</form>`);
    await Promise.all([page.waitForURL(`http://127.0.0.1:${server.port}/lti/deeplink`), page.evaluate('document.forms[0].submit()')]);
    await page.locator('#lti-picker').waitFor();
  }

  it('searches, selects and submits with the keyboard; the answer reaches the platform signed', async () => {
    const { page } = await newPage(browser, 'en-GB');
    const posted: string[] = [];
    await page.route(`${world.platform.issuer}/mod/lti/contentitem_return.php**`, async (route) => {
      posted.push(route.request().postData() ?? '');
      await route.fulfill({ status: 200, contentType: 'text/html', body: '<p>Moodle saved it</p>' });
    });
    await openPicker(page);

    await tabTo(page, '#picker-q');
    await page.keyboard.type('safety');
    await Promise.all([page.waitForURL(`http://127.0.0.1:${server.port}/lti/picker`), page.keyboard.press('Enter')]);
    await page.locator('#picker-q').waitFor();
    expect(await page.locator('.picker-item').allTextContents()).to.have.length(1);
    expect(await page.locator('.picker-item strong').textContent()).to.equal('Lab safety');

    await tabTo(page, `#pick-${lab.id}`);
    await page.keyboard.press('Space');
    expect(await page.locator(`#pick-${lab.id}`).isChecked()).to.equal(true);
    expect(await page.locator('#picker-count').textContent()).to.equal('1 selected');
    expect(await page.locator('#picker-count').getAttribute('aria-live')).to.equal('polite');

    await tabTo(page, '#picker-submit');
    await page.keyboard.press('Enter');
    await pollUntil(() => posted.length > 0, 'the answer posted to the platform');
    const jwt = new URLSearchParams(posted[0]).get('JWT');
    const verified = await world.platform.verifyDeepLinkingResponse(jwt ?? '');
    expect(verified.items.map((item) => item.custom?.video)).to.deep.equal([String(lab.id)]);
    await page.context().close();
  });
});
