import { expect } from 'chai';
import { durationSeconds, parseIdpMetadata } from '../../../server/src/infra/saml/idp-metadata.js';
import { createSamlMetadataReader } from '../../../server/src/infra/saml/saml-metadata-reader.js';
import type { SpCredentials } from '../../../server/src/infra/saml/sp-certificate.js';
import { refusalOf } from '../../helpers/recording-imports.js';
import { certificateBody, entitiesXml, entityXml, generatedIdps, metadataDocument, signMetadata } from '../../helpers/saml-metadata.js';
import { otherIdpKeys, testIdpKeys } from '../../helpers/saml-responses.js';

const NOW = new Date('2025-06-01T12:00:00Z');
const DAY = 86_400_000;

/** The HTTP status and code a reading throws with (a SamlMetadataError), as "400 saml_metadata_invalid". */
async function invalidCode(run: () => unknown): Promise<string> {
  const { status, code } = await refusalOf(Promise.resolve().then(run));
  return `${status} ${code}`;
}

describe('parseIdpMetadata', function () {
  this.timeout(60_000);
  let cert: string;
  let rollover: string;

  before(async () => {
    const [keys, other] = await Promise.all([testIdpKeys(), otherIdpKeys()]);
    cert = keys.certificatePem;
    rollover = other.certificatePem;
  });

  it('reads a single md:EntityDescriptor: endpoints (Redirect preferred), signing certificates as PEM, mdui names by language', () => {
    const xml = metadataDocument(
      entityXml({ entityId: 'https://idp.univ-a.fr/idp/shibboleth', certificates: [cert, rollover], slo: ['post', 'redirect'], names: { fr: 'Université A', en: 'University A' }, validUntil: new Date(NOW.getTime() + 10 * DAY) }),
    );
    const parsed = parseIdpMetadata(xml, NOW);
    expect(parsed.skipped).to.deep.equal([]);
    expect(parsed.validUntil?.toISOString()).to.equal(new Date(NOW.getTime() + 10 * DAY).toISOString());
    expect(parsed.idps).to.have.length(1);
    const [idp] = parsed.idps;
    expect(idp).to.deep.include({
      entityId: 'https://idp.univ-a.fr/idp/shibboleth',
      displayNames: { fr: 'Université A', en: 'University A' },
      ssoUrl: 'https://idp.univ-a.fr/idp/profile/SAML2/redirect/SSO',
      ssoBinding: 'redirect',
      sloUrl: 'https://idp.univ-a.fr/idp/profile/SAML2/redirect/SLO',
      sloBinding: 'redirect',
    });
    expect(idp!.certificates).to.have.length(2);
    expect(idp!.certificates.map(certificateBody)).to.deep.equal([certificateBody(cert), certificateBody(rollover)]);
    expect(idp!.certificates[0]).to.match(/^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----\n$/);
  });

  it('reads an aggregate with nested groups and no namespace prefix, skipping what is not a usable SAML 2.0 IdP (with the reason)', () => {
    const xml = metadataDocument(
      entitiesXml(
        [
          entityXml({ entityId: 'https://idp.univ-b.fr/idp', certificates: [cert], prefix: '', organizationNames: { fr: 'Université B' } }),
          entitiesXml(
            [
              entityXml({ entityId: 'https://post-only.univ-c.fr/idp', certificates: [cert], sso: ['post'], prefix: '' }),
              entityXml({ entityId: 'https://sp.univ-c.fr/sp', certificates: [cert], role: 'sp', prefix: '' }),
              entityXml({ entityId: 'https://nocert.univ-d.fr/idp', prefix: '' }),
              entityXml({ entityId: 'https://enc-only.univ-d.fr/idp', certificates: [cert], keyUse: 'encryption', prefix: '' }),
              entityXml({ entityId: 'https://saml1.univ-e.fr/idp', certificates: [cert], role: 'idp-saml1', prefix: '' }),
              entityXml({ entityId: 'https://artifact.univ-e.fr/idp', certificates: [cert], sso: ['artifact'], prefix: '' }),
              entityXml({ entityId: 'https://old.univ-f.fr/idp', certificates: [cert], validUntil: new Date(NOW.getTime() - DAY), prefix: '' }),
              entityXml({ entityId: 'https://nouse.univ-g.fr/idp', certificates: [cert], keyUse: null, prefix: '' }),
              entityXml({ entityId: 'https://idp.univ-b.fr/idp', certificates: [cert], prefix: '' }),
            ],
            { prefix: '' },
          ),
        ],
        { prefix: '', cacheDuration: 'PT6H', validUntil: new Date(NOW.getTime() + 14 * DAY) },
      ),
    );
    const parsed = parseIdpMetadata(xml, NOW);
    expect(parsed.idps.map((idp) => [idp.entityId, idp.ssoBinding])).to.deep.equal([
      ['https://idp.univ-b.fr/idp', 'redirect'],
      ['https://post-only.univ-c.fr/idp', 'post'],
      ['https://nouse.univ-g.fr/idp', 'redirect'],
    ]);
    expect(parsed.idps[0]!.displayNames).to.deep.equal({ fr: 'Université B' });
    expect(parsed.idps[1]!.ssoUrl).to.equal('https://post-only.univ-c.fr/idp/profile/SAML2/post/SSO');
    expect(parsed.idps[1]!.sloUrl).to.equal(null);
    expect(parsed.skipped).to.deep.equal([
      { entityId: 'https://sp.univ-c.fr/sp', reason: 'not_saml2_idp' },
      { entityId: 'https://nocert.univ-d.fr/idp', reason: 'no_signing_certificate' },
      { entityId: 'https://enc-only.univ-d.fr/idp', reason: 'no_signing_certificate' },
      { entityId: 'https://saml1.univ-e.fr/idp', reason: 'not_saml2_idp' },
      { entityId: 'https://artifact.univ-e.fr/idp', reason: 'no_sso_endpoint' },
      { entityId: 'https://old.univ-f.fr/idp', reason: 'expired' },
      { entityId: 'https://idp.univ-b.fr/idp', reason: 'duplicate' },
    ]);
    expect(parsed.cacheDurationSeconds).to.equal(6 * 3600);
    expect(parsed.validUntil?.getTime()).to.equal(NOW.getTime() + 14 * DAY);
  });

  it('a nested group whose validUntil passed makes its entities expired; mdui names win over the organisation, regional tags answer for the language', () => {
    const xml = entitiesXml([
      entitiesXml([entityXml({ entityId: 'https://stale.univ-h.fr/idp', certificates: [cert] })], { validUntil: new Date(NOW.getTime() - 1000) }),
      entityXml({ entityId: 'https://names.univ-i.fr/idp', certificates: [cert], names: { 'fr-FR': 'Nom & prénom', en: 'Names' }, organizationNames: { fr: 'Organisation' } }),
    ]);
    const parsed = parseIdpMetadata(xml, NOW);
    expect(parsed.skipped).to.deep.equal([{ entityId: 'https://stale.univ-h.fr/idp', reason: 'expired' }]);
    expect(parsed.idps[0]!.displayNames).to.deep.equal({ 'fr-fr': 'Nom & prénom', fr: 'Nom & prénom', en: 'Names' });
  });

  it('decodes entity and character references in names and ids', () => {
    const xml = entityXml({ entityId: 'https://idp.univ-j.fr/idp?a=1&b=2', certificates: [cert], names: { fr: 'PLACEHOLDER' } }).replace('PLACEHOLDER', 'Universit&#233; &#x1F393; &lt;J&gt;');
    const [idp] = parseIdpMetadata(xml, NOW).idps;
    expect(idp!.entityId).to.equal('https://idp.univ-j.fr/idp?a=1&b=2');
    expect(idp!.displayNames.fr).to.equal('Université 🎓 <J>');
  });

  it('returns the root validUntil even when it passed (the service refuses the document)', () => {
    const xml = entitiesXml([entityXml({ entityId: 'https://idp.univ-k.fr/idp', certificates: [cert] })], { validUntil: new Date(NOW.getTime() - DAY) });
    const parsed = parseIdpMetadata(xml, NOW);
    expect(parsed.validUntil?.getTime()).to.equal(NOW.getTime() - DAY);
  });

  it('refuses what is not SAML metadata: not XML, another root, a DOCTYPE, an unreadable validUntil (saml_metadata_invalid)', async () => {
    expect(await invalidCode(() => parseIdpMetadata('<html><body>Service unavailable</body>', NOW))).to.equal('400 saml_metadata_invalid');
    expect(await invalidCode(() => parseIdpMetadata('{"entityID": "x"}', NOW))).to.equal('400 saml_metadata_invalid');
    expect(await invalidCode(() => parseIdpMetadata('<?xml version="1.0"?><html><body/></html>', NOW))).to.equal('400 saml_metadata_invalid');
    expect(await invalidCode(() => parseIdpMetadata('<!DOCTYPE md [<!ENTITY a "a">]><md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"/>', NOW))).to.equal('400 saml_metadata_invalid');
    expect(await invalidCode(() => parseIdpMetadata(entitiesXml([], { validUntil: new Date(NOW) }).replace(/validUntil="[^"]+"/, 'validUntil="tomorrow"'), NOW))).to.equal('400 saml_metadata_invalid');
  });

  it('reads xs:duration values', () => {
    expect(durationSeconds('P1D')).to.equal(86_400);
    expect(durationSeconds('PT1H30M')).to.equal(5400);
    expect(durationSeconds('PT45.5S')).to.equal(46);
    expect(durationSeconds('P')).to.equal(null);
    expect(durationSeconds('PT')).to.equal(null);
    expect(durationSeconds('six hours')).to.equal(null);
    expect(durationSeconds(undefined)).to.equal(null);
  });
});

describe('the metadata reader (verify, then parse what was signed)', function () {
  this.timeout(120_000);
  let keys: SpCredentials;
  const reader = createSamlMetadataReader({ maxBytes: 64 * 1024 * 1024, timeoutMs: 5000 });

  before(async () => {
    keys = await testIdpKeys();
  });

  it('reads a signed aggregate of 1,000 IdPs (as large as Renater’s) through signature verification, in a worker thread', async () => {
    const xml = signMetadata(metadataDocument(entitiesXml(generatedIdps(1000, keys.certificatePem), { id: '_renater-like', validUntil: new Date(Date.now() + 10 * DAY) })), keys);
    expect(xml.length).to.be.greaterThan(2_000_000);
    // The web process goes on answering meanwhile: its event loop turns during the read.
    let turns = 0;
    const ticker = setInterval(() => (turns += 1), 5);
    const document = await reader.read(xml, keys.certificatePem, new Date()).finally(() => clearInterval(ticker));
    expect(turns, 'event loop turns during the read').to.be.greaterThan(0);
    expect(document.signatureChecked).to.equal(true);
    expect(document.idps).to.have.length(1000);
    expect(document.skipped).to.deep.equal([]);
    expect(document.idps[999]).to.deep.include({ entityId: 'https://idp999.univ-test.fr/idp/shibboleth', displayNames: { fr: 'Université de test n° 999', en: 'Test University #999' } });
  });

  it('reads an unsigned document when no certificate is pinned, and refuses it when one is', async () => {
    const xml = entityXml({ entityId: 'https://idp.univ-l.fr/idp', certificates: [keys.certificatePem] });
    expect(await reader.read(xml, null, new Date())).to.deep.include({ signatureChecked: false });
    expect(await invalidCode(() => reader.read(xml, keys.certificatePem, new Date()))).to.equal('400 saml_metadata_signature_invalid');
    expect(await invalidCode(() => reader.read('<md:EntityDescriptor', keys.certificatePem, new Date()))).to.equal('400 saml_metadata_invalid');
  });

  it('parses only the signed content: an entity injected beside a signed one is never read', async () => {
    const signed = signMetadata(entityXml({ entityId: 'https://idp.univ-m.fr/idp', certificates: [keys.certificatePem] }), keys);
    const wrapped = entitiesXml([signed, entityXml({ entityId: 'https://evil.example/idp', certificates: [keys.certificatePem] })]);
    expect(await invalidCode(() => reader.read(wrapped, keys.certificatePem, new Date()))).to.equal('400 saml_metadata_signature_invalid');
    expect((await reader.read(signed, keys.certificatePem, new Date())).idps.map((idp) => idp.entityId)).to.deep.equal(['https://idp.univ-m.fr/idp']);
  });
});
