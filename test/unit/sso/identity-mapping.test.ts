import { expect } from 'chai';
import { AppError } from '../../../server/src/domain/errors.js';
import { DEFAULT_IDENTITY_MAPPING, mapPerson, parseIdentityMapping, type IdentityMapping } from '../../../server/src/domain/sso/identity-mapping.js';
import { normaliseAttributes } from '../../../server/src/domain/sso/sso-attributes.js';
import type { SsoAssertion } from '../../../server/src/domain/sso/sso.js';

const IDP = 'https://idp.univ.example/idp/shibboleth';
const PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';
const EPPN = 'urn:oid:1.3.6.1.4.1.5923.1.1.1.6';
const AFFILIATION = 'urn:oid:1.3.6.1.4.1.5923.1.1.1.1';
const PRIMARY = 'urn:oid:1.3.6.1.4.1.5923.1.1.1.5';

function saml(raw: Record<string, unknown>, nameId: { nameId?: string; nameIdFormat?: string } = {}): SsoAssertion {
  return { provider: 'saml', siteId: 1, issuer: IDP, nameId: nameId.nameId ?? 'transient-1', nameIdFormat: nameId.nameIdFormat ?? 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient', sessionIndex: '_s1', attributes: normaliseAttributes(raw) };
}

function cas(user: string, raw: Record<string, unknown>): SsoAssertion {
  return { provider: 'cas', siteId: 1, issuer: 'https://cas.univ.example/cas', nameId: user, nameIdFormat: null, sessionIndex: 'ST-1', attributes: normaliseAttributes(raw) };
}

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('no refusal');
}

const mapping = (overrides: Partial<IdentityMapping> = {}) => parseIdentityMapping(overrides);

describe('Identity mapping (pure)', () => {
  it('maps a Renater IdP’s OID attributes to a person', () => {
    const person = mapPerson(
      saml({ [EPPN]: 'jdupont@univ.example', 'urn:oid:2.5.4.42': 'Jean', 'urn:oid:2.5.4.4': 'Dupont', 'urn:oid:0.9.2342.19200300.100.1.3': 'jean.dupont@univ.example', [AFFILIATION]: ['member', 'faculty'], [PRIMARY]: 'faculty' }),
      DEFAULT_IDENTITY_MAPPING,
    );
    expect(person).to.deep.equal({
      subject: 'jdupont@univ.example',
      username: 'jdupont@univ.example',
      firstName: 'Jean',
      lastName: 'Dupont',
      email: 'jean.dupont@univ.example',
      affiliation: 'faculty',
      affiliations: ['member', 'faculty'],
      role: 'staff',
      groups: { fromAffiliations: [], fromAttribute: [] },
    });
  });

  it('reads single and multiple values, and comma-joined affiliations', () => {
    const single = mapPerson(saml({ [EPPN]: 'a@univ.example', [AFFILIATION]: 'student' }), DEFAULT_IDENTITY_MAPPING);
    expect(single.affiliations).to.deep.equal(['student']);
    const joined = mapPerson(saml({ [EPPN]: 'a@univ.example', [AFFILIATION]: 'Student,Member' }), DEFAULT_IDENTITY_MAPPING);
    expect(joined.affiliations).to.deep.equal(['student', 'member']);
    expect(joined.role).to.equal('student');
  });

  it('takes the primary affiliation, else faculty > staff/employee > student, else the first, else none', () => {
    const main = (raw: Record<string, unknown>) => mapPerson(saml({ [EPPN]: 'a@univ.example', ...raw }), DEFAULT_IDENTITY_MAPPING).affiliation;
    expect(main({ [PRIMARY]: 'student', [AFFILIATION]: ['faculty', 'student'] })).to.equal('student');
    expect(main({ [AFFILIATION]: ['student', 'member', 'faculty', 'staff'] })).to.equal('faculty');
    expect(main({ [AFFILIATION]: ['student', 'employee', 'staff'] })).to.equal('staff');
    expect(main({ [AFFILIATION]: ['student', 'employee'] })).to.equal('employee');
    expect(main({ [AFFILIATION]: ['member', 'student'] })).to.equal('student');
    expect(main({ [AFFILIATION]: ['affiliate', 'alum'] })).to.equal('affiliate');
    expect(main({})).to.equal(null);
  });

  it('makes staff of any staff affiliation (primary or listed), with the configured list', () => {
    const role = (raw: Record<string, unknown>, overrides: Partial<IdentityMapping> = {}) => mapPerson(saml({ [EPPN]: 'a@univ.example', ...raw }), mapping(overrides)).role;
    expect(role({ [PRIMARY]: 'student', [AFFILIATION]: ['student', 'employee'] })).to.equal('staff');
    expect(role({ [PRIMARY]: 'staff' })).to.equal('staff');
    expect(role({ [AFFILIATION]: ['member', 'affiliate'] })).to.equal('student');
    expect(role({ [AFFILIATION]: ['researcher'] })).to.equal('student');
    expect(role({ [AFFILIATION]: ['researcher'] }, { staffAffiliations: ['researcher', 'faculty'] })).to.equal('staff');
    expect(role({ [AFFILIATION]: ['employee'] }, { staffAffiliations: ['faculty'] })).to.equal('student');
    expect(role({})).to.equal('student');
  });

  it('refuses an assertion without the user key (sso_user_key_missing), never falling back on mail', () => {
    const error = refusal(() => mapPerson(saml({ 'urn:oid:0.9.2342.19200300.100.1.3': 'a@univ.example' }), mapping({ samlKeyFallback: false })));
    expect(error.code).to.equal('sso_user_key_missing');
    expect(error.kind).to.equal('forbidden');
    expect(error.details.params).to.deep.equal({ attribute: 'eduPersonPrincipalName' });
    const fallbackToo = refusal(() => mapPerson(saml({ 'urn:oid:0.9.2342.19200300.100.1.3': 'a@univ.example' }), DEFAULT_IDENTITY_MAPPING));
    expect(fallbackToo.code).to.equal('sso_user_key_missing');
  });

  it('falls back on a persistent NameID, then eduPersonTargetedID, when eppn is missing (on by default)', () => {
    const persistent = mapPerson(saml({ 'urn:oid:1.3.6.1.4.1.5923.1.1.1.10': 'targeted' }, { nameId: 'Zm9vYmFy/+=', nameIdFormat: PERSISTENT }), DEFAULT_IDENTITY_MAPPING);
    expect(persistent.subject).to.equal('Zm9vYmFy/+=');
    expect(persistent.username).to.match(/^Zm9vYmFy\+-[0-9a-f]{8}$/);
    const targeted = mapPerson(saml({ 'urn:oid:1.3.6.1.4.1.5923.1.1.1.10': 'targeted!id' }), DEFAULT_IDENTITY_MAPPING);
    expect(targeted.subject).to.equal('targeted!id');
    expect(targeted.username).to.match(/^targetedid-[0-9a-f]{8}$/);
    // A transient NameID is never a key.
    expect(refusal(() => mapPerson(saml({}), DEFAULT_IDENTITY_MAPPING)).code).to.equal('sso_user_key_missing');
    // eppn wins when it is there.
    expect(mapPerson(saml({ [EPPN]: 'a@univ.example' }, { nameId: 'p', nameIdFormat: PERSISTENT }), DEFAULT_IDENTITY_MAPPING).subject).to.equal('a@univ.example');
  });

  it('keys CAS identities on the CAS user by default, or on an attribute', () => {
    const attributes = { uid: 'jdupont', givenname: 'Jean', SN: 'Dupont', eduPersonPrimaryAffiliation: 'Employee', mail: 'j@univ.example' };
    const person = mapPerson(cas('jdupont', attributes), DEFAULT_IDENTITY_MAPPING);
    expect(person).to.include({ subject: 'jdupont', username: 'jdupont', firstName: 'Jean', lastName: 'Dupont', affiliation: 'employee', role: 'staff' });
    const byEppn = mapPerson(cas('jdupont', { ...attributes, eduPersonPrincipalName: 'jdupont@univ.example' }), mapping({ casUserKey: 'eduPersonPrincipalName' }));
    expect(byEppn.subject).to.equal('jdupont@univ.example');
    expect(refusal(() => mapPerson(cas('jdupont', attributes), mapping({ casUserKey: 'eduPersonPrincipalName' }))).details.params).to.deep.equal({ attribute: 'eduPersonPrincipalName' });
    expect(refusal(() => mapPerson(cas('  ', attributes), DEFAULT_IDENTITY_MAPPING)).details.params).to.deep.equal({ attribute: 'cas:user' });
  });

  it('derives a safe username from a key that is not one, stable per identity', () => {
    const person = mapPerson(cas('Jean Dupont/42', {}), DEFAULT_IDENTITY_MAPPING);
    expect(person.subject).to.equal('Jean Dupont/42');
    expect(person.username).to.match(/^JeanDupont42-[0-9a-f]{8}$/);
    expect(mapPerson(cas('Jean Dupont/42', {}), DEFAULT_IDENTITY_MAPPING).username).to.equal(person.username);
  });

  it('splits displayName when no first or last name is released', () => {
    const person = mapPerson(saml({ [EPPN]: 'a@univ.example', 'urn:oid:2.16.840.1.113730.3.1.241': 'Marie Claire Durand' }), DEFAULT_IDENTITY_MAPPING);
    expect(person).to.include({ firstName: 'Marie', lastName: 'Claire Durand', email: '' });
  });

  it('names groups from affiliations and from the groups attribute when asked', () => {
    const assertion = cas('jdupont', { eduPersonPrimaryAffiliation: 'faculty', eduPersonAffiliation: ['member', 'faculty'], memberOf: ['l3-info', 'l3-info', 'cn=staff,ou=groups'] });
    expect(mapPerson(assertion, DEFAULT_IDENTITY_MAPPING).groups).to.deep.equal({ fromAffiliations: [], fromAttribute: [] });
    expect(mapPerson(assertion, mapping({ groupsFromAffiliations: true, groupsAttribute: 'memberOf' })).groups).to.deep.equal({
      fromAffiliations: ['faculty', 'member'],
      fromAttribute: ['l3-info', 'cn=staff,ou=groups'],
    });
  });

  it('validates a mapping over the defaults and names every wrong field', () => {
    expect(parseIdentityMapping(undefined)).to.deep.equal(DEFAULT_IDENTITY_MAPPING);
    expect(parseIdentityMapping({ staffAffiliations: [' Faculty ', 'faculty', 'researcher'], unknownField: 1 }).staffAffiliations).to.deep.equal(['faculty', 'researcher']);
    expect(parseIdentityMapping({ casUserKey: 'uid', groupsAttribute: 'urn:oid:1.2.3' })).to.include({ casUserKey: 'uid', groupsAttribute: 'urn:oid:1.2.3' });
    const error = refusal(() => parseIdentityMapping({ samlUserKey: '', emailAttribute: 'mail address', staffAffiliations: ['Fac ulty'], groupsFromAffiliations: 'yes' }));
    expect(error.code).to.equal('invalid_sso_mapping');
    expect(error.kind).to.equal('validation');
    expect(error.details.fields?.map((field) => field.path)).to.have.members(['samlUserKey', 'emailAttribute', 'staffAffiliations', 'groupsFromAffiliations']);
  });
});
