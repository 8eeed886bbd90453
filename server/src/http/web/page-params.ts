import type { Request, Response } from 'express';
import { requireRecordId } from '../record-id.js';

/** The `:id` of a video page, or a 400 invalid_video_id. */
export const videoIdParam = (req: Request): number => requireRecordId(req.params.id, 'invalid_video_id', 'Not a video number.');

/** The session's CSRF token, set by the verifyCsrf middleware for every page. */
export const csrfOf = (res: Response): string => res.locals.csrfToken as string;

/** The posted strings of a form's fields (anything else, such as a repeated field, reads as empty). */
export function postedStrings<F extends string>(body: unknown, fields: readonly F[]): Record<F, string> {
  const form = (body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(fields.map((name) => [name, typeof form[name] === 'string' ? form[name] : ''])) as Record<F, string>;
}
