import { expect } from 'chai';
import { BBB_SERVER_PROBLEMS, bbbServerProblemReason, checkBbbServerSettings, normaliseBbbApiUrl, type BbbServerInput } from '../../../server/src/domain/meetings/bbb-server-rules.js';

const GOOD: BbbServerInput = { name: 'BBB UFR', apiUrl: 'https://bbb.univ.example', secret: 'a-secret-of-bbb', checksumAlgorithm: 'sha256' };

const reasonsOf = (input: Partial<BbbServerInput>, secretRequired = true) =>
  checkBbbServerSettings({ ...GOOD, ...input }, { secretRequired }).problems.map((problem) => bbbServerProblemReason(problem));

describe('BigBlueButton server rules', () => {
  describe('normaliseBbbApiUrl', () => {
    it('turns the usual forms of a BBB address into its API root', () => {
      for (const text of [
        'https://bbb.univ.example',
        'https://bbb.univ.example/',
        'https://bbb.univ.example/bigbluebutton',
        'https://bbb.univ.example/bigbluebutton/',
        'https://bbb.univ.example/bigbluebutton/api',
        'https://bbb.univ.example/bigbluebutton/api/',
        '  HTTPS://BBB.Univ.Example/bigbluebutton/api//  ',
      ]) {
        expect(normaliseBbbApiUrl(text), text).to.deep.equal({ url: 'https://bbb.univ.example/bigbluebutton/api/' });
      }
      expect(normaliseBbbApiUrl('https://bbb.univ.example:8443')).to.deep.equal({ url: 'https://bbb.univ.example:8443/bigbluebutton/api/' });
    });

    it('keeps another path ending in /api (a load balancer’s), with a final slash', () => {
      expect(normaliseBbbApiUrl('https://univ.bbb.numerique-esr.fr/bigbluebutton/api')).to.deep.equal({ url: 'https://univ.bbb.numerique-esr.fr/bigbluebutton/api/' });
      expect(normaliseBbbApiUrl('https://lb.univ.example/scalelite/api')).to.deep.equal({ url: 'https://lb.univ.example/scalelite/api/' });
    });

    it('accepts http only for this machine', () => {
      expect(normaliseBbbApiUrl('http://127.0.0.1:4567/bigbluebutton/api/')).to.deep.equal({ url: 'http://127.0.0.1:4567/bigbluebutton/api/' });
      expect(normaliseBbbApiUrl('http://localhost:8080')).to.deep.equal({ url: 'http://localhost:8080/bigbluebutton/api/' });
      expect(normaliseBbbApiUrl('http://[::1]:8080/bigbluebutton')).to.deep.equal({ url: 'http://[::1]:8080/bigbluebutton/api/' });
      expect(normaliseBbbApiUrl('http://bbb.univ.example/bigbluebutton/api/')).to.deep.equal({ reason: 'url_https' });
      expect(normaliseBbbApiUrl('http://127.0.0.1.example/')).to.deep.equal({ reason: 'url_https' });
    });

    it('refuses what is not an http(s) API address', () => {
      const cases: [string, string][] = [
        ['', 'url'],
        ['bbb.univ.example', 'url'],
        ['ftp://bbb.univ.example/bigbluebutton/api/', 'url'],
        ['javascript:alert(1)', 'url'],
        ['https://', 'url'],
        ['https://admin:pw@bbb.univ.example/', 'url_parts'],
        ['https://bbb.univ.example/bigbluebutton/api/?checksum=1', 'url_parts'],
        ['https://bbb.univ.example/bigbluebutton/api/?', 'url_parts'],
        ['https://bbb.univ.example/#api', 'url_parts'],
        ['https://bbb.univ.example/bigbluebutton/api/create', 'url_path'],
        ['https://bbb.univ.example/b3', 'url_path'],
        [`https://bbb.univ.example/${'x'.repeat(500)}/api`, 'url_length'],
      ];
      for (const [text, reason] of cases) expect(normaliseBbbApiUrl(text), text).to.deep.equal({ reason });
    });
  });

  describe('checkBbbServerSettings', () => {
    it('trims the name, normalises the URL and defaults the algorithm to sha256', () => {
      const { settings, problems } = checkBbbServerSettings({ ...GOOD, name: '  BBB UFR  ', checksumAlgorithm: '' }, { secretRequired: true });
      expect(problems).to.deep.equal([]);
      expect(settings).to.deep.equal({ name: 'BBB UFR', apiUrl: 'https://bbb.univ.example/bigbluebutton/api/', secret: 'a-secret-of-bbb', checksumAlgorithm: 'sha256' });
      for (const algorithm of ['sha1', 'SHA384', 'sha512']) {
        expect(checkBbbServerSettings({ ...GOOD, checksumAlgorithm: algorithm }, { secretRequired: true }).settings.checksumAlgorithm).to.equal(algorithm.toLowerCase());
      }
    });

    it('lists every problem, each on its field', () => {
      const { problems } = checkBbbServerSettings({ name: ' ', apiUrl: 'bbb', secret: 'short', checksumAlgorithm: 'md5' }, { secretRequired: true });
      expect(problems).to.deep.equal([BBB_SERVER_PROBLEMS.name, BBB_SERVER_PROBLEMS.url, BBB_SERVER_PROBLEMS.secret, BBB_SERVER_PROBLEMS.algorithm]);
      expect(problems.map((problem) => problem.path)).to.deep.equal(['name', 'api_url', 'secret', 'checksum_algorithm']);
    });

    it('bounds the name to 100 characters', () => {
      expect(reasonsOf({ name: 'x'.repeat(100) })).to.deep.equal([]);
      expect(reasonsOf({ name: 'x'.repeat(101) })).to.deep.equal(['name']);
    });

    it('wants a secret of 8 to 512 characters without whitespace, kept as typed', () => {
      expect(reasonsOf({ secret: '12345678' })).to.deep.equal([]);
      expect(reasonsOf({ secret: 'x'.repeat(512) })).to.deep.equal([]);
      for (const secret of ['1234567', 'x'.repeat(513), 'with space', 'tab\there', ' leading-space', 'line\nbreak']) expect(reasonsOf({ secret }), secret).to.deep.equal(['secret']);
      expect(checkBbbServerSettings({ ...GOOD, secret: 'ABCdef123' }, { secretRequired: true }).settings.secret).to.equal('ABCdef123');
    });

    it('requires the secret on add only: a blank one on update keeps the stored one', () => {
      expect(reasonsOf({ secret: '' }, true)).to.deep.equal(['secret_required']);
      expect(reasonsOf({ secret: '' }, false)).to.deep.equal([]);
      expect(checkBbbServerSettings({ ...GOOD, secret: '' }, { secretRequired: false }).settings.secret).to.equal('');
    });

    it('knows only its own problems by reason', () => {
      expect(bbbServerProblemReason({ path: 'name', message: 'already the name of another server of this site' })).to.equal(null);
      expect(bbbServerProblemReason({ ...BBB_SERVER_PROBLEMS.url_https })).to.equal('url_https');
    });
  });
});
