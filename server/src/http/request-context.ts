import type { Logger } from 'pino';
import type { Locale } from '../config/config.js';
import type { User as DomainUser } from '../domain/users/user.js';
import type { Translate } from './i18n/i18n.js';

/** What our middlewares add to Express requests. */
declare global {
  namespace Express {
    // passport's req.user is our domain user.
    interface User extends DomainUser {}
    interface Request {
      id: string;
      log: Logger;
      locale: Locale;
      t: Translate;
      /** How the user was authenticated, when they were. */
      authVia?: 'token' | 'session';
      /** Inputs parsed by validate(): use these, never req.body / req.query directly. */
      valid: { body?: unknown; query?: unknown; params?: unknown };
    }
  }
}

declare module 'express-session' {
  interface SessionData {
    csrfToken?: string;
    flash?: { kind: 'success' | 'error'; key: string };
    /** Videos whose password this session gave: id → the access epoch it was given under. */
    unlockedVideos?: Record<string, number>;
  }
}

export {};
