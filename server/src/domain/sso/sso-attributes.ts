import type { SsoAttributes } from './sso.js';

/**
 * SSO attributes by friendly name. Renater's Shibboleth IdPs release attributes under their OID
 * (`urn:oid:…`, URI NameFormat); older ones under `urn:mace:dir:attribute-def:<name>`; CAS
 * servers under whatever name they are configured with (`mail`, `eduPersonAffiliation`,
 * `givenname`…). Everything becomes a friendly name with a list of trimmed values. Pure.
 */
export const SSO_ATTRIBUTE_OIDS: Readonly<Record<string, string>> = {
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.6': 'eduPersonPrincipalName',
  'urn:oid:0.9.2342.19200300.100.1.3': 'mail',
  'urn:oid:2.16.840.1.113730.3.1.241': 'displayName',
  'urn:oid:2.5.4.42': 'givenName',
  'urn:oid:2.5.4.4': 'sn',
  'urn:oid:2.5.4.3': 'cn',
  'urn:oid:0.9.2342.19200300.100.1.1': 'uid',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.1': 'eduPersonAffiliation',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.5': 'eduPersonPrimaryAffiliation',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.9': 'eduPersonScopedAffiliation',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.7': 'eduPersonEntitlement',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.10': 'eduPersonTargetedID',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.13': 'eduPersonUniqueId',
  'urn:oid:1.3.6.1.4.1.25178.1.2.9': 'schacHomeOrganization',
  'urn:oid:1.3.6.1.4.1.7135.1.2.1.14': 'supannEtablissement',
};

const MACE_PREFIX = 'urn:mace:dir:attribute-def:';

/**
 * Attributes holding affiliations: their values are lower-cased and split when an IdP packs
 * several in one value (`student,member`, or Shibboleth's `;`-joined form, as Esup-Pod reads it).
 */
const AFFILIATION_ATTRIBUTES = new Set(['edupersonaffiliation', 'edupersonprimaryaffiliation', 'edupersonscopedaffiliation', 'affiliation', 'primaryaffiliation']);

export function isAffiliationAttribute(name: string): boolean {
  return AFFILIATION_ATTRIBUTES.has(name.toLowerCase());
}

/** The friendly name of an attribute name as released (an OID, a urn:mace name, or a plain name). */
export function friendlyAttributeName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.startsWith(MACE_PREFIX)) return trimmed.slice(MACE_PREFIX.length);
  return SSO_ATTRIBUTE_OIDS[trimmed] ?? trimmed;
}

/** Affiliation values: lower-cased, split on commas and semicolons, empty ones dropped. */
export function affiliationValues(values: readonly string[]): string[] {
  return values.flatMap((value) => value.split(/[,;]/)).map((value) => value.trim().toLowerCase()).filter(Boolean);
}

/**
 * The text of one released value: a string, a number, or what XML readers make of an element
 * (`{ _: 'text' }`, or a NameID-valued attribute such as eduPersonTargetedID: `{ NameID: … }`).
 */
function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 1 ? textOf(value[0]) : null;
  if (value && typeof value === 'object') {
    const element = value as Record<string, unknown>;
    if ('_' in element) return textOf(element._);
    if ('NameID' in element) return textOf(element.NameID);
    if ('#text' in element) return textOf(element['#text']);
  }
  return null;
}

function valuesOf(raw: unknown): string[] {
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map(textOf).flatMap((text) => (text === null ? [] : [text.trim()])).filter(Boolean);
}

/**
 * Released attributes → SsoAttributes: names translated to friendly names, every value a list
 * of trimmed non-empty strings (values repeated under two names merged once), affiliation values
 * split and lower-cased; attributes left with no value dropped.
 */
export function normaliseAttributes(raw: Readonly<Record<string, unknown>>): SsoAttributes {
  const out = new Map<string, string[]>();
  for (const [name, value] of Object.entries(raw)) {
    const friendly = friendlyAttributeName(name);
    if (!friendly) continue;
    let values = valuesOf(value);
    if (isAffiliationAttribute(friendly)) values = affiliationValues(values);
    if (!values.length) continue;
    const merged = out.get(friendly) ?? [];
    for (const one of values) if (!merged.includes(one)) merged.push(one);
    out.set(friendly, merged);
  }
  return Object.fromEntries(out);
}

/** An attribute's values by friendly name: the exact name first, else ignoring case (CAS servers vary). */
export function attributeValues(attributes: SsoAttributes, name: string): readonly string[] {
  const exact = attributes[name];
  if (exact) return exact;
  const lower = name.toLowerCase();
  const key = Object.keys(attributes).find((candidate) => candidate.toLowerCase() === lower);
  return key ? (attributes[key] ?? []) : [];
}

/** The first value of an attribute, or null. */
export function firstAttributeValue(attributes: SsoAttributes, name: string): string | null {
  return attributeValues(attributes, name)[0] ?? null;
}
