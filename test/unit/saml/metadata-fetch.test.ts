import { expect } from 'chai';
import { fetchMetadata } from '../../../server/src/infra/saml/metadata-fetch.js';
import { createSamlMetadataReader } from '../../../server/src/infra/saml/saml-metadata-reader.js';
import { freePort } from '../../helpers/processes.js';
import { refusalOf } from '../../helpers/recording-imports.js';
import { entityXml, metadataDocument, startMetadataServer, type MetadataServer } from '../../helpers/saml-metadata.js';
import { testIdpKeys } from '../../helpers/saml-responses.js';

const LIMITS = { maxBytes: 64 * 1024, timeoutMs: 1500 };

const failure = refusalOf;

describe('fetchMetadata (a metadata URL over loopback http)', function () {
  this.timeout(30_000);
  let server: MetadataServer;
  let document: string;

  before(async () => {
    server = await startMetadataServer();
    document = metadataDocument(entityXml({ entityId: 'https://idp.univ-a.fr/idp', certificates: [(await testIdpKeys()).certificatePem], names: { fr: 'Université A' } }));
  });
  after(() => server?.close());

  it('downloads the document, without a byte order mark, following a redirect on the same machine', async () => {
    server.route('/metadata.xml', { body: `\uFEFF${document}` });
    server.route('/moved', { location: '/metadata.xml' });
    expect(await fetchMetadata(`${server.origin}/metadata.xml`, LIMITS)).to.equal(document);
    expect(await fetchMetadata(`${server.origin}/moved`, LIMITS)).to.equal(document);
  });

  it('an HTTP error is saml_metadata_unreachable, with the status', async () => {
    const missing = await failure(fetchMetadata(`${server.origin}/nothing-here.xml?token=secret`, LIMITS));
    expect(missing).to.include({ status: 503, code: 'saml_metadata_unreachable' });
    expect(missing.message).to.equal(`${server.origin}/nothing-here.xml answered HTTP 404.`);
    server.route('/broken', { status: 500, body: 'oops' });
    expect((await failure(fetchMetadata(`${server.origin}/broken`, LIMITS))).message).to.contain('answered HTTP 500');
  });

  it('refuses a document over the size limit, announced or not (saml_metadata_too_large)', async () => {
    server.route('/huge', { body: 'x'.repeat(LIMITS.maxBytes + 1) });
    server.route('/huge-chunked', { body: 'x'.repeat(LIMITS.maxBytes * 2), chunked: true });
    for (const path of ['/huge', '/huge-chunked']) {
      const error = await failure(fetchMetadata(`${server.origin}${path}`, LIMITS));
      expect(error).to.include({ status: 413, code: 'saml_metadata_too_large' });
      expect(error.message).to.contain(`larger than ${LIMITS.maxBytes} bytes (SAML_METADATA_MAX_BYTES)`);
    }
  });

  it('gives up after the timeout (saml_metadata_unreachable)', async () => {
    server.route('/slow', { body: document, delayMs: 5000 });
    const error = await failure(fetchMetadata(`${server.origin}/slow`, { ...LIMITS, timeoutMs: 300 }));
    expect(error).to.include({ status: 503, code: 'saml_metadata_unreachable' });
    expect(error.message).to.equal(`${server.origin}/slow did not answer within 0.3 s.`);
  });

  it('a closed port is saml_metadata_unreachable', async () => {
    const port = await freePort(); // nothing listens on it
    const error = await failure(fetchMetadata(`http://127.0.0.1:${port}/metadata.xml`, LIMITS));
    expect(error).to.include({ status: 503, code: 'saml_metadata_unreachable' });
    expect(error.message).to.match(new RegExp(`^http://127\\.0\\.0\\.1:${port}/metadata\\.xml could not be reached \\(fetch failed: .*ECONNREFUSED`));
  });

  it('refuses http to another machine, and a redirect there', async () => {
    const direct = await failure(fetchMetadata('http://metadata.federation.example/idps.xml', LIMITS));
    expect(direct).to.include({ status: 503, code: 'saml_metadata_unreachable' });
    expect(direct.message).to.contain('https is required (http only on this machine)');
    server.route('/downgrade', { location: 'http://metadata.federation.example/idps.xml' });
    expect((await failure(fetchMetadata(`${server.origin}/downgrade`, LIMITS))).message).to.contain('https is required');
    expect(await failure(fetchMetadata('ftp://127.0.0.1/idps.xml', LIMITS))).to.include({ status: 503, code: 'saml_metadata_unreachable' });
  });

  it('an answer that is not XML downloads, then reads as saml_metadata_invalid', async () => {
    server.route('/html', { body: '<!doctype html><html><body>Maintenance</body></html>', contentType: 'text/html' });
    server.route('/json', { body: '{"idps": []}', contentType: 'application/json' });
    const reader = createSamlMetadataReader(LIMITS);
    for (const path of ['/html', '/json']) {
      const text = await reader.download(`${server.origin}${path}`);
      expect(await failure(Promise.resolve().then(() => reader.read(text, null, new Date()))), path).to.include({ status: 400, code: 'saml_metadata_invalid' });
    }
  });
});
