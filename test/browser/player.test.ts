import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import type { Frame, Page } from 'playwright-core';
import { focusedOutlineStyle, logIn, pollUntil, tabTo } from './helpers/browser.js';
import { useBrowserSuite } from './helpers/browser-suite.js';
import { serveLmsPage, type LmsPage } from './helpers/lms-page.js';
import { ffmpegPath } from './helpers/media.js';
import { uploadThroughPage } from './helpers/upload-page.js';

const run = promisify(execFile);

/** `seconds` of 1280x720 test pattern with a tone: Lectern encodes it to 360p and 720p. */
async function makeVideo(file: string, seconds: number): Promise<string> {
  await run(ffmpegPath(), ['-y', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440',
    '-t', String(seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', file]);
  return file;
}

/** `seconds` of tone as MP3: audio-only media. */
async function makeAudio(file: string, seconds: number): Promise<string> {
  await run(ffmpegPath(), ['-y', '-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=frequency=660', '-t', String(seconds), '-c:a', 'libmp3lame', file]);
  return file;
}

const SUBTITLES = 'WEBVTT\n\n00:00:00.200 --> 00:00:20.000\nHello from the subtitles\n';

interface Published {
  readonly id: number;
  readonly embedUrl: string;
  readonly pageUrl: string;
}

/** Where the player is: a page, or the frame holding it. */
type Where = Page | Frame;

const currentTime = (where: Where) => where.evaluate<number>('window.lecternPlayer.player.currentTime()');
const isPaused = (where: Where) => where.evaluate<boolean>('window.lecternPlayer.player.paused()');
const dataset = (where: Where) => where.evaluate<Record<string, string>>('({ ...document.getElementById("lectern-player").dataset })');

async function waitReady(where: Where): Promise<void> {
  await where.locator('#lectern-player[data-ready="true"]').waitFor({ timeout: 20_000 });
}

/** Plays until the time has moved `seconds` from where it was; returns the start and the end. */
async function playFor(where: Where, seconds: number): Promise<[number, number]> {
  const from = await currentTime(where);
  await where.evaluate('window.lecternPlayer.player.play()');
  await pollUntil(async () => (await currentTime(where)) >= from + seconds, `playback to advance ${seconds} s from ${from}`, 20_000);
  return [from, await currentTime(where)];
}

/** Opens a control bar menu (hovering its button, as a pointer user does) and clicks the item whose text starts with `item`. */
async function chooseInMenu(where: Where, menu: string, item: string): Promise<void> {
  await where.locator(`${menu} .vjs-menu-button`).hover();
  await where.locator(`${menu} .vjs-menu-item`, { has: where.locator('.vjs-menu-item-text', { hasText: new RegExp(`^${item}`) }) }).click();
}

describe('browser: the player', function () {
  const suite = useBrowserSuite();
  let video: Published;
  let audio: Published;
  let lms: LmsPage | undefined;

  /** Uploads a file as the teacher, publishes it (not a draft) and waits for its encoding. */
  async function publish(page: Page, file: string, title: string, csrf: { token: string }): Promise<Published> {
    const { baseUrl } = suite.server;
    const id = await uploadThroughPage(page, baseUrl, file, title);
    csrf.token = await page.locator('input[name="_csrf"]').first().inputValue();
    const patched = await page.request.patch(`${baseUrl}/api/v1/videos/${id}`, { data: { is_draft: false }, headers: { 'x-csrf-token': csrf.token } });
    expect(patched.status(), await patched.text()).to.equal(200);
    let body: { status: string; embed_url: string; page_url: string } = { status: '', embed_url: '', page_url: '' };
    await pollUntil(async () => {
      body = await (await page.request.get(`${baseUrl}/api/v1/videos/${id}`)).json();
      if (body.status === 'failed') throw new Error(`the encoding of ${title} failed`);
      return body.status === 'ready';
    }, `the encoding of ${title}`, 180_000);
    return { id, embedUrl: body.embed_url, pageUrl: body.page_url };
  }

  /** Adds a subtitle track, two chapters, a richtext enrichment that pauses the video and an overlay. */
  async function enrich(page: Page, id: number, csrf: string): Promise<void> {
    const api = `${suite.server.baseUrl}/api/v1/videos/${id}`;
    const headers = { 'x-csrf-token': csrf };
    const responses = [
      await page.request.post(`${api}/tracks`, { headers, multipart: { kind: 'subtitles', lang: 'en', label: 'English', file: { name: 'en.vtt', mimeType: 'text/vtt', buffer: Buffer.from(SUBTITLES) } } }),
      await page.request.post(`${api}/chapters`, { headers, data: { title: 'Opening', start: 0 } }),
      await page.request.post(`${api}/chapters`, { headers, data: { title: 'Second part', start: 12 } }),
      await page.request.post(`${api}/enrichments`, { headers, data: { title: 'Key formula', type: 'richtext', start: 4, end: 8, stop_video: true, richtext: '<p>E = <strong>mc²</strong></p>' } }),
      await page.request.post(`${api}/overlays`, { headers, data: { title: 'Credit', content: '<p>Filmed at <em>Lectern</em></p>', position: 'top-left', background: true, start: 14, end: 18 } }),
    ];
    for (const response of responses) expect(response.status(), await response.text()).to.equal(201);
  }

  before(async function () {
    this.timeout(360_000);
    const page = await suite.newPage('en-GB');
    await logIn(page, suite.server.baseUrl, suite.teacher.username, suite.teacher.password);
    const csrf = { token: '' };
    video = await publish(page, await makeVideo(path.join(suite.workDir, 'lecture.mp4'), 24), 'Player lecture', csrf);
    await enrich(page, video.id, csrf.token);
    audio = await publish(page, await makeAudio(path.join(suite.workDir, 'podcast.mp3'), 8), 'Player podcast', csrf);
  });

  afterEach(async () => {
    await lms?.close();
    lms = undefined;
  });

  it('plays HLS with hls.js on the embed page', async () => {
    const page = await suite.newPage('en-GB');
    await page.goto(video.embedUrl);
    await waitReady(page);
    expect((await dataset(page)).engine).to.equal('hls.js');
    await page.getByRole('button', { name: 'Play Video' }).click();
    const [from, to] = await playFor(page, 2);
    expect(to - from).to.be.at.least(2);
  });

  it('switches to the quality chosen in the menu and loads that level', async () => {
    const page = await suite.newPage('en-GB');
    await page.goto(video.embedUrl);
    await waitReady(page);
    await playFor(page, 1);
    expect((await dataset(page)).quality).to.equal('auto');
    const loading = (await dataset(page)).loadingHeight;
    const target = loading === '720' ? '360' : '720';
    await chooseInMenu(page, '.lectern-quality', `${target}p`);
    await pollUntil(async () => (await dataset(page)).loadingHeight === target, `hls.js to load the ${target}p level`);
    expect((await dataset(page)).quality).to.equal(target);
    await pollUntil(async () => (await dataset(page)).playingHeight === target, `the ${target}p level to play`);
    expect(await page.locator('.lectern-quality-value').textContent()).to.equal(`${target}p`);
  });

  it('shows a subtitle cue of the chosen sidecar track', async () => {
    const page = await suite.newPage('en-GB');
    await page.goto(video.embedUrl);
    await waitReady(page);
    await chooseInMenu(page, '.vjs-subs-caps-button', 'English');
    await playFor(page, 1);
    await pollUntil(async () => ((await page.locator('.vjs-text-track-display').textContent()) ?? '').includes('Hello from the subtitles'), 'the cue on the picture');
  });

  it('seeks to a chapter chosen in the chapters menu', async () => {
    const page = await suite.newPage('en-GB');
    await page.goto(video.embedUrl);
    await waitReady(page);
    expect(await page.locator('.lectern-chapters .vjs-menu-item-text').allTextContents()).to.deep.equal(['0:00 Opening', '0:12 Second part']);
    await chooseInMenu(page, '.lectern-chapters', '0:12');
    await pollUntil(async () => Math.abs((await currentTime(page)) - 12) < 0.5, 'the player to seek to 0:12');
    expect(await page.locator('.lectern-chapter-marker').count(), 'one marker (none at 0:00)').to.equal(1);
  });

  it('previews the storyboard tile, the chapter and the time over the progress bar', async () => {
    const page = await suite.newPage('en-GB');
    await page.goto(video.embedUrl);
    await waitReady(page);
    const bar = (await page.locator('.vjs-progress-holder').boundingBox())!;
    await page.mouse.move(bar.x + bar.width * 0.75, bar.y + bar.height / 2);
    await page.mouse.move(bar.x + bar.width * 0.76, bar.y + bar.height / 2);
    const preview = page.locator('.lectern-preview');
    await pollUntil(async () => (await preview.locator('.lectern-preview-image').getAttribute('style') ?? '').includes('background-image: url('), 'the storyboard tile');
    expect(await preview.locator('.lectern-preview-chapter').textContent()).to.equal('Second part');
    expect(await preview.locator('.lectern-preview-time').textContent()).to.match(/^0:1[78]$/);
    const image = /url\("([^"]+)"\)/.exec((await preview.locator('.lectern-preview-image').getAttribute('style'))!)![1]!;
    expect((await page.request.get(`${suite.server.baseUrl}${image}`)).status(), 'the sprite loads').to.equal(200);
  });

  it('shows an overlay over the picture during its time only', async () => {
    const page = await suite.newPage('en-GB');
    await page.goto(`${video.embedUrl}#t=15`);
    await waitReady(page);
    const overlay = page.locator('.video-js .lectern-overlay.lectern-overlay--top-left.lectern-overlay--background');
    await pollUntil(() => overlay.isVisible(), 'the overlay at 0:15');
    expect(await overlay.innerHTML()).to.equal('<p>Filmed at <em>Lectern</em></p>');
    await page.evaluate('window.lecternPlayer.player.currentTime(19)');
    await pollUntil(async () => !(await overlay.isVisible()), 'the overlay to go after 0:18');
  });

  it('answers the keyboard in French: shortcuts, their help dialog, and labelled controls', async () => {
    const page = await suite.newPage('fr-FR');
    await page.goto(video.embedUrl);
    await waitReady(page);
    expect(await page.locator('.vjs-play-control .vjs-control-text').textContent()).to.equal('Lecture');
    expect(await page.locator('.lectern-help-button').getAttribute('title')).to.equal('Raccourcis clavier');
    await tabTo(page, '.vjs-play-control');
    await page.keyboard.press('Enter');
    await pollUntil(async () => !(await isPaused(page)), 'playback started from the keyboard');
    await page.keyboard.press('k');
    await pollUntil(() => isPaused(page), 'k to pause');
    const before = await currentTime(page);
    await page.keyboard.press('l');
    await pollUntil(async () => Math.abs((await currentTime(page)) - (before + 10)) < 0.5, 'l to go 10 s forward');
    await page.keyboard.press('?');
    const dialog = page.locator('.lectern-shortcuts-dialog');
    await pollUntil(() => dialog.isVisible(), 'the help dialog');
    expect(await dialog.locator('h2').textContent()).to.equal('Raccourcis clavier');
    expect(await page.evaluate<boolean>('document.querySelector(".lectern-shortcuts-dialog").contains(document.activeElement)'), 'the focus is in the dialog').to.equal(true);
    await page.keyboard.press('Escape');
    await pollUntil(async () => !(await dialog.isVisible()), 'Escape to close the dialog');
    expect(await focusedOutlineStyle(page), 'the focus stays visible').to.not.equal('none');
  });

  it('shows the enrichment in the panel at its time and pauses when it asks to', async () => {
    const page = await suite.newPage('en-GB');
    await page.goto(video.embedUrl);
    await waitReady(page);
    expect(await page.locator('.lectern-enrichments__current').textContent()).to.equal('No enrichment at this point.');
    await page.evaluate('window.lecternPlayer.player.currentTime(2.5)');
    await page.evaluate('window.lecternPlayer.player.play()');
    await pollUntil(() => isPaused(page), 'the pause the enrichment asks for', 20_000);
    const pausedAt = await currentTime(page);
    expect(pausedAt).to.be.within(4, 5);
    const shown = page.locator('.lectern-enrichments__current .lectern-enrichment');
    expect(await shown.locator('h3').textContent()).to.equal('Key formula Text');
    expect(await shown.locator('.lectern-enrichment__html').innerHTML()).to.equal('<p>E = <strong>mc²</strong></p>');
    await pollUntil(async () => (await page.locator('.lectern-announcer').textContent()) === 'Enrichment: Key formula. The video is paused: press play to go on.', 'the announcement');
    expect(await page.locator('.lectern-enrichments__jump[aria-current="true"]').textContent()).to.equal('0:04Key formulaText');

    // Jumping into it from the list shows it without pausing.
    await page.evaluate('window.lecternPlayer.player.currentTime(10)');
    await page.evaluate('window.lecternPlayer.player.play()');
    await pollUntil(async () => (await currentTime(page)) > 10.5, 'playback after 0:10');
    await page.locator('.lectern-enrichments__jump', { hasText: 'Key formula' }).click();
    await pollUntil(async () => (await currentTime(page)) > 5, 'playback to go on after the jump');
    expect(await isPaused(page)).to.equal(false);
  });

  it('saves the position of a logged-in viewer and resumes there', async () => {
    const page = await suite.newPage('en-GB');
    await logIn(page, suite.server.baseUrl, suite.teacher.username, suite.teacher.password);
    const saves: { status: number; position: number }[] = [];
    page.on('response', (response) => {
      if (!response.url().endsWith(`/api/v1/videos/${video.id}/position`)) return;
      const body = JSON.parse(response.request().postData() ?? '{}') as { position: number };
      saves.push({ status: response.status(), position: body.position });
    });
    await page.goto(`${video.pageUrl}?start=9`);
    await waitReady(page);
    await playFor(page, 1);
    await page.evaluate('window.lecternPlayer.player.pause()');
    const pausedAt = Math.floor(await currentTime(page));
    await pollUntil(() => saves.at(-1)?.position === pausedAt, `the position ${pausedAt} to be saved`);
    expect(saves.every((save) => save.status === 204), JSON.stringify(saves)).to.equal(true);

    await page.goto(video.pageUrl);
    await waitReady(page);
    expect(Math.floor(await currentTime(page))).to.equal(pausedAt);
    expect(await page.locator('.lectern-resume-notice').textContent()).to.contain('Resumed where you left off');
  });

  it('plays audio-only media as an audio bar, not a black picture', async () => {
    const page = await suite.newPage('en-GB');
    await page.goto(audio.embedUrl);
    await waitReady(page);
    expect(await dataset(page)).to.include({ engine: 'audio', kind: 'audio' });
    const box = await page.locator('.video-js').boundingBox();
    expect(box!.height, 'the player is one control bar high').to.be.below(60);
    const [from, to] = await playFor(page, 1.5);
    expect(to - from).to.be.at.least(1.5);
  });

  it('plays inside a cross-origin LMS iframe, and opens the full page where full screen is not allowed', async () => {
    lms = await serveLmsPage(video.embedUrl);
    const page = await suite.newPage('en-GB');
    await page.goto(lms.url);
    const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
    expect(frame, 'the LMS page frames the player').to.not.equal(undefined);
    await waitReady(frame!);
    expect((await dataset(frame!)).engine).to.equal('hls.js');
    const [from, to] = await playFor(frame!, 2);
    expect(to - from).to.be.at.least(2);

    // The helper's iframe has no allow="fullscreen": the button opens the page in a new tab.
    const button = frame!.locator('.vjs-fullscreen-control');
    expect(await button.getAttribute('title')).to.equal('Full screen (opens the video in a new tab)');
    const opened = page.context().waitForEvent('page');
    await frame!.evaluate('window.lecternPlayer.player.userActive(true)');
    await button.click();
    const tab = await opened;
    await tab.waitForLoadState('domcontentloaded');
    expect(tab.url()).to.match(new RegExp(`^${video.pageUrl.replace(/[.?]/g, '\\$&')}#t=\\d+$`));
    expect(await isPaused(frame!), 'the framed player pauses').to.equal(true);
  });

  it('unlocks a password-protected video inside a cross-site LMS iframe, without any cookie', async () => {
    const page = await suite.newPage('en-GB');
    await logIn(page, suite.server.baseUrl, suite.teacher.username, suite.teacher.password);
    const csrf = { token: '' };
    const locked = await publish(page, await makeVideo(path.join(suite.workDir, 'locked.mp4'), 6), 'Locked lecture', csrf);
    const patched = await page.request.patch(`${suite.server.baseUrl}/api/v1/videos/${locked.id}`, { data: { password: 'exam-2026' }, headers: { 'x-csrf-token': csrf.token } });
    expect(patched.status(), await patched.text()).to.equal(200);

    // The student's browser: the LMS is another site, so nothing Lectern set would be sent.
    lms = await serveLmsPage(locked.embedUrl, 'localhost');
    const student = await suite.newPage('en-GB');
    const lectern: { url: string; cookie: string | undefined }[] = [];
    student.on('request', (request) => {
      if (request.url().startsWith(suite.server.baseUrl)) lectern.push({ url: request.url(), cookie: request.headers().cookie });
    });
    await student.goto(lms.url);
    const frame = student.frameLocator('iframe[title="Lectern"]');
    await frame.getByLabel('Password').fill('wrong one');
    await frame.getByRole('button', { name: 'Watch' }).click();
    await frame.getByText('Wrong password: try again.').waitFor();
    await frame.getByLabel('Password').fill('exam-2026');
    await frame.getByRole('button', { name: 'Watch' }).click();
    const framed = student.frames().find((candidate) => candidate !== student.mainFrame())!;
    await waitReady(framed);
    const [from, to] = await playFor(framed, 2);
    expect(to - from).to.be.at.least(2);
    expect(lectern.some((entry) => entry.url.includes('/media/')), 'the media came from Lectern').to.equal(true);
    expect(lectern.filter((entry) => entry.cookie), 'no request to Lectern carried a cookie').to.deep.equal([]);
  });
});
