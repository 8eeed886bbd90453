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
