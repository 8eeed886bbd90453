import { readFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { lectern } from '../helpers/lectern-cli.js';

describe('lectern saml:sp-metadata', function () {
  this.timeout(120_000);
  let varDir: string;
  before(async () => {
    varDir = await mkdtemp(path.join(os.tmpdir(), 'lectern-saml-cli-'));
  });
  after(() => rm(varDir, { recursive: true, force: true }));

  it('prints the SP metadata with the key pair the server uses (generated once)', async () => {
    const env = { LECTERN_VAR_DIR: varDir, PUBLIC_URL: 'https://lectern.univ-test.fr' };
    const first = await lectern(['saml:sp-metadata'], env);
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stdout).to.include('entityID="https://lectern.univ-test.fr/sso/saml/metadata"');
    expect(first.stdout).to.include('Location="https://lectern.univ-test.fr/sso/saml/acs"');
    const certificate = (await readFile(path.join(varDir, 'secrets', 'saml-sp.crt'), 'utf8')).replace(/-----[A-Z ]+-----|\s/g, '');
    expect(first.stdout.replace(/\s/g, '')).to.include(`<ds:X509Certificate>${certificate}</ds:X509Certificate>`);
    const second = await lectern(['saml:sp-metadata'], { ...env, SAML_SP_ENTITY_ID: 'urn:lectern:univ-test' });
    expect(second.stdout).to.include('entityID="urn:lectern:univ-test"');
    expect(second.stdout.replace(/\s/g, '')).to.include(certificate);
  });

  it('says what is wrong with half a configured key pair', async () => {
    const run = await lectern(['saml:sp-metadata'], { LECTERN_VAR_DIR: varDir, SAML_SP_KEY_FILE: '/nowhere/sp.key' });
    expect(run.code).to.equal(1);
    expect(run.stderr).to.include('SAML_SP_KEY_FILE, SAML_SP_CERT_FILE: give both or neither');
  });
});
