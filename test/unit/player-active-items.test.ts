import { expect } from 'chai';
import { activeAt, allActiveAt, chapterRanges, reachedByPlayback } from '../../player/src/player/active-items.js';

describe('player active items', () => {
  const items = [
    { id: 1, start: 2, end: 5 },
    { id: 2, start: 6, end: 9 },
    { id: 3, start: 8, end: 12 },
  ];

  it('finds the item on at a time (start inclusive, end exclusive; the latest start wins)', () => {
    expect(activeAt(items, 1.9)).to.equal(null);
    expect(activeAt(items, 2)?.id).to.equal(1);
    expect(activeAt(items, 4.99)?.id).to.equal(1);
    expect(activeAt(items, 5)).to.equal(null);
    expect(activeAt(items, 8.5)?.id).to.equal(3);
    expect(activeAt([], 1)).to.equal(null);
  });

  it('finds every item on at a time', () => {
    expect(allActiveAt(items, 8.5).map((item) => item.id)).to.deep.equal([2, 3]);
    expect(allActiveAt(items, 13)).to.deep.equal([]);
  });

  it('tells playback running over a start from a jump into the item', () => {
    const item = { start: 10, end: 20 };
    expect(reachedByPlayback(item, 9.8, 10.05)).to.equal(true);
    expect(reachedByPlayback(item, 9.9, 10)).to.equal(true);
    expect(reachedByPlayback(item, 10, 10.25)).to.equal(false);
    expect(reachedByPlayback(item, 5, 12)).to.equal(false);
    expect(reachedByPlayback(item, 12, 11)).to.equal(false);
    expect(reachedByPlayback(item, Number.NaN, 10.1)).to.equal(false);
  });

  it('turns chapters into ranges, sorted, the last one open', () => {
    expect(chapterRanges([{ title: 'B', start: 60 }, { title: 'A', start: 0 }, { title: 'C', start: 120 }])).to.deep.equal([
      { title: 'A', start: 0, end: 60 },
      { title: 'B', start: 60, end: 120 },
      { title: 'C', start: 120, end: Number.POSITIVE_INFINITY },
    ]);
    expect(chapterRanges([])).to.deep.equal([]);
  });
});
