import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { NotFoundError } from '../domain/errors.js';
import { DEFAULT_SITE_ID, type UserService } from '../domain/users/user-service.js';

/** A passport instance of our own (not the global one): local login, users in the session by id. */
export type LecternPassport = InstanceType<typeof Passport>;

export function createPassport(users: UserService): LecternPassport {
  const passport = new Passport();
  passport.use(
    'local',
    new LocalStrategy((username, password, done) => {
      users.authenticate(DEFAULT_SITE_ID, username, password).then(
        (user) => done(null, user ?? false),
        (error: unknown) => done(error),
      );
    }),
  );
  passport.serializeUser((user, done) => done(null, user.id));
  passport.deserializeUser((id: number, done) => {
    users.getById(id).then(
      (user) => done(null, user.isActive ? user : false),
      // A session of a deleted user: treat as logged out.
      (error: unknown) => (error instanceof NotFoundError ? done(null, false) : done(error)),
    );
  });
  return passport;
}
