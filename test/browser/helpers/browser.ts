import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';

/** Debian's chromium, driven by playwright-core (no browser download). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`The browser tests need Debian's chromium at ${CHROMIUM_PATH}, which is missing. Install it with: apt-get update && apt-get install -y chromium`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** A fresh context (own cookies and localStorage) whose Accept-Language is `locale`. */
export async function newPage(browser: Browser, locale: 'fr-FR' | 'en-GB' = 'en-GB'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale, viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  return { context, page };
}

/** Whether the focused element of the page matches `selector`. */
export function isFocused(page: Page, selector: string): Promise<boolean> {
  return page.evaluate<boolean>(`!!document.activeElement && document.activeElement.matches(${JSON.stringify(selector)})`);
}

/** Polls `check` (run in Node) until it returns true; fails with `what` after `timeout` ms. */
export async function pollUntil(check: () => boolean | Promise<boolean>, what: string, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Presses Tab (Shift+Tab when `backwards`) until `selector` has the focus (none if it already
 * has); fails after `max` presses.
 */
export async function tabTo(page: Page, selector: string, options: { max?: number; backwards?: boolean } = {}): Promise<void> {
  const { max = 40, backwards = false } = options;
  for (let presses = 0; presses <= max; presses += 1) {
    if (await isFocused(page, selector)) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  const focused = await page.evaluate<string>('document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : "nothing"');
  throw new Error(`${selector} never got the focus after ${max} Tab presses (focus is on ${focused})`);
}

/** The computed outline style of the focused element ('none' means focus is invisible). */
export function focusedOutlineStyle(page: Page): Promise<string> {
  return page.evaluate<string>('document.activeElement ? getComputedStyle(document.activeElement).outlineStyle : "no focused element"');
}

/** Logs in through the login form (a setup step: the keyboard path has its own test). */
export async function logIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await Promise.all([page.waitForURL(`${baseUrl}/my/videos`), page.locator('form[action="/login"] button[type=submit]').click()]);
}

/** One DevTools session per page: conditions set on one session are lifted on the same one. */
const sessions = new WeakMap<Page, CDPSession>();

/**
 * Slows this page's uploads (and downloads) to `bytesPerSecond` with Chromium's own network
 * emulation; `null` lifts the limit.
 */
export async function throttleNetwork(page: Page, bytesPerSecond: number | null): Promise<void> {
  let session = sessions.get(page);
  if (!session) {
    session = await page.context().newCDPSession(page);
    sessions.set(page, session);
    await session.send('Network.enable');
  }
  await session.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    uploadThroughput: bytesPerSecond ?? -1,
    downloadThroughput: bytesPerSecond ?? -1,
  });
}
