import { z } from 'zod';
import { ValidationError } from '../domain/errors.js';

/** Ids of our rows are positive 32-bit integers (PostgreSQL `integer`). */
const MAX_ID = 2_147_483_647;

/** The zod form, for route params: `z.object({ id: recordId })`. */
export const recordId = z.coerce.number().int().positive().max(MAX_ID);

/** A row id written as text (a form field, a path segment), or null when it is not one. */
export function parseRecordId(raw: unknown): number | null {
  if (typeof raw !== 'string' || !/^\d{1,10}$/.test(raw)) return null;
  const id = Number(raw);
  return id > 0 && id <= MAX_ID ? id : null;
}

/** Like parseRecordId, but a missing or wrong id is a 400 with `code`. */
export function requireRecordId(raw: unknown, code: string, message: string): number {
  const id = parseRecordId(raw);
  if (id === null) throw new ValidationError(code, message);
  return id;
}
