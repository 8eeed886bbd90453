import type { Request } from 'express';
import { ValidationError } from '../../server/src/domain/errors.js';

/**
 * Reading Pod-style query strings. Clients send odd things — Moodle's plugin starts its query
 * with `?&` and adds `format=json` — so unknown parameters are ignored and a repeated one
 * counts by its last value, as Django's `QueryDict.get` does.
 */
export function queryText(req: Request, name: string): string | null {
  const value = (req.query as Record<string, unknown>)[name];
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  return typeof last === 'string' ? last : null;
}

export function queryTexts(req: Request, name: string): string[] {
  const value = (req.query as Record<string, unknown>)[name];
  return (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string');
}

/**
 * django-filter's boolean: true/false, 1/0, yes/no (any case); anything else (or nothing)
 * leaves the filter off, as Pod does.
 */
export function queryBoolean(req: Request, name: string): boolean | null {
  const value = queryText(req, name)?.trim().toLowerCase();
  if (value === 'true' || value === '1' || value === 'yes' || value === 'on') return true;
  if (value === 'false' || value === '0' || value === 'no' || value === 'off') return false;
  return null;
}

const INTEGER = /^\d{1,9}$/;

/** An integer filter: absent → null; not a whole number → DRF's 400 on that field. */
export function queryInteger(req: Request, name: string): number | null {
  const value = queryText(req, name);
  if (value === null || value === '') return null;
  if (!INTEGER.test(value.trim())) throw new ValidationError('invalid_filter', `${name}: enter a whole number.`, { fields: [{ path: name, message: 'Enter a whole number.' }] });
  return Number(value.trim());
}

/** DRF's `page`: a positive integer or `last` (resolved by the caller); anything else is an invalid page (404). */
export function queryPage(req: Request): number | 'last' {
  const value = queryText(req, 'page');
  if (value === null || value === '') return 1;
  if (value === 'last') return 'last';
  return INTEGER.test(value) ? Number(value) : 0;
}

/** Pod's `sites` filter (repeatable or comma-separated): every value must be an integer. */
export function querySites(req: Request): number[] | null {
  const values = queryTexts(req, 'sites').flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean);
  if (values.length === 0) return null;
  const bad = values.find((value) => !INTEGER.test(value));
  if (bad !== undefined) throw new ValidationError('invalid_filter', `sites: "${bad}" is not a site id.`, { fields: [{ path: 'sites', message: `Select a valid choice. ${bad} is not one of the available choices.` }] });
  return values.map(Number);
}

/** The request's absolute URL under Lectern's public URL (for DRF's next/previous links). */
export function absoluteRequestUrl(publicUrl: string, req: Request): string {
  return `${publicUrl.replace(/\/+$/, '')}${req.originalUrl}`;
}
