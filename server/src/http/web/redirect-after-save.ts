import type { Request, Response } from 'express';
import type { SessionData } from 'express-session';
import { saveSession } from '../session-steps.js';

/**
 * Redirects once the session is stored: express-session writes it when the response ends,
 * and a browser following the redirect quickly would otherwise read the previous session
 * (the flash message lost).
 */
export async function redirectAfterSave(req: Request, res: Response, location: string, flash?: SessionData['flash']): Promise<void> {
  if (flash) req.session.flash = flash;
  await saveSession(req);
  res.redirect(303, location);
}
