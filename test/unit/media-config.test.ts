import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../server/src/config/config.js';

describe('configuration: media delivery', () => {
  it('streams from Lectern by default, with 6 h grants and 7 days for public videos', () => {
    expect(loadConfig({}).media).to.deep.equal({ delivery: 'node', accelPrefix: '/_lectern_media/', grantTtlSeconds: 21_600, publicGrantTtlSeconds: 604_800 });
  });

  it('reads the x-accel-redirect mode, its prefix and the lifetimes', () => {
    const media = loadConfig({ MEDIA_DELIVERY: 'x-accel-redirect', MEDIA_ACCEL_PREFIX: '/internal/media/', MEDIA_GRANT_TTL: '3600', MEDIA_PUBLIC_GRANT_TTL: '86400' }).media;
    expect(media).to.deep.equal({ delivery: 'x-accel-redirect', accelPrefix: '/internal/media/', grantTtlSeconds: 3600, publicGrantTtlSeconds: 86_400 });
  });

  it('refuses an unknown mode, a prefix that is not a folder path and lifetimes under a minute', () => {
    try {
      loadConfig({ MEDIA_DELIVERY: 'sendfile', MEDIA_ACCEL_PREFIX: '_lectern_media', MEDIA_GRANT_TTL: '30', MEDIA_PUBLIC_GRANT_TTL: 'a week' });
      expect.fail('loadConfig should have thrown');
    } catch (error) {
      expect(error).to.be.instanceOf(ConfigError);
      const problems = (error as ConfigError).problems.map((p) => p.split(':')[0]);
      expect(problems).to.have.members(['MEDIA_DELIVERY', 'MEDIA_ACCEL_PREFIX', 'MEDIA_GRANT_TTL', 'MEDIA_PUBLIC_GRANT_TTL']);
    }
  });
});
