import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, BrowserContext } from 'playwright-core';
import type { DatabaseHandle } from '../../server/src/infra/db.js';
import { encodingDriver } from '../helpers/encoding-states.js';
import { launchBrowser, logIn, newPage, pollUntil } from './helpers/browser.js';
import { startLectern, type LecternServer } from './helpers/lectern-server.js';
import { makeClip } from './helpers/media.js';
import { openServerDatabase } from './helpers/server-database.js';

/**
 * An administrator imports videos from the page; the run's page then follows the encoding of the
 * created video without being reloaded (no worker runs: the test moves the job in the database).
 */
describe('browser: import page progress', () => {
  let server: LecternServer;
  let browser: Browser;
  let database: DatabaseHandle;
  let workDir: string;
  const contexts: BrowserContext[] = [];

  before(async function () {
    this.timeout(120_000);
    workDir = await mkdtemp(path.join(os.tmpdir(), 'lectern-browser-import-'));
    const importDir = path.join(workDir, 'import');
    await mkdir(importDir);
    await makeClip(path.join(importDir, 'clip.mp4'), 1);
    browser = await launchBrowser();
    server = await startLectern({ env: { ENCODING_WORKERS: '0', IMPORT_DIR: importDir } });
    await server.createUser('teacher', { password: 'teacher-password-2024', staff: true });
    database = await openServerDatabase(server);
  });
  after(async function () {
    this.timeout(60_000);
    await Promise.all(contexts.map((context) => context.close()));
    await database?.close();
    await browser?.close();
    await server?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('imports from the form, then moves the encoding bar of the created video as it encodes', async () => {
    const opened = await newPage(browser, 'en-GB');
    contexts.push(opened.context);
    const { page } = opened;
    await logIn(page, server.baseUrl, server.adminUsername, server.adminPassword);
    const csv = path.join(workDir, 'videos.csv');
    await writeFile(csv, 'teacher;;Importée depuis la page;;;;clip.mp4\n');
    await page.goto(`${server.baseUrl}/admin/imports`);
    await page.check('#kind-videos');
    await page.setInputFiles('#file', csv);
    await page.click('button[value="import"]');
    await page.waitForURL(/\/admin\/imports\/[0-9a-f-]{36}$/);

    // The run ends in a moment: the page shows its outcome (reloading itself once if it was still running).
    const row = page.locator('tr[data-video-id]');
    await pollUntil(async () => (await row.count()) === 1, 'the created video to be listed');
    expect(await page.locator('#import-rows').textContent()).to.equal('1 of 1 rows: 1 created, 0 unchanged, 0 rejected');
    expect(await page.locator('#import-bar').getAttribute('value')).to.equal('1');
    const id = Number(await row.getAttribute('data-video-id'));
    const badge = row.locator('.badge[data-status]');
    const bar = row.locator('progress');
    expect(await badge.textContent()).to.equal('Queued for encoding');
    await page.evaluate('window.lecternNotReloaded = true');

    const driver = encodingDriver(database.db);
    await driver.start(id, 20);
    await pollUntil(async () => (await badge.textContent()) === 'Encoding' && (await bar.isVisible()), 'the row to show the encoding');
    await pollUntil(async () => (await bar.getAttribute('aria-label')) === 'Encoding: 20% — transcoding', 'the bar at 20 %');
    await driver.publish(id);
    await pollUntil(async () => (await badge.textContent()) === 'Ready', 'the row to say ready');
    expect(await bar.isHidden()).to.equal(true);
    expect(await page.evaluate<boolean>('window.lecternNotReloaded === true'), 'followed without reloading').to.equal(true);
  });
});
