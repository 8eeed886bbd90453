import path from 'node:path';
import { expect } from 'chai';
import { logIn, pollUntil, throttleNetwork } from './helpers/browser.js';
import { useBrowserSuite } from './helpers/browser-suite.js';
import { makeClip, padMp4 } from './helpers/media.js';
import { recordUploadProgress, submitUpload, waitForEditPage } from './helpers/upload-page.js';

const MiB = 1024 * 1024;

interface SentRequest {
  readonly method: string;
  readonly url: string;
  readonly offset: number | null;
}

describe('browser: upload resumed after a reload', () => {
  const suite = useBrowserSuite();

  it('lists the unfinished upload after a reload and resumes it from where the server stopped', async () => {
    const clip = await makeClip(path.join(suite.workDir, 'clip.mp4'));
    const size = 48 * MiB;
    const file = await padMp4(clip, path.join(suite.workDir, 'lecture-resume.mp4'), size);
    const page = await suite.newPage('en-GB');
    const { baseUrl } = suite.server;
    await logIn(page, baseUrl, suite.teacher.username, suite.teacher.password);
    const samples = await recordUploadProgress(page);
    const sent: SentRequest[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(`${baseUrl}/api/v1/uploads`)) return;
      const offset = request.headers()['upload-offset'];
      sent.push({ method: request.method(), url: request.url(), offset: offset === undefined ? null : Number(offset) });
    });

    // ~4 MB/s: the 48 MiB would take about 12 s; the page is reloaded long before the end.
    await page.goto(`${baseUrl}/my/videos/upload`);
    await throttleNetwork(page, 4_000_000);
    await submitUpload(page, file, 'Resumed lecture');
    await pollUntil(() => samples.some((sample) => sample.percent >= 25), 'a quarter of the file to be sent', 30_000);
    const before = sent.length;
    const creation = sent.find((request) => request.method === 'POST');
    expect(creation, 'the upload was created with tus').to.not.equal(undefined);

    await page.reload();
    await throttleNetwork(page, null);

    // The page lists what the server holds of the interrupted upload.
    const item = page.locator('#unfinished-uploads .unfinished');
    await item.first().waitFor();
    expect(await item.count()).to.equal(1);
    const text = (await item.textContent()) ?? '';
    const match = /^Unfinished upload of “lecture-resume\.mp4” \((\d+)%\): choose this file again to resume it\./.exec(text);
    expect(match, text).to.not.equal(null);
    const listed = Number(match![1]);
    expect(listed, 'the server kept part of the file').to.be.above(0).and.below(100);
    expect(await item.locator('progress').getAttribute('value')).to.equal(String(listed));

    // The upload URL the first attempt used, and how far the server got, from the server.
    const patches = sent.slice(0, before).filter((request) => request.method === 'PATCH');
    const uploadUrl = patches[0]!.url;
    const head = await page.request.head(uploadUrl, { headers: { 'Tus-Resumable': '1.0.0' } });
    expect(head.status()).to.equal(200);
    const serverOffset = Number(head.headers()['upload-offset']);
    expect(serverOffset).to.be.above(0).and.below(size);
    expect(listed).to.equal(Math.floor((serverOffset / size) * 100));

    const afterReload = sent.length;
    await submitUpload(page, file);
    const id = await waitForEditPage(page, baseUrl);

    const resumed = sent.slice(afterReload);
    expect(resumed.filter((request) => request.method === 'POST'), 'no new upload is created').to.have.length(0);
    const firstPatch = resumed.find((request) => request.method === 'PATCH');
    expect(firstPatch?.url, 'the same upload continues').to.equal(uploadUrl);
    expect(firstPatch?.offset, 'the first PATCH after the reload starts where the server stopped').to.equal(serverOffset);
    expect(samples.some((sample) => sample.status === 'Resuming your earlier upload of this file…'), 'the page says it resumes').to.equal(true);

    // The whole file arrived, once.
    expect(await page.getByRole('region', { name: 'Source file' }).textContent()).to.contain('lecture-resume.mp4 (48 MiB)');
    await page.goto(`${baseUrl}/my/videos`);
    const row = page.locator(`tr[data-video-id="${id}"]`);
    expect(await row.locator('th[scope=row] a').textContent()).to.equal('Resumed lecture');
    expect(await row.locator('.badge[data-status]').textContent(), 'its encoding is under way or done').to.be.oneOf(['Queued for encoding', 'Encoding', 'Ready']);
    expect(await page.locator('tr[data-video-id]').count()).to.equal(1);
    await page.goto(`${baseUrl}/my/videos/upload`);
    await page.waitForLoadState('networkidle');
    expect(await page.locator('#unfinished-uploads .unfinished').count(), 'a finished upload is no longer listed').to.equal(0);
  });
});
