import { expect } from 'chai';
import { serviceProviderFromMetadata, startSimpleSamlIdp, requireSimpleSamlPhp, type SimpleSamlIdp } from '../helpers/saml-idp/index.js';
import { isFocused, tabTo } from './helpers/browser.js';
import { useBrowserSuite } from './helpers/browser-suite.js';

/**
 * Signing in with an institution account, in Chromium: Lectern's login page, the IdP's own
 * login form (Debian's SimpleSAMLphp, a real SAML IdP on loopback), and back to Lectern signed
 * in. Needs `apt-get install simplesamlphp php-cli php-xml php-mbstring php-curl` (.ci/run does).
 */
describe('browser: SAML sign-in through SimpleSAMLphp', () => {
  const suite = useBrowserSuite();
  let idp: SimpleSamlIdp | undefined;
  const idpButton = 'a[href^="/sso/saml/login?idp="]';

  before(async function () {
    this.timeout(60_000);
    requireSimpleSamlPhp();
    const { server } = suite;
    // SimpleSAMLphp trusts Lectern as its metadata describes it; Lectern reads SimpleSAMLphp's metadata URL.
    const metadata = await (await fetch(`${server.baseUrl}/sso/saml/metadata`)).text();
    idp = await startSimpleSamlIdp({ sp: serviceProviderFromMetadata(metadata) });
    const added = JSON.parse(await server.cli(['saml:source:add', server.adminUsername, '--name', 'SimpleSAMLphp', '--url', idp.metadataUrl, '--json'])) as { outcome: { ok: boolean } };
    expect(added.outcome.ok, 'Lectern read SimpleSAMLphp’s metadata').to.equal(true);
  });

  after(async () => {
    await idp?.close();
  });

  const started = () => {
    if (!idp) throw new Error('SimpleSAMLphp did not start: see the before() hook');
    return idp;
  };

  it('signs in with the keyboard alone: the institution, its login form, back in Lectern', async () => {
    const { baseUrl } = suite.server;
    const { teacher } = started().users;
    const page = await suite.newPage('en-GB');
    await page.goto(`${baseUrl}/login?next=/my/videos`);

    await tabTo(page, idpButton);
    expect(await page.locator(idpButton).textContent()).to.equal('Log in with Test University (SimpleSAMLphp)');
    await Promise.all([page.waitForURL((url) => url.href.startsWith(`${started().origin}/module.php/core/loginuserpass.php`)), page.keyboard.press('Enter')]);

    await tabTo(page, '#username');
    await page.keyboard.type(teacher.username);
    await page.keyboard.press('Tab');
    expect(await isFocused(page, '#password'), 'Tab from the username goes to the password').to.equal(true);
    await page.keyboard.type(teacher.password);
    // SimpleSAMLphp answers with a page that posts the response to Lectern's ACS by itself.
    await Promise.all([page.waitForURL(`${baseUrl}/my/videos`, { timeout: 20_000 }), page.keyboard.press('Enter')]);

    expect(await page.locator('h1').textContent()).to.equal('My videos');
    expect(await page.locator('.who').textContent()).to.equal('prof@univ-test.fr');
  });

  it('shows the login page in French: the institution first, with its French name', async () => {
    const page = await suite.newPage('fr-FR');
    await page.goto(`${suite.server.baseUrl}/login`);

    expect(await page.locator('html').getAttribute('lang')).to.equal('fr');
    expect(await page.locator('h1').textContent()).to.equal('Connexion');
    expect(await page.locator('#sso-title').textContent()).to.equal('Se connecter avec le compte de son établissement');
    expect(await page.locator(idpButton).textContent()).to.equal('Se connecter avec Université de test (SimpleSAMLphp)');
    expect(await page.locator('#local-title').textContent()).to.equal('Se connecter avec un compte Lectern');
    const institutionFirst = await page.evaluate<boolean>(
      `!!(document.querySelector(${JSON.stringify(idpButton)}).compareDocumentPosition(document.querySelector('#username')) & Node.DOCUMENT_POSITION_FOLLOWING)`,
    );
    expect(institutionFirst, 'the institution comes before the password form').to.equal(true);
  });
});
