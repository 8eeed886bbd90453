import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DatabaseHandle } from '../../server/src/infra/db.js';
import { encodingDriver } from '../helpers/encoding-states.js';
import { launchBrowser, logIn, newPage, pollUntil } from './helpers/browser.js';
import { startLectern, type LecternServer } from './helpers/lectern-server.js';
import { makeClip } from './helpers/media.js';
import { openServerDatabase } from './helpers/server-database.js';
import { uploadThroughPage } from './helpers/upload-page.js';

const TEACHER = { username: 'teacher', password: 'teacher-password-2024' };

/**
 * The live encoding state of My videos and of the edit page. No worker runs in the server
 * (ENCODING_WORKERS=0): the test plays the worker, moving the job through the database while
 * the page is open, and checks that the page follows without being reloaded.
 */
describe('browser: live encoding progress', () => {
  let server: LecternServer;
  let browser: Browser;
  let database: DatabaseHandle;
  let workDir: string;
  let clip: string;
  const contexts: BrowserContext[] = [];

  before(async function () {
    this.timeout(120_000);
    workDir = await mkdtemp(path.join(os.tmpdir(), 'lectern-browser-media-'));
    browser = await launchBrowser();
    server = await startLectern({ env: { ENCODING_WORKERS: '0' } });
    await server.createUser(TEACHER.username, { password: TEACHER.password, staff: true });
    database = await openServerDatabase(server);
    clip = await makeClip(path.join(workDir, 'clip.mp4'), 1);
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  after(async function () {
    this.timeout(60_000);
    await database?.close();
    await browser?.close();
    await server?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  /** A logged-in page in English with a freshly uploaded (so queued) video; a marker that a reload would erase. */
  async function pageWithQueuedVideo(title: string): Promise<{ page: Page; id: number }> {
    const opened = await newPage(browser, 'en-GB');
    contexts.push(opened.context);
    const { page } = opened;
    await logIn(page, server.baseUrl, TEACHER.username, TEACHER.password);
    const id = await uploadThroughPage(page, server.baseUrl, clip, title);
    return { page, id };
  }

  const markPage = (page: Page) => page.evaluate('window.lecternNotReloaded = true');
  const stillSamePage = (page: Page) => page.evaluate<boolean>('window.lecternNotReloaded === true');

  it('moves the bar on My videos as the encoding reports, then turns the row "failed" with a Retry button', async () => {
    const { page, id } = await pageWithQueuedVideo('Live lecture');
    const polls: string[] = [];
    page.on('request', (request) => {
      if (request.url().startsWith(`${server.baseUrl}/api/v1/videos/${id}`)) polls.push(request.url());
    });
    await page.goto(`${server.baseUrl}/my/videos`);
    await markPage(page);
    const row = page.locator(`tr[data-video-id="${id}"]`);
    const badge = row.locator('.badge[data-status]');
    const bar = row.locator('progress');
    expect(await badge.textContent()).to.equal('Queued for encoding');
    expect(await bar.isHidden(), 'no bar while queued').to.equal(true);

    const driver = encodingDriver(database.db);
    await driver.start(id, 20);
    await pollUntil(async () => (await badge.textContent()) === 'Encoding' && (await bar.isVisible()), 'the row to show the encoding');
    await pollUntil(async () => (await bar.getAttribute('aria-label')) === 'Encoding: 20% — transcoding', 'the bar at 20 %');
    await driver.report(id, 50);
    await pollUntil(async () => (await bar.getAttribute('value')) === '50', 'the bar to move to 50 %');
    expect(await bar.getAttribute('aria-label')).to.equal('Encoding: 50% — transcoding');
    expect(await row.locator('[data-encoding-step]').textContent()).to.equal('50% — transcoding');
    expect(await page.locator('#encoding-announcer').textContent()).to.equal('Encoding of “Live lecture” has started.');

    await driver.fail(id);
    await pollUntil(async () => (await badge.textContent()) === 'Failed', 'the row to turn failed');
    const failedRow = page.locator(`tr[data-video-id="${id}"]`);
    await pollUntil(() => failedRow.locator(`form[action="/my/videos/${id}/encode"] button`).isVisible(), 'the Retry button of the final row');
    expect(await failedRow.locator('.encoding-error').textContent()).to.equal('The file could not be decoded: it is probably damaged or in an unusual format.');
    expect(await failedRow.locator('progress').count(), 'no bar once failed').to.equal(0);
    expect(await failedRow.getAttribute('data-encoding-live'), 'no longer live').to.equal(null);
    expect(await page.locator('#encoding-announcer').textContent()).to.equal(
      'Encoding of “Live lecture” failed: The file could not be decoded: it is probably damaged or in an unusual format.',
    );
    expect(await stillSamePage(page), 'the page was not reloaded').to.equal(true);

    // Polling stops for good once the encoding is over.
    const count = polls.length;
    await page.waitForTimeout(4500);
    expect(polls.length, 'no poll after the final state').to.equal(count);
  });

  it('pauses while the tab is hidden, and turns the edit page "ready" with the thumbnail chooser', async () => {
    const { page, id } = await pageWithQueuedVideo('Ready lecture');
    let polls = 0;
    page.on('request', (request) => {
      if (request.url() === `${server.baseUrl}/api/v1/videos/${id}`) polls += 1;
    });
    await markPage(page);
    const statusBadge = page.locator('main .badge[data-status]');
    const section = page.locator('#encoding');
    expect(await statusBadge.textContent()).to.equal('Queued for encoding');

    // A hidden tab does not poll; it catches up as soon as it is visible again.
    await page.evaluate(`Object.defineProperty(document, 'hidden', { configurable: true, get: () => true }); document.dispatchEvent(new Event('visibilitychange'))`);
    const hiddenFrom = polls;
    await page.waitForTimeout(4500);
    expect(polls, 'no poll while hidden').to.equal(hiddenFrom);
    const driver = encodingDriver(database.db);
    await driver.start(id, 60);
    await page.evaluate(`delete document.hidden; document.dispatchEvent(new Event('visibilitychange'))`);
    await pollUntil(async () => (await statusBadge.textContent()) === 'Encoding', 'the edit page to catch up after the tab is shown', 3000);
    expect(await section.locator('progress').getAttribute('aria-label')).to.equal('Encoding: 60% — transcoding');

    await driver.publish(id, 3);
    await pollUntil(async () => (await statusBadge.textContent()) === 'Ready', 'the badge to say ready');
    await pollUntil(() => page.locator('input[name=index][type=radio]').first().isVisible(), 'the thumbnail chooser');
    expect(await page.getByRole('radio', { name: 'Thumbnail 2 of 3' }).isChecked()).to.equal(true);
    expect(await page.getByRole('button', { name: 'Re-encode' }).isVisible()).to.equal(true);
    expect(await page.locator('#encoding progress').count()).to.equal(0);
    expect(await page.locator('#encoding-announcer').textContent()).to.equal('“Ready lecture” is ready.');
    expect(await stillSamePage(page), 'the page was not reloaded').to.equal(true);
  });
});
