import { expect } from 'chai';
import type { SpCredentials } from '../../../server/src/infra/saml/sp-certificate.js';
import { verifyEnvelopedSignature, XmlSignatureError, type XmlSignatureProblem } from '../../../server/src/infra/saml/xml-signature.js';
import { entitiesXml, entityXml, metadataDocument, signMetadata } from '../../helpers/saml-metadata.js';
import { otherIdpKeys, testIdpKeys } from '../../helpers/saml-responses.js';

function refusal(run: () => unknown): XmlSignatureProblem {
  try {
    run();
  } catch (error) {
    if (error instanceof XmlSignatureError) return error.problem;
    throw error;
  }
  throw new Error('the signature was accepted');
}

describe('verifyEnvelopedSignature (metadata signed as a whole)', function () {
  this.timeout(60_000);
  let keys: SpCredentials;
  let other: SpCredentials;
  let federation: string;
  const entity = (name: string) => entityXml({ entityId: `https://${name}.univ-test.fr/idp/shibboleth`, certificates: [keys.certificatePem], names: { fr: name } });

  before(async () => {
    [keys, other] = await Promise.all([testIdpKeys(), otherIdpKeys()]);
    federation = metadataDocument(entitiesXml([entity('alpha'), entity('beta')], { id: '_federation-2025', name: 'https://federation.test/' }));
  });

  it('returns the signed root, canonicalised and without its signature, for a valid RSA-SHA256 signature', () => {
    const signed = signMetadata(federation, keys);
    const verified = verifyEnvelopedSignature(signed, keys.certificatePem);
    expect(verified.signatureAlgorithm).to.equal('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
    expect(verified.digestAlgorithm).to.equal('http://www.w3.org/2001/04/xmlenc#sha256');
    expect(verified.signedXml).to.match(/^<md:EntitiesDescriptor /);
    expect(verified.signedXml).to.contain('ID="_federation-2025"').and.contain('alpha.univ-test.fr').and.contain('beta.univ-test.fr');
    expect(verified.signedXml).to.not.contain('SignatureValue');
  });

  it("accepts a Reference URI '' (the whole document) and a rollover list of certificates", () => {
    const signed = signMetadata(federation, keys, { emptyUri: true });
    expect(signed).to.contain('URI=""');
    expect(verifyEnvelopedSignature(signed, [other.certificatePem, keys.certificatePem]).signedXml).to.contain('alpha.univ-test.fr');
  });

  it('refuses tampered content: a changed SSO URL', () => {
    const signed = signMetadata(federation, keys).replace('https://alpha.univ-test.fr/idp/profile/SAML2/redirect/SSO', 'https://evil.example/sso');
    expect(refusal(() => verifyEnvelopedSignature(signed, keys.certificatePem))).to.equal('invalid');
  });

  it('refuses a signature made with another key, even when the document carries that key in its KeyInfo', () => {
    const signed = signMetadata(federation, other);
    expect(signed).to.contain('X509Certificate');
    expect(refusal(() => verifyEnvelopedSignature(signed, keys.certificatePem))).to.equal('invalid');
  });

  it('refuses RSA-SHA1', () => {
    const signed = signMetadata(federation, keys, { algorithm: 'sha1' });
    expect(refusal(() => verifyEnvelopedSignature(signed, keys.certificatePem))).to.equal('weak_algorithm');
  });

  it('refuses a document without a signature on its root', () => {
    expect(refusal(() => verifyEnvelopedSignature(federation, keys.certificatePem))).to.equal('unsigned');
  });

  it('refuses a second, unsigned EntityDescriptor injected beside the signed content', () => {
    const signed = signMetadata(federation, keys);
    const injected = signed.replace('</md:EntitiesDescriptor>', `${entity('evil')}</md:EntitiesDescriptor>`);
    expect(refusal(() => verifyEnvelopedSignature(injected, keys.certificatePem))).to.equal('invalid');
  });

  it('refuses a signed aggregate wrapped in a new unsigned root holding an injected entity', () => {
    const signed = signMetadata(federation, keys).replace(/^<\?xml[^>]*>\s*/, '');
    const wrapped = metadataDocument(entitiesXml([signed, entity('evil')], { id: '_wrapper' }));
    expect(refusal(() => verifyEnvelopedSignature(wrapped, keys.certificatePem))).to.equal('unsigned');
  });

  it('refuses a signature moved to a new root while it still references the nested, original element', () => {
    const signed = signMetadata(federation, keys).replace(/^<\?xml[^>]*>\s*/, '');
    const signature = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(signed)![0];
    const unsignedInner = signed.replace(signature, '');
    const wrapped = `<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#">${signature}${unsignedInner}${entity('evil')}</md:EntitiesDescriptor>`;
    expect(refusal(() => verifyEnvelopedSignature(wrapped, keys.certificatePem))).to.equal('not_root');
  });

  it('refuses a duplicated ID that would let the reference point at a decoy', () => {
    const signed = signMetadata(federation, keys);
    const decoy = signed.replace('</md:EntitiesDescriptor>', `<md:EntitiesDescriptor ID="_federation-2025">${entity('evil')}</md:EntitiesDescriptor></md:EntitiesDescriptor>`);
    expect(refusal(() => verifyEnvelopedSignature(decoy, keys.certificatePem))).to.equal('invalid');
  });

  it('refuses malformed XML and any DOCTYPE (entity expansion)', () => {
    expect(refusal(() => verifyEnvelopedSignature('<md:EntitiesDescriptor><unclosed>', keys.certificatePem))).to.equal('malformed');
    const bomb = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><x>&b;</x>';
    expect(refusal(() => verifyEnvelopedSignature(bomb, keys.certificatePem))).to.equal('malformed');
    expect(refusal(() => verifyEnvelopedSignature('not xml at all', keys.certificatePem))).to.equal('malformed');
  });
});
