import path from 'node:path';
import { expect } from 'chai';
import { logIn, throttleNetwork } from './helpers/browser.js';
import { useBrowserSuite } from './helpers/browser-suite.js';
import { makeClip, makeFakeMedia, padMp4 } from './helpers/media.js';
import { recordUploadProgress, submitUpload, waitForEditPage } from './helpers/upload-page.js';

const MiB = 1024 * 1024;

describe('browser: upload page', () => {
  const suite = useBrowserSuite();

  it('shows the progress of an upload, opens the new video, and lists it until its encoding is ready, live', async () => {
    const clip = await makeClip(path.join(suite.workDir, 'clip.mp4'));
    const big = await padMp4(clip, path.join(suite.workDir, 'lecture-progress.mp4'), 40 * MiB);
    const page = await suite.newPage('en-GB');
    const { baseUrl } = suite.server;
    await logIn(page, baseUrl, suite.teacher.username, suite.teacher.password);
    const samples = await recordUploadProgress(page);
    await page.goto(`${baseUrl}/my/videos/upload`);
    expect(await page.locator('#upload-progress').isHidden(), 'no progress before an upload').to.equal(true);

    // ~20 MB/s: the 40 MiB take about two seconds, long enough to show intermediate values.
    await throttleNetwork(page, 20_000_000);
    await submitUpload(page, big, 'Progress clip');
    expect(await page.locator('#upload-form button[type=submit]').isDisabled(), 'the form is locked while sending').to.equal(true);
    const id = await waitForEditPage(page, baseUrl);
    await throttleNetwork(page, null);

    const percents = samples.map((sample) => sample.percent);
    const between = [...new Set(percents.filter((p) => p > 0 && p < 100))];
    expect(between.length, `intermediate progress values (saw ${percents.join(', ')})`).to.be.at.least(2);
    expect(percents, 'progress never goes back').to.deep.equal([...percents].sort((a, b) => a - b));
    const middle = samples.find((sample) => sample.percent > 0 && sample.percent < 100)!;
    expect(middle.status).to.match(/^\d{1,2}% \([\d.,]+ (B|KiB|MiB) of 40 MiB\)$/);
    // The live text is rewritten every 10 % (not to flood screen readers): same tenth as the bar.
    const announced = Number(/^(\d{1,2})%/.exec(middle.status)![1]);
    expect(Math.floor(announced / 10), `the text (${middle.status}) says what the bar (${middle.percent}%) shows`).to.equal(Math.floor(middle.percent / 10));

    expect(await page.locator('h1').textContent()).to.equal('Edit “Progress clip”');
    // The in-process worker has the job already: queued, being encoded, or even done.
    expect(await page.locator('main .badge[data-status]').first().textContent()).to.be.oneOf(['Queued for encoding', 'Encoding', 'Ready']);

    await page.goto(`${baseUrl}/my/videos`);
    const row = page.locator(`tr[data-video-id="${id}"]`);
    expect(await row.locator('th[scope=row] a').textContent()).to.equal('Progress clip');
    // No reload: the page follows the encoding and shows the row ready, with its thumbnail.
    await row.locator('.badge[data-status="ready"]').waitFor({ timeout: 60_000 });
    expect(await row.locator('.badge[data-status]').textContent()).to.equal('Ready');
    await page.goto(`${baseUrl}/my/videos/${id}/edit`);
    const candidates = page.getByRole('radio');
    expect(await candidates.count(), 'three thumbnail candidates to choose from').to.equal(3);
    await page.waitForLoadState('networkidle');
    const loaded = await page.evaluate<boolean[]>("Array.from(document.querySelectorAll('main img'), (image) => image.complete && image.naturalWidth > 0)");
    expect(loaded.length).to.be.at.least(3);
    expect(loaded.every(Boolean), 'every thumbnail image loads').to.equal(true);
  });

  it('shows the server\'s refusal of a non-media file, in the page language', async () => {
    const fake = await makeFakeMedia(path.join(suite.workDir, 'notes.mp4'));
    const page = await suite.newPage('fr-FR');
    const { baseUrl } = suite.server;
    await logIn(page, baseUrl, suite.teacher.username, suite.teacher.password);
    await page.goto(`${baseUrl}/my/videos/upload`);
    expect(await page.locator('html').getAttribute('lang')).to.equal('fr');

    await submitUpload(page, fake, 'Pas une vidéo');
    const error = page.locator('#upload-error');
    await error.waitFor({ state: 'visible' });
    expect(await error.getAttribute('role')).to.equal('alert');
    expect(await error.textContent()).to.equal(
      'Le dépôt a échoué : Ce fichier ne peut pas être lu comme une vidéo ou un son : il est endommagé, tronqué ou ce n’est pas un fichier multimédia.',
    );
    expect(await page.locator('#upload-progress').isHidden(), 'the progress panel goes away').to.equal(true);
    expect(await page.locator('#upload-form button[type=submit]').isEnabled(), 'the form can be used again').to.equal(true);
    expect(page.url()).to.equal(`${baseUrl}/my/videos/upload`);

    await page.goto(`${baseUrl}/my/videos`);
    expect(await page.getByText('Pas une vidéo').count(), 'no video was created').to.equal(0);
  });
});
