import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../server/src/config/config.js';

describe('configuration', () => {
  it('has defaults that start Lectern on its embedded database', () => {
    const config = loadConfig({}, '/srv/lectern');
    expect(config.http.port).to.equal(3000);
    expect(config.publicUrl).to.equal('http://localhost:3000');
    expect(config.varDir).to.equal('/srv/lectern/var');
    expect(config.database).to.deep.equal({ url: null, embeddedPort: 54329 });
    expect(config.uploads.maxSize).to.equal(8 * 1024 ** 3);
    expect(config.cookieSecure).to.equal(false);
    expect(Object.isFrozen(config)).to.equal(true);
  });

  it('reads every documented key', () => {
    const config = loadConfig(
      { PORT: '8080', PUBLIC_URL: 'https://video.univ.fr/', LECTERN_VAR_DIR: '/data', DATABASE_URL: 'postgres://u:p@db/lectern', UPLOAD_MAX_SIZE: '2GiB', USER_QUOTA: '0', DEFAULT_LOCALE: 'en' },
      '/x',
    );
    expect(config.publicUrl).to.equal('https://video.univ.fr');
    expect(config.cookieSecure).to.equal(true);
    expect(config.varDir).to.equal('/data');
    expect(config.database.url).to.equal('postgres://u:p@db/lectern');
    expect(config.uploads).to.include({ maxSize: 2 * 1024 ** 3, userQuota: 0 });
    expect(config.defaultLocale).to.equal('en');
  });

  it('reads the encoding settings, in milliseconds where the keys say seconds', () => {
    expect(loadConfig({}).encoding).to.deep.equal({
      inProcessWorkers: 1,
      concurrency: 1,
      ladder: '360p:1000:96:mp4,720p:3000:128:mp4,1080p:4500:192',
      preset: 'veryfast',
      crf: 23,
      threads: 0,
      maxAttempts: 3,
      retryDelayMs: 30_000,
      lockLifetimeMs: 120_000,
      pollIntervalMs: 5000,
      shutdownGraceMs: 20_000,
    });
    const custom = loadConfig({ ENCODING_WORKERS: '0', ENCODING_LADDER: '480p:1500:128:mp4', ENCODING_PRESET: 'medium', ENCODING_LOCK_SECONDS: '2.5' }).encoding;
    expect(custom).to.include({ inProcessWorkers: 0, ladder: '480p:1500:128:mp4', preset: 'medium', lockLifetimeMs: 2500 });
  });

  it('refuses a malformed ladder, an unknown preset and impossible numbers', () => {
    try {
      loadConfig({ ENCODING_LADDER: '720p,1080p', ENCODING_PRESET: 'warp', ENCODING_CRF: '60', ENCODING_MAX_ATTEMPTS: '0', ENCODING_LOCK_SECONDS: '-1' });
      expect.fail('loadConfig should have thrown');
    } catch (error) {
      expect(error).to.be.instanceOf(ConfigError);
      const problems = (error as ConfigError).problems.map((p) => p.split(':')[0]);
      expect(problems).to.have.members(['ENCODING_LADDER', 'ENCODING_PRESET', 'ENCODING_CRF', 'ENCODING_MAX_ATTEMPTS', 'ENCODING_LOCK_SECONDS']);
    }
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).database.url).to.equal(null);
  });

  it('lists every problem at once', () => {
    try {
      loadConfig({ PORT: 'eighty', PUBLIC_URL: 'not a url', DATABASE_URL: 'mysql://x', UPLOAD_MAX_SIZE: 'huge', SESSION_SECRET: 'short', LOG_LEVEL: 'loud' });
      expect.fail('loadConfig should have thrown');
    } catch (error) {
      expect(error).to.be.instanceOf(ConfigError);
      const problems = (error as ConfigError).problems.map((p) => p.split(':')[0]);
      expect(problems).to.have.members(['PORT', 'PUBLIC_URL', 'DATABASE_URL', 'UPLOAD_MAX_SIZE', 'SESSION_SECRET', 'LOG_LEVEL']);
      expect((error as ConfigError).message).to.include('UPLOAD_MAX_SIZE: "huge" is not a size');
    }
  });
});
