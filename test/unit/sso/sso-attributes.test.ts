import { expect } from 'chai';
import { affiliationValues, attributeValues, firstAttributeValue, friendlyAttributeName, normaliseAttributes } from '../../../server/src/domain/sso/sso-attributes.js';

describe('SSO attributes (pure)', () => {
  it('translates the OIDs Renater IdPs release to friendly names', () => {
    expect(friendlyAttributeName('urn:oid:1.3.6.1.4.1.5923.1.1.1.6')).to.equal('eduPersonPrincipalName');
    expect(friendlyAttributeName('urn:oid:0.9.2342.19200300.100.1.3')).to.equal('mail');
    expect(friendlyAttributeName('urn:oid:2.16.840.1.113730.3.1.241')).to.equal('displayName');
    expect(friendlyAttributeName('urn:oid:2.5.4.42')).to.equal('givenName');
    expect(friendlyAttributeName('urn:oid:2.5.4.4')).to.equal('sn');
    expect(friendlyAttributeName('urn:oid:2.5.4.3')).to.equal('cn');
    expect(friendlyAttributeName('urn:oid:0.9.2342.19200300.100.1.1')).to.equal('uid');
    expect(friendlyAttributeName('urn:oid:1.3.6.1.4.1.5923.1.1.1.1')).to.equal('eduPersonAffiliation');
    expect(friendlyAttributeName('urn:oid:1.3.6.1.4.1.5923.1.1.1.5')).to.equal('eduPersonPrimaryAffiliation');
    expect(friendlyAttributeName('urn:oid:1.3.6.1.4.1.5923.1.1.1.9')).to.equal('eduPersonScopedAffiliation');
    expect(friendlyAttributeName('urn:oid:1.3.6.1.4.1.5923.1.1.1.7')).to.equal('eduPersonEntitlement');
    expect(friendlyAttributeName('urn:oid:1.3.6.1.4.1.5923.1.1.1.10')).to.equal('eduPersonTargetedID');
    expect(friendlyAttributeName('urn:oid:1.3.6.1.4.1.5923.1.1.1.13')).to.equal('eduPersonUniqueId');
    expect(friendlyAttributeName('urn:oid:1.3.6.1.4.1.25178.1.2.9')).to.equal('schacHomeOrganization');
    expect(friendlyAttributeName('urn:oid:1.3.6.1.4.1.7135.1.2.1.14')).to.equal('supannEtablissement');
  });

  it('reads urn:mace names, keeps unknown OIDs and CAS names as they are', () => {
    expect(friendlyAttributeName('urn:mace:dir:attribute-def:eduPersonPrincipalName')).to.equal('eduPersonPrincipalName');
    expect(friendlyAttributeName('urn:oid:1.2.3.4')).to.equal('urn:oid:1.2.3.4');
    expect(friendlyAttributeName('givenname')).to.equal('givenname');
  });

  it('makes every value a list of trimmed strings, dropping empty ones and empty attributes', () => {
    const attributes = normaliseAttributes({
      'urn:oid:1.3.6.1.4.1.5923.1.1.1.6': ' jdupont@univ.example ',
      'urn:oid:0.9.2342.19200300.100.1.3': ['jean.dupont@univ.example', '', '  '],
      'urn:oid:2.5.4.42': [],
      'urn:oid:2.5.4.4': '',
      cn: 42,
    });
    expect(attributes).to.deep.equal({ eduPersonPrincipalName: ['jdupont@univ.example'], mail: ['jean.dupont@univ.example'], cn: ['42'] });
  });

  it('splits comma- and semicolon-joined affiliations and lower-cases them; other values keep their case and commas', () => {
    const attributes = normaliseAttributes({
      'urn:oid:1.3.6.1.4.1.5923.1.1.1.1': ['Student,Member', 'affiliate; alum'],
      'urn:oid:1.3.6.1.4.1.5923.1.1.1.5': 'Faculty',
      eduPersonScopedAffiliation: 'Staff@Univ.example',
      displayName: 'Dupont, Jean',
    });
    expect(attributes.eduPersonAffiliation).to.deep.equal(['student', 'member', 'affiliate', 'alum']);
    expect(attributes.eduPersonPrimaryAffiliation).to.deep.equal(['faculty']);
    expect(attributes.eduPersonScopedAffiliation).to.deep.equal(['staff@univ.example']);
    expect(attributes.displayName).to.deep.equal(['Dupont, Jean']);
  });

  it('merges an attribute released under its OID and its name once', () => {
    const attributes = normaliseAttributes({ 'urn:oid:0.9.2342.19200300.100.1.3': ['a@univ.example'], 'urn:mace:dir:attribute-def:mail': ['a@univ.example', 'b@univ.example'] });
    expect(attributes.mail).to.deep.equal(['a@univ.example', 'b@univ.example']);
  });

  it('reads the text of XML-shaped values (a NameID-valued eduPersonTargetedID)', () => {
    const attributes = normaliseAttributes({
      'urn:oid:1.3.6.1.4.1.5923.1.1.1.10': { NameID: { _: 'AbC123==', $: { Format: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent' } } },
      uid: [{ _: 'jdupont' }],
      sn: { '#text': 'Dupont' },
      ignored: { nested: true },
    });
    expect(attributes).to.deep.equal({ eduPersonTargetedID: ['AbC123=='], uid: ['jdupont'], sn: ['Dupont'] });
  });

  it('looks CAS attribute names up ignoring case, the exact name first', () => {
    const attributes = normaliseAttributes({ givenname: 'Jean', MAIL: 'jean@univ.example', mail: 'exact@univ.example' });
    expect(attributeValues(attributes, 'givenName')).to.deep.equal(['Jean']);
    expect(firstAttributeValue(attributes, 'mail')).to.equal('exact@univ.example');
    expect(attributeValues(attributes, 'sn')).to.deep.equal([]);
    expect(firstAttributeValue(attributes, 'sn')).to.equal(null);
  });

  it('splits affiliation lists on their own', () => {
    expect(affiliationValues(['Faculty;Member', ' , staff '])).to.deep.equal(['faculty', 'member', 'staff']);
  });
});
