import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newPage } from './browser.js';
import { startLectern, type LecternServer } from './lectern-server.js';

export interface Account {
  readonly username: string;
  readonly password: string;
}

export interface BrowserSuite {
  readonly server: LecternServer;
  readonly browser: Browser;
  /** A temporary folder for generated media, removed after the suite. */
  readonly workDir: string;
  /** A staff member (may upload), created with the CLI. */
  readonly teacher: Account;
  /** A page in a fresh context (cookies, localStorage), closed after the test. */
  newPage(locale?: 'fr-FR' | 'en-GB'): Promise<Page>;
}

const TEACHER: Account = { username: 'teacher', password: 'teacher-password-2024' };

/**
 * Mocha hooks for one test file: its own Lectern server (and database), its own chromium,
 * a staff account, and contexts closed after each test. Call at the top of a describe().
 */
export function useBrowserSuite(): BrowserSuite {
  let server: LecternServer | undefined;
  let browser: Browser | undefined;
  let workDir: string | undefined;
  const contexts: BrowserContext[] = [];
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not ready: the before() hook of useBrowserSuite failed`);
    return value;
  };

  before(async function () {
    this.timeout(120_000);
    workDir = await mkdtemp(path.join(os.tmpdir(), 'lectern-browser-media-'));
    browser = await launchBrowser();
    server = await startLectern();
    await server.createUser(TEACHER.username, { password: TEACHER.password, staff: true });
  });

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });

  after(async function () {
    this.timeout(60_000);
    await browser?.close();
    await server?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  return {
    get server() {
      return need(server, 'the Lectern server');
    },
    get browser() {
      return need(browser, 'chromium');
    },
    get workDir() {
      return need(workDir, 'the work folder');
    },
    teacher: TEACHER,
    async newPage(locale = 'en-GB') {
      const opened = await newPage(need(browser, 'chromium'), locale);
      contexts.push(opened.context);
      return opened.page;
    },
  };
}
