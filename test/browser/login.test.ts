import { expect } from 'chai';
import { focusedOutlineStyle, isFocused, pollUntil, tabTo } from './helpers/browser.js';
import { useBrowserSuite } from './helpers/browser-suite.js';

describe('browser: login page', () => {
  const suite = useBrowserSuite();

  it('logs in with the keyboard alone and lands on "My videos"', async () => {
    const page = await suite.newPage('en-GB');
    const { baseUrl } = suite.server;
    await page.goto(`${baseUrl}/login`);

    await tabTo(page, '#username');
    await page.keyboard.type(suite.teacher.username);
    await page.keyboard.press('Tab');
    expect(await isFocused(page, '#password'), 'Tab from the username goes to the password').to.equal(true);
    await page.keyboard.type(suite.teacher.password);
    await Promise.all([page.waitForURL(`${baseUrl}/my/videos`), page.keyboard.press('Enter')]);

    expect(await page.locator('h1').textContent()).to.equal('My videos');
    expect(await page.locator('nav a[aria-current="page"]').textContent()).to.equal('My videos');
    expect(await page.locator('.who').textContent()).to.equal(suite.teacher.username);
  });

  it('shows the error in an alert after a wrong password, keeping the username', async () => {
    const page = await suite.newPage('en-GB');
    await page.goto(`${suite.server.baseUrl}/login`);
    await tabTo(page, '#username');
    await page.keyboard.type(suite.teacher.username);
    await tabTo(page, '#password');
    await page.keyboard.type('not-the-password-at-all');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url() === `${suite.server.baseUrl}/login`),
      page.keyboard.press('Enter'),
    ]);
    expect(response.status()).to.equal(401);
    await page.waitForLoadState('domcontentloaded');

    const alert = page.getByRole('alert');
    await alert.first().waitFor();
    expect(await alert.count()).to.equal(1);
    expect(await alert.textContent()).to.equal('Wrong username or password.');
    expect(await page.locator('form[action="/login"]').getAttribute('aria-describedby')).to.equal('login-error');
    expect(await page.locator('#username').inputValue()).to.equal(suite.teacher.username);
    expect(await page.locator('#password').inputValue(), 'the password is not sent back').to.equal('');
  });

  it('shows where the keyboard focus is (skip link, fields, button)', async () => {
    const page = await suite.newPage('en-GB');
    await page.goto(`${suite.server.baseUrl}/login`);
    // The username field has autofocus; going backwards, the skip link is the first stop.
    await pollUntil(() => isFocused(page, '#username'), 'the autofocus of the username field');
    await tabTo(page, 'a.skip', { backwards: true, max: 6 });
    expect(await focusedOutlineStyle(page)).to.not.equal('none');
    const box = await page.locator('a.skip').boundingBox();
    expect(box, 'the focused skip link has a box').to.not.equal(null);
    expect(box!.x, 'the focused skip link is on screen').to.be.at.least(0);
    await page.keyboard.press('Tab');
    expect(await isFocused(page, 'a.brand'), 'after the skip link comes the header').to.equal(true);
    expect((await page.locator('a.skip').boundingBox())!.x, 'the skip link hides again on blur').to.be.below(0);

    for (const selector of ['#username', '#password', 'form[action="/login"] button[type=submit]']) {
      await tabTo(page, selector);
      expect(await focusedOutlineStyle(page), `outline of ${selector} when focused`).to.not.equal('none');
    }
  });
});
