import { z } from 'zod';
import type { PodUserInput } from '../../server/src/domain/bridge/bridge-users.js';
import { USER_ROLES, USERNAME_PATTERN } from '../../server/src/domain/users/user.js';
import { boolean, choice, emailOrBlank, fail, optional, required, text, type FieldParser } from './drf-fields.js';

/** Django's username rules and messages: required, at most 150 characters, letters, digits and @.+-_ */
export const USERNAME_MESSAGE = 'Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.';

const username: FieldParser<string> = (value) => {
  const parsed = text({ max: 150 })(value);
  return !parsed.ok || USERNAME_PATTERN.test(parsed.value) ? parsed : fail(USERNAME_MESSAGE);
};

/** `POST /rest/users/`: Pod's fields (`groups` and any password are ignored) plus Lectern's `role` and Pod's owner `affiliation`. */
export const userCreateBody = z.object({
  username: required(username),
  first_name: optional(text({ max: 150, allowBlank: true })),
  last_name: optional(text({ max: 150, allowBlank: true })),
  email: optional(emailOrBlank),
  is_staff: optional(boolean),
  role: optional(choice(USER_ROLES)),
  affiliation: optional(text({ max: 50, allowBlank: true })),
});

export function toPodUserInput(body: z.infer<typeof userCreateBody>): PodUserInput {
  return {
    username: body.username,
    firstName: body.first_name ?? '',
    lastName: body.last_name ?? '',
    email: body.email ?? '',
    isStaff: body.is_staff ?? false,
    role: body.role ?? null,
    affiliation: body.affiliation || null,
  };
}
