import { expect } from 'chai';
import { isoSeconds, scoreOf, scoreTimestamp, scoreToPost } from '../../../server/src/domain/lms/lti-score.js';

describe('LTI scores from the watched fraction', () => {
  it('gives a score on 100 with one decimal, InProgress below the threshold, always FullyGraded', () => {
    expect(scoreOf(0.4567, 0.9)).to.deep.equal({ scoreGiven: 45.7, scoreMaximum: 100, activityProgress: 'InProgress', gradingProgress: 'FullyGraded' });
    expect(scoreOf(0.8999, 0.9).activityProgress).to.equal('InProgress');
  });

  it('is Completed from the threshold on, a float just under it included', () => {
    expect(scoreOf(0.9, 0.9)).to.deep.equal({ scoreGiven: 90, scoreMaximum: 100, activityProgress: 'Completed', gradingProgress: 'FullyGraded' });
    expect(scoreOf(0.75 - 1e-12, 0.75).activityProgress).to.equal('Completed');
    expect(scoreOf(1, 1)).to.include({ scoreGiven: 100, activityProgress: 'Completed' });
  });

  it('clamps nonsense fractions', () => {
    expect(scoreOf(1.7, 0.9).scoreGiven).to.equal(100);
    expect(scoreOf(-1, 0.9).scoreGiven).to.equal(0);
    expect(scoreOf(Number.NaN, 0.9).scoreGiven).to.equal(0);
  });

  it('has nothing to post when nothing was watched, or when the score equals the posted one', () => {
    expect(scoreToPost(0, null, 0.9)).to.equal(null);
    expect(scoreToPost(0.5, 0.5, 0.9)).to.equal(null);
    // 0.50004 and 0.5 round to the same score: not posted again.
    expect(scoreToPost(0.50004, 0.5, 0.9)).to.equal(null);
    expect(scoreToPost(0.51, 0.5, 0.9)).to.include({ scoreGiven: 51 });
    expect(scoreToPost(0.2, null, 0.9)).to.include({ scoreGiven: 20 });
  });

  it('posts when crossing the threshold even if the score on 100 barely moves', () => {
    expect(scoreToPost(0.9, 0.8999, 0.9)).to.deep.equal({ scoreGiven: 90, scoreMaximum: 100, activityProgress: 'Completed', gradingProgress: 'FullyGraded' });
  });

  it('stamps scores in whole seconds, strictly later than the last posted one', () => {
    expect(isoSeconds(scoreTimestamp(new Date('2026-05-01T10:00:00.750Z'), null))).to.equal('2026-05-01T10:00:00+00:00');
    expect(isoSeconds(scoreTimestamp(new Date('2026-05-01T10:00:00.750Z'), new Date('2026-05-01T10:00:00Z')))).to.equal('2026-05-01T10:00:01+00:00');
    expect(isoSeconds(scoreTimestamp(new Date('2026-05-01T10:00:00Z'), new Date('2026-05-01T10:00:05Z')))).to.equal('2026-05-01T10:00:06+00:00');
    expect(isoSeconds(scoreTimestamp(new Date('2026-05-01T10:00:09Z'), new Date('2026-05-01T10:00:05Z')))).to.equal('2026-05-01T10:00:09+00:00');
  });
});
