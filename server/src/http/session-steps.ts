import type { Request } from 'express';
import type { User } from '../domain/users/user.js';

/** express-session and passport's callback steps as promises: store the session, log in, log out. */

/** Stores the session now (express-session would at the response's end, after a redirect was followed). */
export function saveSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((error) => (error ? reject(error) : resolve())));
}

/** passport's login: a new session (no fixation), the user in it. */
export function logIn(req: Request, user: User): Promise<void> {
  return new Promise((resolve, reject) => req.logIn(user, (error) => (error ? reject(error) : resolve())));
}

export function logOut(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.logOut((error) => (error ? reject(error) : resolve())));
}
