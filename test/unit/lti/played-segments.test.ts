import { expect } from 'chai';
import { coveredSeconds, isValidSegment, mergeSegments, watchedFraction } from '../../../server/src/domain/lms/played-segments.js';

describe('played segments (LTI progress)', () => {
  it('sorts, joins overlapping and adjacent segments, and keeps separate ones apart', () => {
    expect(mergeSegments([[30, 40], [0, 10], [5, 12], [12, 20], [35, 50], [60, 61]], 100)).to.deep.equal([[0, 20], [30, 50], [60, 61]]);
  });

  it('closes gaps shorter than half a second (timeupdate granularity), not longer ones', () => {
    expect(mergeSegments([[0, 10], [10.4, 20]], 100)).to.deep.equal([[0, 20]]);
    expect(mergeSegments([[0, 10], [11, 20]], 100)).to.deep.equal([[0, 10], [11, 20]]);
  });

  it('clamps to the duration and drops what lies beyond it or is empty', () => {
    expect(mergeSegments([[90, 130], [120, 150], [40, 40]], 100)).to.deep.equal([[90, 100]]);
  });

  it('ignores NaN, infinite, negative, reversed and huge segments', () => {
    const input = [[Number.NaN, 5], [0, Number.POSITIVE_INFINITY], [-3, 4], [8, 2], [0, 2_000_000], [1, 2, 3], [20, 25]];
    expect(mergeSegments(input, 100)).to.deep.equal([[20, 25]]);
    expect(input.map(isValidSegment)).to.deep.equal([false, false, false, false, false, false, true]);
  });

  it('rounds to the millisecond and covers nothing for an unknown duration', () => {
    expect(mergeSegments([[1.23456, 2.34567]], 10)).to.deep.equal([[1.235, 2.346]]);
    expect(mergeSegments([[0, 5]], 0)).to.deep.equal([]);
    expect(mergeSegments([[0, 5]], Number.NaN)).to.deep.equal([]);
  });

  it('computes the watched fraction from covered time, counting a part watched twice once', () => {
    const merged = mergeSegments([[0, 30], [10, 40], [0, 20]], 80);
    expect(coveredSeconds(merged)).to.equal(40);
    expect(watchedFraction(merged, 80)).to.equal(0.5);
  });

  it('counts nothing between the furthest point and a seek: only what was played', () => {
    // Watched the first 10 s, jumped to 90 s and watched to the end.
    expect(watchedFraction(mergeSegments([[0, 10], [90, 100]], 100), 100)).to.equal(0.2);
  });

  it('keeps the fraction within [0, 1], rounded to 4 decimals', () => {
    expect(watchedFraction([[0, 100]], 100)).to.equal(1);
    expect(watchedFraction([[0, 1]], 3)).to.equal(0.3333);
    expect(watchedFraction([[0, 1]], 0)).to.equal(0);
  });
});
