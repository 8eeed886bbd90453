import type { Page } from 'playwright-core';
import { pollUntil } from './browser.js';

/** Drives /my/videos/upload: what the page shows while tus-js-client sends a file. */

export interface ProgressSample {
  /** The <progress id="upload-bar"> value, in percent. */
  readonly percent: number;
  /** The text of #upload-status at that moment. */
  readonly status: string;
}

/**
 * Records every change of the upload bar and status text of this page, across navigations,
 * into the returned array (the page reports them to the test through an exposed function).
 */
export async function recordUploadProgress(page: Page): Promise<ProgressSample[]> {
  const samples: ProgressSample[] = [];
  await page.exposeFunction('lecternReportProgress', (percent: number, status: string) => {
    samples.push({ percent, status });
  });
  await page.addInitScript(`
    document.addEventListener('DOMContentLoaded', () => {
      const bar = document.querySelector('#upload-bar');
      const status = document.querySelector('#upload-status');
      if (!bar || !status) return;
      const report = () => window.lecternReportProgress(bar.value, status.textContent || '');
      const observer = new MutationObserver(report);
      observer.observe(bar, { attributes: true, attributeFilter: ['aria-valuetext'] });
      observer.observe(status, { childList: true, characterData: true, subtree: true });
    });
  `);
  return samples;
}

/** Chooses `file` on the upload page, optionally titles it, and submits. */
export async function submitUpload(page: Page, file: string, title?: string): Promise<void> {
  await page.locator('#file').setInputFiles(file);
  if (title !== undefined) await page.locator('#title').fill(title);
  await page.locator('#upload-form button[type=submit]').click();
}

/**
 * Waits for the page to land on the edit page of the uploaded video and returns its id; fails
 * at once with the page's message if the upload error appears instead.
 */
export async function waitForEditPage(page: Page, baseUrl: string, timeout = 45_000): Promise<number> {
  const editPage = new RegExp(`^${baseUrl.replace(/[.]/g, '\\.')}/my/videos/(\\d+)/edit$`);
  let failure: string | null = null;
  await pollUntil(async () => {
    if (editPage.test(page.url())) return true;
    if (await page.locator('#upload-error').isVisible()) failure = (await page.locator('#upload-error').textContent()) ?? '';
    return failure !== null;
  }, 'the edit page after the upload', timeout);
  if (failure !== null) throw new Error(`the page reports a failed upload instead of opening the video: ${failure}`);
  await page.waitForLoadState('load');
  return Number(editPage.exec(page.url())![1]);
}

/** Uploads `file` through the page (no throttling) and returns the new video's id. */
export async function uploadThroughPage(page: Page, baseUrl: string, file: string, title?: string): Promise<number> {
  await page.goto(`${baseUrl}/my/videos/upload`);
  await submitUpload(page, file, title);
  return waitForEditPage(page, baseUrl);
}
