import type { User } from '../../server/src/domain/users/user.js';
import type { PodUrls } from './pod-urls.js';

/**
 * Django's User as Esup-Pod's `UserSerializer` shows it: `is_staff` is Lectern's administrator
 * (who may use this API), `groups` is empty (Lectern has no Django groups). `role` is Lectern's
 * extension, the role a script may also send. Pure.
 */
export function presentUser(user: User, urls: PodUrls) {
  return {
    id: user.id,
    url: urls.rest('users', user.id),
    username: user.username,
    first_name: user.firstName,
    last_name: user.lastName,
    email: user.email,
    is_staff: user.role === 'admin',
    groups: [],
    role: user.role,
  };
}
