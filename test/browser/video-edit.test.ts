import path from 'node:path';
import { expect } from 'chai';
import { logIn, tabTo } from './helpers/browser.js';
import { useBrowserSuite } from './helpers/browser-suite.js';
import { makeClip } from './helpers/media.js';
import { uploadThroughPage } from './helpers/upload-page.js';

/** Form controls a user can reach, with no accessible name from a label or ARIA. */
const UNNAMED_CONTROLS = `Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea'))
  .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
  .map((el) => el.outerHTML.slice(0, 100))`;

describe('browser: video edit form', () => {
  const suite = useBrowserSuite();

  it('labels every field and saves a new title and tags typed with the keyboard', async () => {
    const clip = await makeClip(path.join(suite.workDir, 'cours.mp4'));
    const page = await suite.newPage('fr-FR');
    const { baseUrl } = suite.server;
    await logIn(page, baseUrl, suite.teacher.username, suite.teacher.password);
    const id = await uploadThroughPage(page, baseUrl, clip, 'Cours 1');
    expect(page.url()).to.equal(`${baseUrl}/my/videos/${id}/edit`);
    expect(await page.locator('h1').textContent()).to.equal('Modifier « Cours 1 »');

    expect(await page.evaluate<string[]>(UNNAMED_CONTROLS), 'controls without a label').to.deep.equal([]);
    for (const [label, id] of [['Titre', 'title'], ['Description', 'description'], ['Type', 'type_id'], ['Mots-clés', 'tags'], ['Licence', 'licence'], ['Langue principale', 'main_lang'], ['Date de l’événement', 'date_evt'], ['Mot de passe', 'password'], ['Propriétaires supplémentaires', 'additional_owners']] as const) {
      expect(await page.getByLabel(label, { exact: true }).getAttribute('id'), `the field labelled "${label}"`).to.equal(id);
    }
    expect(await page.locator('#tags').getAttribute('aria-describedby')).to.equal('tags-help');

    await tabTo(page, '#title');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Thermodynamique, cours 1');
    await tabTo(page, '#tags');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('physique, thermodynamique');
    // Enter in a text field submits the form.
    await Promise.all([page.waitForURL(`${baseUrl}/my/videos`), page.keyboard.press('Enter')]);

    // The message is stored in the session before the redirect: it must be on the next page.
    expect(await page.getByRole('status').allTextContents(), 'the success message').to.deep.equal(['La vidéo a été enregistrée.']);
    const row = page.locator(`tr[data-video-id="${id}"]`);
    expect(await row.locator('th[scope=row] a').textContent()).to.equal('Thermodynamique, cours 1');
    expect(await row.locator('.badge[data-status]').textContent(), 'its encoding is under way or done').to.be.oneOf(['En file d’encodage', 'Encodage en cours', 'Prête']);

    await page.goto(`${baseUrl}/my/videos/${id}/edit`);
    expect(await page.locator('#title').inputValue()).to.equal('Thermodynamique, cours 1');
    expect(await page.locator('#tags').inputValue()).to.equal('physique, thermodynamique');

    // The save button is reached with Tab and pressed with Enter.
    await tabTo(page, 'form.stack button[type=submit]');
    await Promise.all([page.waitForURL(`${baseUrl}/my/videos`), page.keyboard.press('Enter')]);
    expect(await page.getByRole('status').allTextContents(), 'the success message').to.deep.equal(['La vidéo a été enregistrée.']);
  });
});
