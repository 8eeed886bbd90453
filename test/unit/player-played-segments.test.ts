import { expect } from 'chai';
import { createSegmentTracker, MAX_STEP_SECONDS, mergePlayed } from '../../player/src/player/played-segments.js';

describe('player played-segments tracker', () => {
  const play = (tracker: ReturnType<typeof createSegmentTracker>, from: number, to: number, step = 0.25) => {
    for (let time = from; time <= to + 1e-9; time += step) tracker.played(time);
  };

  it('extends one segment while playing continuously', () => {
    const tracker = createSegmentTracker();
    play(tracker, 0, 10);
    expect(tracker.segments()).to.deep.equal([[0, 10]]);
  });

  it('starts a new segment after a seek: the skipped part is not played', () => {
    const tracker = createSegmentTracker();
    play(tracker, 0, 5);
    tracker.cut();
    play(tracker, 60, 62);
    expect(tracker.segments()).to.deep.equal([[0, 5], [60, 62]]);
  });

  it('treats a jump without a seek event (or a step backwards) as a new segment too', () => {
    const tracker = createSegmentTracker();
    play(tracker, 0, 5);
    tracker.played(5 + MAX_STEP_SECONDS + 1);
    tracker.played(11);
    tracker.played(3);
    tracker.played(4);
    expect(tracker.segments()).to.deep.equal([[0, 5], [10, 11]]);
  });

  it('merges a part played again with what was played before', () => {
    const tracker = createSegmentTracker();
    play(tracker, 0, 10);
    tracker.cut();
    play(tracker, 5, 15);
    expect(tracker.segments()).to.deep.equal([[0, 15]]);
  });

  it('says whether something new was played since the last report', () => {
    const tracker = createSegmentTracker();
    expect(tracker.changed).to.equal(false);
    tracker.played(3);
    expect(tracker.changed).to.equal(false);
    tracker.played(3.25);
    expect(tracker.changed).to.equal(true);
    tracker.markReported();
    expect(tracker.changed).to.equal(false);
    tracker.played(3.25);
    expect(tracker.changed).to.equal(false);
  });

  it('ignores nonsense times and rounds to the millisecond', () => {
    const tracker = createSegmentTracker();
    tracker.played(Number.NaN);
    tracker.played(-1);
    tracker.played(1.00001);
    tracker.played(2.12345);
    expect(tracker.segments()).to.deep.equal([[1, 2.123]]);
    expect(mergePlayed([[4, 4], [3, 5], [1, 2]])).to.deep.equal([[1, 2], [3, 5]]);
  });
});
