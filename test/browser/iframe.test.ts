import { expect } from 'chai';
import { useBrowserSuite } from './helpers/browser-suite.js';
import { serveLmsPage, type LmsPage } from './helpers/lms-page.js';

describe('browser: pages inside an LMS iframe', () => {
  const suite = useBrowserSuite();
  let lms: LmsPage | undefined;

  afterEach(async () => {
    await lms?.close();
    lms = undefined;
  });

  it('renders the login page framed by a page of another origin', async () => {
    const { baseUrl } = suite.server;
    lms = await serveLmsPage(`${baseUrl}/login`);
    const page = await suite.newPage('en-GB');
    const framed = page.waitForResponse(`${baseUrl}/login`);
    await page.goto(lms.url);

    const response = await framed;
    expect(response.status()).to.equal(200);
    const headers = response.headers();
    expect(headers['x-frame-options'], 'no X-Frame-Options').to.equal(undefined);
    expect(headers['content-security-policy'] ?? '', 'no frame-ancestors restriction').to.not.contain('frame-ancestors');

    const frame = page.frameLocator('iframe[title="Lectern"]');
    await frame.locator('form[action="/login"]').waitFor();
    expect(await frame.locator('h1').textContent()).to.equal('Log in');
    expect(await frame.getByLabel('Username', { exact: true }).isVisible()).to.equal(true);
    expect(await frame.getByLabel('Password', { exact: true }).isVisible()).to.equal(true);
    expect(await frame.getByRole('button', { name: 'Log in' }).isVisible()).to.equal(true);

    // The frame really is Lectern's page, with its stylesheet applied.
    const child = page.frames().find((candidate) => candidate.url() === `${baseUrl}/login`);
    expect(child, 'a frame holds the login page').to.not.equal(undefined);
    expect(await child!.evaluate<string>('document.documentElement.lang')).to.equal('en');
    expect(await child!.evaluate<string>('getComputedStyle(document.querySelector("button.primary")).backgroundColor')).to.equal('rgb(31, 95, 191)');
    expect(await page.locator('h1').textContent(), 'the parent page is still the LMS').to.equal('Course page');
  });
});
