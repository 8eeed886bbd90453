import type { Request } from 'express';
import type { VideoListQuery } from '../../server/src/domain/bridge/bridge-catalogue.js';
import { ValidationError } from '../../server/src/domain/errors.js';
import { hyperlink } from '../schemas/hyperlink.js';
import { queryBoolean, queryPage, querySites, queryText } from './pod-query.js';

const INVALID_CHOICE = 'Select a valid choice. That choice is not one of the available choices.';
const DAY_MS = 86_400_000;

/** Pod's `date_added` filter: a date matches that day (UTC); a date and time, that second. */
export function addedRange(value: string): { addedFrom: Date; addedBefore: Date } | null {
  const text = value.trim();
  const day = /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T00:00:00Z`) : null;
  if (day) return Number.isNaN(day.getTime()) || !day.toISOString().startsWith(text) ? null : { addedFrom: day, addedBefore: new Date(day.getTime() + DAY_MS) };
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:?\d{2})?$/.test(text)) return null;
  const at = new Date(/(Z|[+-]\d{2}:?\d{2})$/.test(text) ? text.replace(' ', 'T') : `${text.replace(' ', 'T')}Z`);
  if (Number.isNaN(at.getTime())) return null;
  const second = Math.floor(at.getTime() / 1000) * 1000;
  return { addedFrom: new Date(second), addedBefore: new Date(second + 1000) };
}

/**
 * Pod's filters of `/rest/videos/` (django-filter): owner and type as ids or hyperlinks,
 * date_added, is_draft, is_restricted, encoding_in_progress, sites, and the page. A filter
 * naming nothing known lists nothing; a malformed one is a 400 on its name.
 */
export function videoListQuery(publicUrl: string): (req: Request) => VideoListQuery {
  const links = { owner: hyperlink('users', publicUrl), type: hyperlink('types', publicUrl) };

  return (req) => {
    const problems: { path: string; message: string }[] = [];
    const linked = (name: 'owner' | 'type'): number | undefined => {
      const value = queryText(req, name);
      if (!value) return undefined;
      const parsed = links[name](value);
      if (parsed.ok) return parsed.value;
      problems.push({ path: name, message: INVALID_CHOICE });
      return undefined;
    };
    const dateAdded = queryText(req, 'date_added');
    const added = dateAdded ? addedRange(dateAdded) : null;
    if (dateAdded && !added) problems.push({ path: 'date_added', message: 'Enter a valid date/time.' });
    const [ownerId, typeId] = [linked('owner'), linked('type')];
    const [isDraft, isRestricted, encodingInProgress] = ['is_draft', 'is_restricted', 'encoding_in_progress'].map((name) => queryBoolean(req, name));
    if (problems.length) throw new ValidationError('invalid_filter', 'Some filters are not valid.', { fields: problems });
    return {
      ...(ownerId === undefined ? {} : { ownerId }),
      ...(typeId === undefined ? {} : { typeId }),
      ...(isDraft == null ? {} : { isDraft }),
      ...(isRestricted == null ? {} : { isRestricted }),
      ...(encodingInProgress == null ? {} : { encodingInProgress }),
      ...(added ?? {}),
      sites: querySites(req),
      page: queryPage(req),
    };
  };
}
