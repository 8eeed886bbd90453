import { DEFAULT_IDENTITY_MAPPING, IDENTITY_MAPPING_FIELDS, type IdentityMapping } from './identity-mapping.js';

/**
 * The identity mapping as text, field by field, for the admin form and the command line:
 * booleans are `true` / `` (a checkbox) or on/off, lists are comma-separated, and an empty
 * value, `none` (or, for the CAS key, `cas:user`) is null. Pure.
 */
export type IdentityMappingText = Record<keyof IdentityMapping, string>;

const NULLABLE = new Set<keyof IdentityMapping>(['casUserKey', 'groupsAttribute']);
const NULL_WORDS = new Set(['', 'none', 'cas:user']);
const TRUE_WORDS = new Set(['true', 'on', 'yes', '1']);
const FALSE_WORDS = new Set(['', 'false', 'off', 'no', '0']);

export const isBooleanField = (field: keyof IdentityMapping) => typeof DEFAULT_IDENTITY_MAPPING[field] === 'boolean';
export const isListField = (field: keyof IdentityMapping) => Array.isArray(DEFAULT_IDENTITY_MAPPING[field]);
export const isNullableField = (field: keyof IdentityMapping) => NULLABLE.has(field);

/** One field's text: `true` or `` for booleans, `a, b` for lists, `` for null. */
export function mappingFieldText(mapping: IdentityMapping, field: keyof IdentityMapping): string {
  const value = mapping[field];
  if (typeof value === 'boolean') return value ? 'true' : '';
  if (typeof value === 'string' || value === null) return value ?? '';
  return value.join(', ');
}

export function identityMappingText(mapping: IdentityMapping): IdentityMappingText {
  return Object.fromEntries(IDENTITY_MAPPING_FIELDS.map((field) => [field, mappingFieldText(mapping, field)])) as IdentityMappingText;
}

function fieldValue(field: keyof IdentityMapping, text: string): unknown {
  const trimmed = text.trim();
  if (isBooleanField(field)) {
    const word = trimmed.toLowerCase();
    // Anything else goes on as text: the mapping's validation names the field.
    return TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : trimmed;
  }
  if (isListField(field)) return trimmed.split(/[,;\s]+/).filter(Boolean);
  if (isNullableField(field) && NULL_WORDS.has(trimmed.toLowerCase())) return null;
  return trimmed;
}

/** The changes the given fields' text makes (fields not given are left out), for parseIdentityMapping. */
export function identityMappingPatch(text: Partial<Record<keyof IdentityMapping, string>>): Record<string, unknown> {
  return Object.fromEntries(IDENTITY_MAPPING_FIELDS.filter((field) => text[field] !== undefined).map((field) => [field, fieldValue(field, text[field]!)]));
}
