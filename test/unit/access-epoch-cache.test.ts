import { expect } from 'chai';
import { createAccessEpochCache } from '../../server/src/http/media/access-epoch-cache.js';

describe('access epoch cache', () => {
  let clock = 0;
  let epochs: Map<number, number>;
  let lookups: number[];
  let failNext = false;
  const lookup = async (videoId: number) => {
    lookups.push(videoId);
    if (failNext) {
      failNext = false;
      throw new Error('database down');
    }
    return epochs.get(videoId) ?? null;
  };
  beforeEach(() => {
    clock = 1_000_000;
    epochs = new Map([
      [1, 1],
      [2, 5],
    ]);
    lookups = [];
  });

  it('looks a video up once per TTL, and once for concurrent requests', async () => {
    const cache = createAccessEpochCache({ lookup, ttlMs: 2000, now: () => clock });
    expect(await Promise.all([cache.epochOf(1), cache.epochOf(1), cache.epochOf(2)])).to.deep.equal([1, 1, 5]);
    epochs.set(1, 2);
    clock += 1999;
    expect(await cache.epochOf(1)).to.equal(1);
    clock += 1;
    expect(await cache.epochOf(1)).to.equal(2);
    expect(lookups).to.deep.equal([1, 2, 1]);
  });

  it('remembers that a video is gone, for as long', async () => {
    const cache = createAccessEpochCache({ lookup, ttlMs: 2000, now: () => clock });
    expect(await cache.epochOf(9)).to.equal(null);
    epochs.set(9, 1);
    expect(await cache.epochOf(9)).to.equal(null);
    clock += 2000;
    expect(await cache.epochOf(9)).to.equal(1);
  });

  it('forgets a video on request, and everything on clear', async () => {
    const cache = createAccessEpochCache({ lookup, ttlMs: 2000, now: () => clock });
    await cache.epochOf(1);
    await cache.epochOf(2);
    epochs.set(1, 7).set(2, 8);
    cache.forget(1);
    expect([await cache.epochOf(1), await cache.epochOf(2)]).to.deep.equal([7, 5]);
    cache.clear();
    expect(await cache.epochOf(2)).to.equal(8);
  });

  it('does not keep a failed lookup', async () => {
    const cache = createAccessEpochCache({ lookup, ttlMs: 2000, now: () => clock });
    failNext = true;
    let failure: unknown = null;
    await cache.epochOf(1).catch((error: unknown) => (failure = error));
    expect(failure).to.be.instanceOf(Error);
    expect(await cache.epochOf(1)).to.equal(1);
  });

  it('stays bounded', async () => {
    const cache = createAccessEpochCache({ lookup, ttlMs: 2000, now: () => clock, maxEntries: 3 });
    for (const id of [1, 2, 3]) await cache.epochOf(id);
    await cache.epochOf(4);
    await cache.epochOf(1);
    expect(lookups).to.deep.equal([1, 2, 3, 4, 1]);
  });
});
