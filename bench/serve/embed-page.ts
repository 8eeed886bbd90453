import { launchBrowser } from '../../test/browser/helpers/browser.js';
import type { MediaFixture } from './media-fixture.js';

/**
 * The embed page (`/video/<slug>/?is_iframe=true`) in headless chromium on loopback: the JS and
 * CSS it transfers (gzipped, as the server sends them) and the time from navigation to the
 * first video frame presented (requestVideoFrameCallback), over `loads` cold loads (a fresh
 * browser context each time, so nothing is cached). Targets: ≤ 300 KB, ≤ 1 s.
 */
export interface EmbedPageFigures {
  readonly transferredBytes: number;
  readonly files: readonly { readonly name: string; readonly bytes: number }[];
  readonly firstFrameMs: readonly number[];
}

/** Installed before the page's scripts: notes when the first frame of the first <video> shows. */
const FIRST_FRAME_PROBE = `
  new MutationObserver((_, observer) => {
    const video = document.querySelector('video');
    if (!video) return;
    observer.disconnect();
    video.requestVideoFrameCallback(() => { window.__firstFrameMs = performance.now(); });
  }).observe(document, { childList: true, subtree: true });
`;

export async function measureEmbedPage(fixture: MediaFixture, port: number, loads = 5): Promise<EmbedPageFigures> {
  const { ctx } = fixture.harness;
  await ctx.database.db.updateTable('videos').set({ is_draft: false }).where('id', '=', fixture.videoId).execute();
  const video = await ctx.database.db.selectFrom('videos').select('slug').where('id', '=', fixture.videoId).executeTakeFirstOrThrow();
  const url = `http://127.0.0.1:${port}/video/${video.slug}/?is_iframe=true`;
  const browser = await launchBrowser();
  try {
    const firstFrameMs: number[] = [];
    let files: { name: string; bytes: number }[] = [];
    for (let i = 0; i < loads; i += 1) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      const page = await context.newPage();
      await page.addInitScript(FIRST_FRAME_PROBE);
      await page.goto(url);
      // A function, not a string: the page's CSP (no 'unsafe-eval') refuses string predicates.
      await page.waitForFunction(() => typeof (globalThis as unknown as { __firstFrameMs?: number }).__firstFrameMs === 'number', undefined, { timeout: 15_000 });
      firstFrameMs.push(await page.evaluate(() => (globalThis as unknown as { __firstFrameMs: number }).__firstFrameMs));
      files = await page.evaluate(() =>
        (performance.getEntriesByType('resource') as unknown as { name: string; encodedBodySize: number }[])
          .filter((entry) => /\.(js|css|woff2?)(\?|$)/.test(entry.name))
          .map((entry) => ({ name: new URL(entry.name).pathname, bytes: entry.encodedBodySize })),
      );
      await context.close();
    }
    return { transferredBytes: files.reduce((sum, file) => sum + file.bytes, 0), files, firstFrameMs };
  } finally {
    await browser.close();
  }
}
