import { expect } from 'chai';
import { parseRecordId, requireRecordId } from '../../server/src/http/record-id.js';

describe('record ids', () => {
  it('reads positive 32-bit ids written as text', () => {
    expect(parseRecordId('1')).to.equal(1);
    expect(parseRecordId('2147483647')).to.equal(2147483647);
  });

  it('refuses everything else', () => {
    for (const raw of ['0', '2147483648', '-1', '1.5', '1e3', ' 7', 'abc', '', undefined, 7, ['1']]) expect(parseRecordId(raw), String(raw)).to.equal(null);
  });

  it('throws a validation error with the given code', () => {
    expect(() => requireRecordId('x', 'invalid_video_id', 'Not a video number.')).to.throw('Not a video number.').with.property('code', 'invalid_video_id');
  });
});
