import { expect } from 'chai';
import { slugify, videoSlug } from '../../server/src/domain/videos/slug.js';

describe('slugs (Esup-Pod compatible)', () => {
  const cases: [string, string][] = [
    ['My Talk', 'my-talk'],
    ['Électricité : loi d’Ohm', 'electricite-loi-dohm'],
    ['  many   spaces -- and--dashes ', 'many-spaces-and-dashes'],
    ['under_score stays', 'under_score-stays'],
    ['Ça, c’est « génial » !', 'ca-cest-genial'],
    ['日本語', ''],
    ['🎓🎓', ''],
  ];
  for (const [title, slug] of cases) {
    it(`slugify(${JSON.stringify(title)}) = ${JSON.stringify(slug)}`, () => {
      expect(slugify(title)).to.equal(slug);
    });
  }

  it('prefixes the id on four digits, as Pod does', () => {
    expect(videoSlug(42, 'My talk')).to.equal('0042-my-talk');
    expect(videoSlug(123456, 'x')).to.equal('123456-x');
  });

  it('gives "video" when nothing of the title is left', () => {
    expect(videoSlug(7, '🎓')).to.equal('0007-video');
  });

  it('keeps slugs to a bounded length', () => {
    expect(videoSlug(1, 'a '.repeat(300)).length).to.be.at.most(205);
  });
});
