import { expect } from 'chai';
import { chooseStart, pageUrlAt, parseTimeSpec, resumeAt } from '../../player/src/player/start-time.js';

describe('player start time', () => {
  it('reads the time formats of ?start= and #t=', () => {
    const cases: [string, number | null][] = [
      ['90', 90],
      ['90.5', 90.5],
      ['90s', 90],
      ['1m30s', 90],
      ['1m', 60],
      ['1h2m3s', 3723],
      ['1H2M3S', 3723],
      ['01:30', 90],
      ['1:02:03', 3723],
      ['90:00', 5400],
      ['npt:75', 75],
      ['30,60', 30],
      [' 12 ', 12],
      ['1:60', null],
      ['1:60:00', null],
      ['', null],
      ['abc', null],
      ['-5', null],
      ['1m30x', null],
    ];
    for (const [text, seconds] of cases) expect(parseTimeSpec(text), text).to.equal(seconds);
  });

  it('lets the fragment win, then ?start=, then the saved position', () => {
    const base = { search: '', hash: '', resumePosition: null, durationSeconds: 600 };
    expect(chooseStart({ ...base, search: '?start=90', hash: '#t=1m' })).to.deep.equal({ seconds: 60, source: 'fragment' });
    expect(chooseStart({ ...base, search: '?start=90', resumePosition: 200 })).to.deep.equal({ seconds: 90, source: 'query' });
    expect(chooseStart({ ...base, resumePosition: 200 })).to.deep.equal({ seconds: 200, source: 'resume' });
    expect(chooseStart({ ...base, hash: '#foo=1&t=01:30' })).to.deep.equal({ seconds: 90, source: 'fragment' });
    expect(chooseStart({ ...base, hash: '#t=oops', search: '?is_iframe=true&start=15' })).to.deep.equal({ seconds: 15, source: 'query' });
    expect(chooseStart(base)).to.equal(null);
  });

  it('starts from the beginning when asked for 0, whatever was saved', () => {
    expect(chooseStart({ search: '?start=0', hash: '', resumePosition: 200, durationSeconds: 600 })).to.equal(null);
    expect(chooseStart({ search: '', hash: '#t=0', resumePosition: 200, durationSeconds: 600 })).to.equal(null);
  });

  it('keeps a requested start inside the media', () => {
    expect(chooseStart({ search: '?start=9999', hash: '', resumePosition: null, durationSeconds: 600 })).to.deep.equal({ seconds: 599, source: 'query' });
    expect(chooseStart({ search: '?start=9999', hash: '', resumePosition: null, durationSeconds: 0 })).to.deep.equal({ seconds: 9999, source: 'query' });
  });

  it('resumes only away from both ends', () => {
    expect(resumeAt(null, 600)).to.equal(null);
    expect(resumeAt(4, 600)).to.equal(null);
    expect(resumeAt(5, 600)).to.equal(5);
    expect(resumeAt(569, 600)).to.equal(569);
    expect(resumeAt(571, 600)).to.equal(null);
    expect(resumeAt(100, 105)).to.equal(null);
    expect(resumeAt(50, 0)).to.equal(50);
    expect(resumeAt(Number.NaN, 600)).to.equal(null);
  });

  it('writes the page URL at a time', () => {
    expect(pageUrlAt('https://lectern.example/video/12-intro/', 90.7)).to.equal('https://lectern.example/video/12-intro/#t=90');
    expect(pageUrlAt('/video/12-intro/?x=1#t=5', 42)).to.equal('/video/12-intro/?x=1#t=42');
    expect(pageUrlAt('/video/12-intro/', 0.4)).to.equal('/video/12-intro/');
  });
});
