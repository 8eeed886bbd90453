import { z } from 'zod';
import { ForbiddenError, ValidationError } from '../errors.js';
import { namesOf } from '../lms/lti-launch-user.js';
import { derivedUsername } from '../users/derived-username.js';
import { USERNAME_PATTERN } from '../users/user.js';
import { affiliationValues, attributeValues, firstAttributeValue } from './sso-attributes.js';
import type { SsoAssertion } from './sso.js';

/**
 * How a site turns SSO attributes into a Lectern user (issue 8, spec §3.2 and §3.6), with
 * Esup-Pod's defaults. Attribute names are friendly names (sso-attributes.ts), looked up
 * ignoring case, so one mapping serves SAML IdPs and CAS servers.
 *
 * The user key differs by protocol: SAML identities are keyed on an attribute
 * (`eduPersonPrincipalName`), CAS identities on the user the CAS server validated
 * (`<cas:user>`) unless an attribute is named. When eppn is missing, SAML falls back (on by
 * default, as the spec's checklist asks) on a persistent NameID, then on eduPersonTargetedID;
 * `mail` is never a key. Pure.
 */
export interface IdentityMapping {
  /** SAML: the attribute holding the user key. */
  readonly samlUserKey: string;
  /** SAML: without the key attribute, use a persistent NameID, then eduPersonTargetedID. */
  readonly samlKeyFallback: boolean;
  /** CAS: the attribute holding the user key; null: the CAS user (`<cas:user>`). */
  readonly casUserKey: string | null;
  readonly firstNameAttribute: string;
  readonly lastNameAttribute: string;
  /** Split into first and last names when neither of those is released. */
  readonly displayNameAttribute: string;
  readonly emailAttribute: string;
  readonly primaryAffiliationAttribute: string;
  readonly affiliationsAttribute: string;
  /** Affiliations that make a user staff (Esup-Pod's AFFILIATION_STAFF). */
  readonly staffAffiliations: readonly string[];
  /** One auto-synchronised access group per affiliation (Esup-Pod's CREATE_GROUP_FROM_AFFILIATION). */
  readonly groupsFromAffiliations: boolean;
  /** An attribute whose values are access group code names (e.g. memberOf); null: none. */
  readonly groupsAttribute: string | null;
  /** Create the groups the groups attribute names when they do not exist (CREATE_GROUP_FROM_GROUPS). */
  readonly createGroups: boolean;
}

export const DEFAULT_IDENTITY_MAPPING: IdentityMapping = Object.freeze({
  samlUserKey: 'eduPersonPrincipalName',
  samlKeyFallback: true,
  casUserKey: null,
  firstNameAttribute: 'givenName',
  lastNameAttribute: 'sn',
  displayNameAttribute: 'displayName',
  emailAttribute: 'mail',
  primaryAffiliationAttribute: 'eduPersonPrimaryAffiliation',
  affiliationsAttribute: 'eduPersonAffiliation',
  staffAffiliations: Object.freeze(['faculty', 'employee', 'staff']),
  groupsFromAffiliations: false,
  groupsAttribute: null,
  createGroups: false,
});

export const IDENTITY_MAPPING_FIELDS = Object.keys(DEFAULT_IDENTITY_MAPPING) as (keyof IdentityMapping)[];

/** A friendly name, an OID (`urn:oid:…`) or a CAS attribute name. */
export const ATTRIBUTE_NAME_PATTERN = /^[A-Za-z][\w.:-]{0,199}$/;
export const AFFILIATION_PATTERN = /^[a-z][a-z0-9_-]{0,63}$/;

const attributeName = z.string().trim().regex(ATTRIBUTE_NAME_PATTERN);
const mappingSchema = z.object({
  samlUserKey: attributeName,
  samlKeyFallback: z.boolean(),
  casUserKey: attributeName.nullable(),
  firstNameAttribute: attributeName,
  lastNameAttribute: attributeName,
  displayNameAttribute: attributeName,
  emailAttribute: attributeName,
  primaryAffiliationAttribute: attributeName,
  affiliationsAttribute: attributeName,
  staffAffiliations: z.array(z.string().trim().toLowerCase().regex(AFFILIATION_PATTERN)).max(20),
  groupsFromAffiliations: z.boolean(),
  groupsAttribute: attributeName.nullable(),
  createGroups: z.boolean(),
});

/**
 * A mapping from stored or posted overrides, over the defaults; a ValidationError
 * `invalid_sso_mapping` names each wrong field (path = the field's name).
 */
export function parseIdentityMapping(overrides: unknown): IdentityMapping {
  const given = overrides && typeof overrides === 'object' && !Array.isArray(overrides) ? (overrides as Record<string, unknown>) : {};
  const parsed = mappingSchema.safeParse({ ...DEFAULT_IDENTITY_MAPPING, ...given });
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => ({ path: String(issue.path[0] ?? ''), message: issue.message }));
    throw new ValidationError('invalid_sso_mapping', `Invalid identity mapping: ${fields.map((field) => field.path).join(', ')}.`, { fields });
  }
  return { ...parsed.data, staffAffiliations: [...new Set(parsed.data.staffAffiliations)] };
}

/** A Lectern person as the attributes describe them. */
export interface MappedPerson {
  /** With the provider and the issuer, the identity. */
  readonly subject: string;
  /** The username of a new user: the key when it is a valid username, else a derived one. */
  readonly username: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  /** The primary affiliation, or the most significant one; null: none released. */
  readonly affiliation: string | null;
  readonly affiliations: readonly string[];
  readonly role: 'staff' | 'student';
  /** Access group code names: one per affiliation (when asked), and the groups attribute's values. */
  readonly groups: { readonly fromAffiliations: readonly string[]; readonly fromAttribute: readonly string[] };
}

const PERSISTENT_NAME_ID = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';
/** When no primary affiliation is released (spec §3.6): faculty > staff/employee > student. */
const AFFILIATION_PRIORITY = ['faculty', 'staff', 'employee', 'student'];
const MAX_SUBJECT = 500;
const MAX_EMAIL = 254;

/** The user key of an assertion, or null when the IdP or CAS server did not release it. */
export function userKeyOf(assertion: SsoAssertion, mapping: IdentityMapping): string | null {
  const { attributes } = assertion;
  if (assertion.provider === 'cas') return mapping.casUserKey === null ? assertion.nameId?.trim() || null : firstAttributeValue(attributes, mapping.casUserKey);
  const key = firstAttributeValue(attributes, mapping.samlUserKey);
  if (key || !mapping.samlKeyFallback) return key;
  if (assertion.nameIdFormat === PERSISTENT_NAME_ID && assertion.nameId?.trim()) return assertion.nameId.trim();
  return firstAttributeValue(attributes, 'eduPersonTargetedID');
}

/** The name of what keys this assertion's identities (for messages and logs). */
export function userKeyName(provider: SsoAssertion['provider'], mapping: IdentityMapping): string {
  return provider === 'cas' ? (mapping.casUserKey ?? 'cas:user') : mapping.samlUserKey;
}

function mainAffiliation(primary: string | null, affiliations: readonly string[]): string | null {
  if (primary) return primary;
  return AFFILIATION_PRIORITY.find((value) => affiliations.includes(value)) ?? affiliations[0] ?? null;
}

/**
 * The person behind an assertion; a ForbiddenError `sso_user_key_missing` when the user key is
 * not released (nothing else may stand for it: never the e-mail address).
 */
export function mapPerson(assertion: SsoAssertion, mapping: IdentityMapping): MappedPerson {
  const { attributes } = assertion;
  const subject = userKeyOf(assertion, mapping);
  if (!subject || subject.length > MAX_SUBJECT) {
    const attribute = userKeyName(assertion.provider, mapping);
    throw new ForbiddenError('sso_user_key_missing', `The identity provider did not release ${attribute}, which identifies users here.`, { params: { attribute } });
  }
  const value = (name: string) => firstAttributeValue(attributes, name) ?? undefined;
  const names = namesOf({ givenName: value(mapping.firstNameAttribute), familyName: value(mapping.lastNameAttribute), name: value(mapping.displayNameAttribute) });
  const email = value(mapping.emailAttribute) ?? '';
  const affiliations = [...new Set(affiliationValues(attributeValues(attributes, mapping.affiliationsAttribute)))];
  const primary = affiliationValues(attributeValues(attributes, mapping.primaryAffiliationAttribute))[0] ?? null;
  const affiliation = mainAffiliation(primary, affiliations);
  const staff = [primary, ...affiliations].some((one) => one !== null && mapping.staffAffiliations.includes(one));
  const fromAffiliations = mapping.groupsFromAffiliations ? [...new Set([...(affiliation ? [affiliation] : []), ...affiliations])] : [];
  const fromAttribute = mapping.groupsAttribute ? [...new Set(attributeValues(attributes, mapping.groupsAttribute))] : [];
  return {
    subject,
    username: USERNAME_PATTERN.test(subject) ? subject : derivedUsername(subject.split('@')[0] ?? '', assertion.provider, assertion.issuer, subject),
    firstName: names.firstName,
    lastName: names.lastName,
    email: email.length <= MAX_EMAIL ? email : '',
    affiliation,
    affiliations,
    role: staff ? 'staff' : 'student',
    groups: { fromAffiliations, fromAttribute },
  };
}
