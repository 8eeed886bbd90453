import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { generateSelfSignedCertificate, readOrCreateSpCredentials } from '../../../server/src/infra/saml/sp-certificate.js';

describe('SAML SP certificate', () => {
  let varDir: string;
  beforeEach(async () => {
    varDir = await mkdtemp(path.join(os.tmpdir(), 'lectern-sp-cert-'));
  });
  afterEach(() => rm(varDir, { recursive: true, force: true }));

  it('generates a self-signed RSA 3072 / SHA-256 certificate and its PKCS#8 key', async () => {
    const { privateKeyPem, certificatePem } = await generateSelfSignedCertificate('lectern.univ.fr', 10);
    const cert = new X509Certificate(certificatePem);
    expect(cert.subject).to.equal('CN=lectern.univ.fr');
    expect(cert.issuer).to.equal('CN=lectern.univ.fr');
    expect(cert.publicKey.asymmetricKeyDetails?.modulusLength).to.equal(3072);
    expect(cert.checkPrivateKey(createPrivateKey(privateKeyPem))).to.equal(true);
    expect(privateKeyPem.startsWith('-----BEGIN PRIVATE KEY-----')).to.equal(true);
    const days = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / 86_400_000;
    expect(Math.round(days)).to.equal(10);
    expect(cert.verify(cert.publicKey)).to.equal(true);
  });

  it('generates the pair once under var/secrets (0600), even when several processes start together', async () => {
    const pairs = await Promise.all([1, 2, 3].map(() => readOrCreateSpCredentials(varDir, { commonName: 'lectern.test' })));
    expect(new Set(pairs.map((pair) => pair.certificatePem)).size).to.equal(1);
    expect(new Set(pairs.map((pair) => pair.privateKeyPem)).size).to.equal(1);
    for (const file of ['saml-sp.key', 'saml-sp.crt']) expect((await stat(path.join(varDir, 'secrets', file))).mode & 0o777).to.equal(0o600);
    expect(await readOrCreateSpCredentials(varDir, { commonName: 'lectern.test' })).to.deep.equal(pairs[0]);
  });

  it('uses configured files as they are, and wants both', async () => {
    const keyFile = path.join(varDir, 'sp.key');
    const certFile = path.join(varDir, 'sp.crt');
    await writeFile(keyFile, 'KEY PEM');
    await writeFile(certFile, 'CERT PEM');
    expect(await readOrCreateSpCredentials(varDir, { keyFile, certFile, commonName: 'x' })).to.deep.equal({ privateKeyPem: 'KEY PEM', certificatePem: 'CERT PEM' });
    let error: unknown;
    await readOrCreateSpCredentials(varDir, { keyFile, commonName: 'x' }).catch((caught: unknown) => (error = caught));
    expect((error as Error).message).to.equal('SAML_SP_KEY_FILE and SAML_SP_CERT_FILE go together');
  });
});
