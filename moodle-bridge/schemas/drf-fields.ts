import { z } from 'zod';
import { ValidationError, type FieldProblem } from '../../server/src/domain/errors.js';

/**
 * Django REST framework's field parsing, as zod schemas: the values DRF accepts for each field
 * type (booleans as "true"/"1"/"yes"…, numbers as text, lists or single values from forms) and
 * its error messages word for word, so Pod scripts see the `{"field": ["..."]}` bodies they
 * know. Pure.
 */
export const DRF_MESSAGES = {
  required: 'This field is required.',
  blank: 'This field may not be blank.',
  null: 'This field may not be null.',
  string: 'Not a valid string.',
  boolean: 'Must be a valid boolean.',
  number: 'A valid number is required.',
  date: 'Date has wrong format. Use one of these formats instead: YYYY-MM-DD.',
  email: 'Enter a valid email address.',
  emptyList: 'This list may not be empty.',
  maxLength: (max: number) => `Ensure this field has no more than ${max} characters.`,
  minValue: (min: number) => `Ensure this value is greater than or equal to ${min}.`,
  maxValue: (max: number) => `Ensure this value is less than or equal to ${max}.`,
  choice: (value: unknown) => `"${String(value)}" is not a valid choice.`,
  maxItems: (max: number) => `Ensure this field has no more than ${max} elements.`,
};

/** A value read from the body: the parsed value, or DRF's message. */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };
export type FieldParser<T> = (value: unknown) => Parsed<T>;

export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const fail = (message: string): Parsed<never> => ({ ok: false, message });

function schemaOf<T>(parse: FieldParser<T>, required: boolean) {
  return z.unknown().transform((value, ctx): T => {
    const result: Parsed<T> = value === undefined && required ? fail(DRF_MESSAGES.required) : parse(value);
    if (result.ok) return result.value;
    ctx.addIssue({ code: 'custom', message: result.message });
    return z.NEVER;
  });
}

/** A field that must be sent ("This field is required."). */
export const required = <T>(parse: FieldParser<T>) => schemaOf(parse, true);
/** A field that may be left out (it is then absent from the result). */
export const optional = <T>(parse: FieldParser<T>) => schemaOf(parse, false).optional();

const codePoints = (text: string) => [...text].length;

/** CharField: text (numbers taken as text), trimmed; blank and null refused unless allowed. */
export function char(options: { max: number; allowBlank?: boolean; allowNull?: boolean; trim?: boolean }): FieldParser<string | null> {
  return (value) => {
    if (value === null) return options.allowNull ? ok(null) : fail(DRF_MESSAGES.null);
    if (typeof value !== 'string' && typeof value !== 'number') return fail(DRF_MESSAGES.string);
    const text = options.trim === false ? String(value) : String(value).trim();
    if (text === '') return options.allowBlank ? ok('') : options.allowNull ? ok(null) : fail(DRF_MESSAGES.blank);
    if (codePoints(text) > options.max) return fail(DRF_MESSAGES.maxLength(options.max));
    return ok(text);
  };
}

/** The same, never null (for fields that refuse null). */
export function text(options: { max: number; allowBlank?: boolean; trim?: boolean }): FieldParser<string> {
  return char({ ...options, allowNull: false }) as FieldParser<string>;
}

const TRUE_VALUES = new Set(['t', 'y', 'yes', 'true', 'on', '1']);
const FALSE_VALUES = new Set(['f', 'n', 'no', 'false', 'off', '0']);

/** BooleanField: true/false, 1/0, "yes"/"no", "on"/"off", "t"/"f" (any case). */
export const boolean: FieldParser<boolean> = (value) => {
  if (typeof value === 'boolean') return ok(value);
  const key = typeof value === 'number' || typeof value === 'string' ? String(value).trim().toLowerCase() : null;
  if (key !== null && TRUE_VALUES.has(key)) return ok(true);
  if (key !== null && FALSE_VALUES.has(key)) return ok(false);
  return fail(DRF_MESSAGES.boolean);
};

/** A number of seconds (DRF's FloatField), within bounds. */
export function seconds(options: { min: number; max: number }): FieldParser<number> {
  return (value) => {
    const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : Number.NaN;
    if (!Number.isFinite(number)) return fail(DRF_MESSAGES.number);
    if (number < options.min) return fail(DRF_MESSAGES.minValue(options.min));
    if (number > options.max) return fail(DRF_MESSAGES.maxValue(options.max));
    return ok(number);
  };
}

/** DateField (`YYYY-MM-DD`, a real day); null or blank clear it. */
export const dateOrNull: FieldParser<string | null> = (value) => {
  if (value === null || value === '') return ok(null);
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value.trim())) return fail(DRF_MESSAGES.date);
  const day = value.trim();
  const parsed = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(day) ? ok(day) : fail(DRF_MESSAGES.date);
};

/** ChoiceField. */
export function choice<T extends string>(values: readonly T[]): FieldParser<T> {
  return (value) => {
    if (value === null) return fail(DRF_MESSAGES.null);
    const key = typeof value === 'string' ? value.trim() : value;
    return values.includes(key as T) ? ok(key as T) : fail(DRF_MESSAGES.choice(value));
  };
}

/** ChoiceField with null allowed: null or blank choose nothing. */
export function choiceOrNull<T extends string>(values: readonly T[]): FieldParser<T | null> {
  const parse = choice(values);
  return (value) => (value === null || value === '' ? ok(null) : parse(value));
}

/** Django's EmailField (blank allowed, as for a user's address). */
export const emailOrBlank: FieldParser<string> = (value) => {
  const parsed = text({ max: 254, allowBlank: true })(value);
  if (!parsed.ok || parsed.value === '') return parsed;
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(parsed.value) ? parsed : fail(DRF_MESSAGES.email);
};

/** A many-valued field: a list (a single value counts as a list of one), each item parsed. */
export function list<T>(item: FieldParser<T>, options: { allowEmpty?: boolean; max?: number } = {}): FieldParser<T[]> {
  return (value) => {
    const items = Array.isArray(value) ? value : value === null || value === '' ? [] : [value];
    if (items.length === 0 && options.allowEmpty === false) return fail(DRF_MESSAGES.emptyList);
    if (options.max !== undefined && items.length > options.max) return fail(DRF_MESSAGES.maxItems(options.max));
    const parsed: T[] = [];
    for (const entry of items) {
      const result = item(entry);
      if (!result.ok) return result;
      parsed.push(result.value);
    }
    return ok(parsed);
  };
}

/**
 * Parses a body; every problem becomes DRF's 400 on its field (`non_field_errors` for the body
 * itself), reported with `extra` problems found outside the schema (a missing file), all at once.
 */
export function parseDrf<T>(schema: z.ZodType<T>, body: unknown, extra: readonly FieldProblem[] = []): T {
  const result = schema.safeParse(body);
  if (result.success && extra.length === 0) return result.data;
  const fields = (result.success ? [] : result.error.issues).map((issue) => ({
    path: issue.path.length ? String(issue.path[0]) : '',
    message: issue.path.length ? issue.message : `Invalid data. Expected a dictionary, but got ${Array.isArray(body) ? 'list' : typeof body}.`,
  }));
  throw new ValidationError('invalid_fields', 'Some fields are not valid.', { fields: [...fields, ...extra] });
}

/** DRF's FileField: a file must come (when `required`) and must not be empty. */
export function fileProblems(field: string, file: { readonly size: number } | null, required: boolean): FieldProblem[] {
  if (!file) return required ? [{ path: field, message: 'No file was submitted.' }] : [];
  return file.size === 0 ? [{ path: field, message: 'The submitted file is empty.' }] : [];
}
