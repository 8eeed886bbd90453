import { expect } from 'chai';
import { timemarkSeconds } from '../../../encoding/src/ffmpeg/progress.js';

describe('ffmpeg progress timemarks', () => {
  const cases: [string, number | null][] = [
    ['00:01:02.50', 62.5],
    ['00:00:00.00', 0],
    ['00:00:01.10', 1.1],
    ['00:01:02.30', 62.3],
    ['01:00:00.00', 3600],
    ['00:00:02', 2],
    ['123:04:05.06', 443_045.06],
    ['62.5', 62.5],
    [' 00:00:03.00 ', 3],
    ['-00:00:00.02', 0],
    ['N/A', null],
    ['', null],
    ['00:61:00.00', null],
    ['00:00:60.00', null],
    ['1:2', null],
    ['abc', null],
  ];
  for (const [timemark, seconds] of cases) {
    it(`${JSON.stringify(timemark)} → ${seconds}`, () => {
      expect(timemarkSeconds(timemark)).to.equal(seconds);
    });
  }
});
