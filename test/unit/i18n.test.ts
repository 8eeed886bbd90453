import { expect } from 'chai';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '../../server/src/infra/project-root.js';
import { negotiateLocale, translator } from '../../server/src/http/i18n/i18n.js';
import { en } from '../../server/src/http/i18n/messages.en.js';
import { fr } from '../../server/src/http/i18n/messages.fr.js';

describe('i18n', () => {
  it('has every text in French and English, with the same placeholders', () => {
    expect(Object.keys(fr).sort()).to.deep.equal(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
      expect(placeholders(fr[key]), key).to.deep.equal(placeholders(en[key]));
      expect(fr[key].trim(), key).to.not.equal('');
    }
  });

  it('has no key defined by two catalogues (the later one would silently win)', async () => {
    const dir = path.join(projectRoot(), 'server', 'src', 'http', 'i18n');
    for (const locale of ['en', 'fr']) {
      const owners = new Map<string, string[]>();
      for (const file of (await readdir(dir)).filter((name) => name.endsWith(`.${locale}.ts`))) {
        // Each file exports its catalogue; messages.<locale>.ts also exports the merge (`en`, `fr`), left out here.
        const exports = Object.entries(await import(path.join(dir, file)) as Record<string, unknown>).filter(([name]) => name !== locale);
        const catalogue = exports.find(([, value]) => typeof value === 'object' && value !== null)?.[1] as Record<string, string>;
        for (const key of Object.keys(catalogue)) owners.set(key, [...(owners.get(key) ?? []), file]);
      }
      const twice = [...owners].filter(([, files]) => files.length > 1).map(([key, files]) => `${key}: ${files.join(', ')}`);
      expect(twice, locale).to.deep.equal([]);
    }
  });

  it('fills placeholders', () => {
    expect(translator('fr')('upload.progressText', { percent: 40, done: '4 Mio', total: '10 Mio' })).to.equal('40 % (4 Mio sur 10 Mio)');
    expect(translator('en')('videos.pageOf', { page: 2, pages: 3 })).to.equal('Page 2 of 3');
  });

  it('negotiates Accept-Language', () => {
    expect(negotiateLocale('en-US,en;q=0.9,fr;q=0.8')).to.equal('en');
    expect(negotiateLocale('de-DE,de;q=0.9,fr;q=0.5,en;q=0.3')).to.equal('fr');
    expect(negotiateLocale('fr;q=0, en;q=0.1')).to.equal('en');
    expect(negotiateLocale('de')).to.equal(null);
    expect(negotiateLocale(undefined)).to.equal(null);
  });
});
