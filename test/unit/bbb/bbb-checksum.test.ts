import { expect } from 'chai';
import { bbbChecksum, bbbQueryString, signedQuery } from '../../../server/src/infra/bbb/bbb-checksum.js';

const QUERY = 'name=Test+Meeting&meetingID=abc123&attendeePW=111222&moderatorPW=333444';
const SECRET = '639259d4-9dd8-4b25-bf01-95f9567eaf4b';
const VECTORS = {
  sha1: '1fcbb0c4fc1f039f73aa6d697d2db9ba7f803f17',
  sha256: 'da9185f7f333cfdfcd6eeac32dca3777510c4c436020d8b887ba5515bd1d189e',
  sha384: '891ac633df39d0a1b4f8d597f3e190833216c4b29c4fb51ea3ca72757eeb958d6e7b49a845cf29f5c6019c7d29d029d1',
  sha512:
    'de73ad61d11a5c801b68d4bd6ec5248546085cefb0b25c85f3c46249ea93a3a4b120f92c0a8a58d7512cb77821884951a3b01245f3435dbbef49fff3cc3988b4',
} as const;

describe('BBB checksum (spec §1.2)', () => {
  for (const [algorithm, expected] of Object.entries(VECTORS) as [keyof typeof VECTORS, string][]) {
    it(`matches the documented ${algorithm} vector`, () => {
      expect(bbbChecksum('create', QUERY, SECRET, algorithm)).to.equal(expected);
    });
  }

  it('builds the documented query once, in the given order, and appends the checksum last', () => {
    const params = { name: 'Test Meeting', meetingID: 'abc123', attendeePW: '111222', moderatorPW: '333444' };
    expect(bbbQueryString(params)).to.equal(QUERY);
    expect(signedQuery('create', params, SECRET, 'sha1')).to.equal(`${QUERY}&checksum=${VECTORS.sha1}`);
    expect(signedQuery('create', params, SECRET, 'sha512')).to.equal(`${QUERY}&checksum=${VECTORS.sha512}`);
  });

  it('signs an empty query as call + secret and sends checksum alone', () => {
    const expected = bbbChecksum('getMeetings', '', SECRET, 'sha256');
    expect(signedQuery('getMeetings', {}, SECRET, 'sha256')).to.equal(`checksum=${expected}`);
    expect(signedQuery('getMeetings', { meetingID: undefined }, SECRET, 'sha256')).to.equal(`checksum=${expected}`);
  });

  it('skips undefined values, writes booleans and numbers as text, encodes UTF-8 and +', () => {
    const query = bbbQueryString([
      ['fullName', 'Émile Zola+1'],
      ['record', true],
      ['duration', 0],
      ['userID', undefined],
      ['meta_bbb-origin', 'Lectern'],
    ]);
    expect(query).to.equal('fullName=%C3%89mile+Zola%2B1&record=true&duration=0&meta_bbb-origin=Lectern');
  });

  it('refuses to sign with an empty secret', () => {
    expect(() => signedQuery('create', { meetingID: 'a' }, '', 'sha256')).to.throw(/secret is empty/);
  });
});
