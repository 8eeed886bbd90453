import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { bbbMeetingIdOf, useBbbDouble } from './helpers/bbb-double.js';
import { isFocused, logIn, tabTo } from './helpers/browser.js';
import { useBrowserSuite } from './helpers/browser-suite.js';

/** The page reloads itself every 5 s while an import runs; the whole import stays well within this. */
const IMPORT_TIMEOUT_MS = 60_000;
/** The double sends the video this slowly: the download spans at least two of the page's reloads. */
const DOWNLOAD_SECONDS = 12;

/**
 * "My recordings" (/meetings/recordings) against the BBB double: a recording with the video
 * format and a presentation-only one, the import by the keyboard followed to the draft video
 * (the running server's own BBB jobs download it), and the page in French.
 */
describe('browser: BigBlueButton recordings', () => {
  const suite = useBrowserSuite();
  const double = useBbbDouble(suite);

  /** The teacher, logged in, and the BBB meeting id of their personal room (made by the first visit to /meetings). */
  async function teacherWithRoom(locale: 'en-GB' | 'fr-FR'): Promise<{ page: Page; bbbMeetingId: string }> {
    const page = await suite.newPage(locale);
    await logIn(page, suite.server.baseUrl, suite.teacher.username, suite.teacher.password);
    await page.goto(`${suite.server.baseUrl}/meetings`);
    return { page, bbbMeetingId: bbbMeetingIdOf(await page.locator('.meetings-personal input[id^="invite-"]').inputValue()) };
  }

  it('lists a video recording and a presentation-only one, imports the first with the keyboard and links its draft video', async () => {
    const { baseUrl } = suite.server;
    const { page, bbbMeetingId } = await teacherWithRoom('en-GB');
    const video = await double().addRecording({ meetingID: bbbMeetingId, name: 'Cours 1 en vidéo', formats: ['presentation', 'video'], startTime: new Date('2026-03-02T09:00:00Z'), endTime: new Date('2026-03-02T10:30:05Z') });
    const slides = await double().addRecording({ meetingID: bbbMeetingId, name: 'Cours 2 en diapos', formats: ['presentation'], startTime: new Date('2026-03-09T09:00:00Z'), endTime: new Date('2026-03-09T10:00:00Z') });
    double().failMedia(video.recordID, { kind: 'slow', bytesPerSecond: Math.ceil(video.mediaSize / DOWNLOAD_SECONDS) });

    await page.goto(`${baseUrl}/meetings/recordings`);
    expect(await page.locator('h1').textContent()).to.equal('My recordings');
    const videoRow = page.locator(`tr[data-record-id="${video.recordID}"]`);
    const slidesRow = page.locator(`tr[data-record-id="${slides.recordID}"]`);
    expect(await videoRow.locator('th').textContent()).to.equal('Cours 1 en vidéo');
    expect(await videoRow.locator('td.duration').textContent()).to.equal('1:30:05');
    expect(await videoRow.locator('a[data-format]').evaluateAll((links) => links.map((link) => link.getAttribute('data-format')))).to.deep.equal(['presentation', 'video']);
    expect(await videoRow.getByRole('button', { name: 'Import Cours 1 en vidéo', exact: true }).isVisible()).to.equal(true);

    // The presentation-only recording: said so, no Import button, and "Why?" takes the keyboard to the explanation.
    expect(await slidesRow.locator('th').textContent()).to.equal('Cours 2 en diapos');
    expect(await slidesRow.locator('[data-import-status="presentation-only"]').textContent()).to.equal('Presentation only: cannot be imported as is.');
    expect(await slidesRow.locator('button').count(), 'no Import button').to.equal(0);
    await tabTo(page, `tr[data-record-id="${slides.recordID}"] a[href="#presentation-only"]`);
    await page.keyboard.press('Enter');
    expect(await isFocused(page, '#presentation-only'), 'the explanation has the focus').to.equal(true);
    expect(await page.locator('#presentation-only h2').textContent()).to.equal('Recordings with the presentation format only');
    expect(await page.locator('#presentation-only p').textContent()).to.contain('package bbb-playback-video');

    // Import with the keyboard: the form comes back to the page, which follows the download.
    await page.goto(`${baseUrl}/meetings/recordings`);
    await tabTo(page, `tr[data-record-id="${video.recordID}"] button[type=submit]`);
    await Promise.all([page.waitForURL(`${baseUrl}/meetings/recordings`), page.keyboard.press('Enter')]);
    expect(await page.locator('.flash-success').textContent()).to.equal('The import of “Cours 1 en vidéo” has started. It becomes one of your draft videos once downloaded.');
    expect(await videoRow.locator('[data-import-status]').getAttribute('data-import-status')).to.be.oneOf(['queued', 'downloading']);
    expect(await page.locator('p[role="status"]').textContent()).to.contain('An import is in progress: this page refreshes every 5 seconds.');

    // The page reloads itself (no script): the download's percentage, then the link to the video.
    const progress = videoRow.locator('[data-import-status="downloading"] + progress');
    await progress.waitFor({ state: 'attached', timeout: IMPORT_TIMEOUT_MS });
    const percent = Number(await progress.getAttribute('value'));
    expect(percent).to.be.within(0, 100);
    expect(await videoRow.locator('[data-import-status="downloading"]').textContent()).to.equal(`Downloading: ${percent}%`);
    const link = videoRow.locator('[data-import-status="done"] ~ a');
    await link.waitFor({ state: 'attached', timeout: IMPORT_TIMEOUT_MS });
    expect(await videoRow.locator('[data-import-status="done"]').textContent()).to.equal('Imported');
    expect(await link.textContent()).to.equal('Open the video Cours 1 en vidéo');
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).to.match(/^\/my\/videos\/\d+\/edit$/);
    expect(await page.locator('meta[http-equiv="refresh"]').count(), 'no more reloads once done').to.equal(0);
    expect(await slidesRow.locator('[data-import-status="presentation-only"]').count(), 'the other recording is untouched').to.equal(1);

    await tabTo(page, `tr[data-record-id="${video.recordID}"] a[href="${href}"]`);
    await Promise.all([page.waitForURL(`${baseUrl}${href}`), page.keyboard.press('Enter')]);
    expect(await page.locator('#title').inputValue(), 'the draft video has the recording’s name').to.equal('Cours 1 en vidéo');
  });

  it('speaks French to a French browser', async () => {
    const { page, bbbMeetingId } = await teacherWithRoom('fr-FR');
    const slides = await double().addRecording({ meetingID: bbbMeetingId, name: 'Séance de TD', formats: ['presentation'] });
    await page.goto(`${suite.server.baseUrl}/meetings/recordings`);
    expect(await page.evaluate<string>('document.documentElement.lang')).to.equal('fr');
    expect(await page.locator('h1').textContent()).to.equal('Mes enregistrements');
    expect(await page.locator('section[data-server-id] h2').textContent()).to.equal('BBB double');
    expect(await page.locator('table.recordings thead th').allTextContents()).to.deep.equal(['Enregistrement', 'Réunion', 'Date', 'Durée', 'État', 'Lecture', 'Import']);
    expect(await page.locator(`tr[data-record-id="${slides.recordID}"] [data-import-status="presentation-only"]`).textContent()).to.equal('Présentation seule : ne peut pas être importé tel quel.');
    expect(await page.locator('#presentation-only h2').textContent()).to.equal('Enregistrements au seul format présentation');
  });
});
