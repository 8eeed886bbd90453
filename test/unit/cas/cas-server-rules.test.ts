import { expect } from 'chai';
import { checkCasServerSettings, normaliseCasBaseUrl } from '../../../server/src/domain/sso/cas-server-rules.js';
import { casServiceUrl, isServiceTicket } from '../../../server/src/domain/sso/cas-protocol.js';

describe('CAS server rules', () => {
  it('normalises the base URL: no final slash, host lower-cased, https (http on this machine only)', () => {
    expect(normaliseCasBaseUrl(' https://CAS.Univ.example/cas/ ')).to.deep.equal({ url: 'https://cas.univ.example/cas' });
    expect(normaliseCasBaseUrl('https://cas.univ.example//')).to.deep.equal({ url: 'https://cas.univ.example' });
    expect(normaliseCasBaseUrl('https://cas.univ.example:8443/cas-server')).to.deep.equal({ url: 'https://cas.univ.example:8443/cas-server' });
    for (const local of ['http://127.0.0.1:8080/cas', 'http://localhost/cas', 'http://[::1]:9000/cas', 'http://cas.localhost/cas']) {
      expect(normaliseCasBaseUrl(local), local).to.deep.equal({ url: local });
    }
    expect(normaliseCasBaseUrl('http://cas.univ.example/cas')).to.deep.equal({ reason: 'url_https' });
    expect(normaliseCasBaseUrl('cas.univ.example/cas')).to.deep.equal({ reason: 'url' });
    expect(normaliseCasBaseUrl('https://')).to.deep.equal({ reason: 'url' });
    expect(normaliseCasBaseUrl('https://u:p@cas.univ.example/cas')).to.deep.equal({ reason: 'url_parts' });
  });

  it('lists every problem of the settings at once', () => {
    const { problems, settings } = checkCasServerSettings({ name: '  ', baseUrl: 'ftp://cas' });
    expect(problems.map((problem) => problem.path)).to.deep.equal(['name', 'base_url']);
    expect(settings).to.deep.equal({ name: '', baseUrl: 'ftp://cas' });
    expect(checkCasServerSettings({ name: ' Lille ', baseUrl: 'https://cas.univ-lille.fr/cas/' })).to.deep.equal({ settings: { name: 'Lille', baseUrl: 'https://cas.univ-lille.fr/cas' }, problems: [] });
  });

  it('knows a service ticket (spec §3.1.1, §3.7) and builds the service URL', () => {
    expect(isServiceTicket('ST-1856339-aA5Yuvrxzpv8Tau1cYQ7')).to.equal(true);
    for (const value of ['PT-1-a', 'ST-', 'ST-a_b', 'ST-a.b', ` ST-1`, `ST-${'x'.repeat(254)}`, 42, null, ['ST-1']]) {
      expect(isServiceTicket(value), String(value)).to.equal(false);
    }
    expect(casServiceUrl('https://video.univ.example', 3)).to.equal('https://video.univ.example/sso/cas/3/callback');
  });
});
