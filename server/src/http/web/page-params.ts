import type { Request, Response } from 'express';
import { requireRecordId } from '../record-id.js';

/** The `:id` of a video page, or a 400 invalid_video_id. */
export const videoIdParam = (req: Request): number => requireRecordId(req.params.id, 'invalid_video_id', 'Not a video number.');

/** The session's CSRF token, set by the verifyCsrf middleware for every page. */
export const csrfOf = (res: Response): string => res.locals.csrfToken as string;
