import { expect } from 'chai';
import { createMediaGrants } from '../../server/src/domain/access/media-grant.js';
import { createVerifiedGrants } from '../../server/src/http/media/verified-grants.js';

describe('verified grants', () => {
  const start = Date.UTC(2026, 0, 1);
  let clock = start;
  const grants = createMediaGrants(Buffer.alloc(32, 3), () => clock);
  let verifications = 0;
  const counting = { verify: (token: string) => (verifications++, grants.verify(token)) };
  beforeEach(() => {
    clock = start;
    verifications = 0;
  });

  it('verifies a grant once, and still expires it on time', () => {
    const cache = createVerifiedGrants(counting, () => clock);
    const token = grants.issue(4, 1, 600);
    expect(cache.verify(token)).to.deep.equal(grants.verify(token));
    expect(cache.verify(token)).to.deep.equal({ ok: true, grant: { videoId: 4, epoch: 1, expiresAt: new Date(start + 600_000) } });
    expect(verifications).to.equal(1);
    clock = start + 600_000;
    expect(cache.verify(token)).to.deep.equal({ ok: false, reason: 'expired' });
  });

  it('never remembers a refusal, and stays bounded', () => {
    const cache = createVerifiedGrants(counting, () => clock, 2);
    const token = grants.issue(4, 1, 600);
    const forged = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect(cache.verify(forged)).to.deep.equal({ ok: false, reason: 'bad_signature' });
    expect(cache.verify(forged)).to.deep.equal({ ok: false, reason: 'bad_signature' });
    expect(verifications).to.equal(2);
    for (const id of [1, 2, 3]) cache.verify(grants.issue(id, 1, 600));
    cache.verify(grants.issue(1, 1, 600));
    expect(verifications).to.equal(6, 'the third grant started the memory over');
  });
});
