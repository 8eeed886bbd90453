import { expect } from 'chai';
import { createMediaGrants, mediaPath } from '../../server/src/domain/access/media-grant.js';

describe('media grants', () => {
  const key = Buffer.alloc(32, 7);
  // 2026-01-01T00:00:00Z: a multiple of every step used below, so rounding is predictable.
  const start = Date.UTC(2026, 0, 1);
  let clock = start;
  const grants = createMediaGrants(key, () => clock);
  beforeEach(() => {
    clock = start;
  });

  it('verifies what it issued, with the video, the epoch and the rounded expiry', () => {
    const token = grants.issue(42, 3, 3600);
    expect(token).to.match(/^g1\.42\.3\.[0-9a-z]+\.[A-Za-z0-9_-]{22}$/);
    const check = grants.verify(token);
    expect(check).to.deep.equal({ ok: true, grant: { videoId: 42, epoch: 3, expiresAt: new Date(start + 3600_000) } });
    expect(mediaPath(token, 'media-ab12/hls/master.m3u8')).to.equal(`/media/${token}/42/media-ab12/hls/master.m3u8`);
    expect(() => mediaPath('not-a-grant', 'tracks/a.vtt')).to.throw('not a media grant');
  });

  it('refuses a token with any part changed', () => {
    const token = grants.issue(42, 3, 3600);
    const [prefix, video, epoch, expires, signature] = token.split('.') as [string, string, string, string, string];
    const flip = (text: string) => text.slice(0, -1) + (text.endsWith('A') ? 'B' : 'A');
    const tampered = {
      video: [prefix, '43', epoch, expires, signature],
      epoch: [prefix, video, '4', expires, signature],
      expiry: [prefix, video, epoch, (parseInt(expires, 36) + 3600).toString(36), signature],
      signature: [prefix, video, epoch, expires, flip(signature)],
    };
    for (const [part, pieces] of Object.entries(tampered)) {
      expect(grants.verify(pieces.join('.')), part).to.deep.equal({ ok: false, reason: 'bad_signature' });
    }
    expect(grants.verify(['g2', video, epoch, expires, signature].join('.'))).to.deep.equal({ ok: false, reason: 'malformed' });
    expect(createMediaGrants(Buffer.alloc(32, 8), () => clock).verify(token)).to.deep.equal({ ok: false, reason: 'bad_signature' });
  });

  it('calls malformed what is not shaped like a grant', () => {
    for (const token of ['', 'g1', 'g1.42.3.abc', 'g1.x.3.abc.AAAAAAAAAAAAAAAAAAAAAA', `g1.42.3.abc.${'A'.repeat(21)}`, `g1.42.3.abc.${'A'.repeat(22)}.x`, '..%2e%2e']) {
      expect(grants.verify(token), token).to.deep.equal({ ok: false, reason: 'malformed' });
    }
  });

  it('expires at the rounded expiry, not before', () => {
    const token = grants.issue(1, 1, 600);
    clock = start + 600_000 - 1;
    expect(grants.verify(token).ok).to.equal(true);
    clock = start + 600_000;
    expect(grants.verify(token)).to.deep.equal({ ok: false, reason: 'expired' });
  });

  it('hands out the same URL for an eighth of the lifetime (at least a minute), so caches can reuse it', () => {
    clock = start + 1000;
    const first = grants.issue(5, 2, 6 * 3600);
    clock = start + 2700_000; // the end of the 45-minute step
    expect(grants.issue(5, 2, 6 * 3600)).to.equal(first);
    clock = start + 2700_000 + 1000;
    expect(grants.issue(5, 2, 6 * 3600)).to.not.equal(first);
    clock = start + 1000;
    const short = grants.verify(grants.issue(5, 2, 60));
    expect(short.ok && short.grant.expiresAt.getTime()).to.equal(start + 120_000);
  });
});
