import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { isFocused, logIn, tabTo } from './helpers/browser.js';
import { useBrowserSuite } from './helpers/browser-suite.js';

/** Chooses a language in the header form with the keyboard only, and submits it. */
async function switchLanguage(page: Page, optionLabel: 'Français' | 'English'): Promise<void> {
  await tabTo(page, '#lang-select');
  const options = await page.locator('#lang-select option').allTextContents();
  const from = options.indexOf((await page.locator('#lang-select option:checked').textContent()) ?? '');
  const to = options.indexOf(optionLabel);
  expect(to, `option ${optionLabel}`).to.be.at.least(0);
  for (let step = from; step !== to; step += to > from ? 1 : -1) await page.keyboard.press(to > from ? 'ArrowDown' : 'ArrowUp');
  expect(await page.locator('#lang-select option:checked').textContent()).to.equal(optionLabel);
  await page.keyboard.press('Tab');
  expect(await isFocused(page, 'form.lang button[type=submit]'), 'Tab from the select reaches its button').to.equal(true);
  await Promise.all([page.waitForURL(/\/my\/videos$/), page.waitForEvent('load'), page.keyboard.press('Enter')]);
}

describe('browser: language switch', () => {
  const suite = useBrowserSuite();

  it('switches between French and English from the header, and remembers the choice', async () => {
    const page = await suite.newPage('en-GB');
    const { baseUrl } = suite.server;
    await logIn(page, baseUrl, suite.teacher.username, suite.teacher.password);
    expect(await page.locator('html').getAttribute('lang'), 'Accept-Language picks English').to.equal('en');
    expect(await page.locator('h1').textContent()).to.equal('My videos');

    await switchLanguage(page, 'Français');
    expect(await page.locator('html').getAttribute('lang')).to.equal('fr');
    expect(await page.locator('h1').textContent()).to.equal('Mes vidéos');
    expect(await page.locator('label[for="lang-select"]').textContent()).to.equal('Langue');
    const cookie = (await page.context().cookies(baseUrl)).find((c) => c.name === 'lectern_lang');
    expect(cookie?.value).to.equal('fr');

    // The next page, reached by a link, stays in French.
    await Promise.all([page.waitForURL(`${baseUrl}/my/videos/upload`), page.getByRole('link', { name: 'Déposer', exact: true }).first().click()]);
    expect(await page.locator('html').getAttribute('lang')).to.equal('fr');
    expect(await page.locator('h1').textContent()).to.equal('Déposer une vidéo');
    expect(await page.locator('label[for="file"]').textContent()).to.equal('Fichier vidéo ou audio');

    await page.goto(`${baseUrl}/my/videos`);
    await switchLanguage(page, 'English');
    expect(await page.locator('html').getAttribute('lang')).to.equal('en');
    expect(await page.locator('h1').textContent()).to.equal('My videos');
    await page.goto(`${baseUrl}/my/videos/upload`);
    expect(await page.locator('h1').textContent()).to.equal('Upload a video');
  });

  it('overrides the browser language on the login page too', async () => {
    const page = await suite.newPage('fr-FR');
    const { baseUrl } = suite.server;
    await page.goto(`${baseUrl}/login`);
    expect(await page.locator('html').getAttribute('lang')).to.equal('fr');
    expect(await page.locator('h1').textContent()).to.equal('Connexion');

    await tabTo(page, '#lang-select', { backwards: true });
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    await Promise.all([page.waitForURL(`${baseUrl}/login`), page.waitForEvent('load'), page.keyboard.press('Enter')]);
    expect(await page.locator('html').getAttribute('lang')).to.equal('en');
    expect(await page.locator('h1').textContent()).to.equal('Log in');
    expect(await page.locator('label[for="username"]').textContent()).to.equal('Username');

    await page.reload();
    expect(await page.locator('h1').textContent(), 'after a reload').to.equal('Log in');
  });
});
