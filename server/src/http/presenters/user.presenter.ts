import { z } from 'zod';
import type { User } from '../../domain/users/user.js';

export const meJson = z.object({
  id: z.number().int(),
  username: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  email: z.string(),
  affiliation: z.string(),
  role: z.enum(['admin', 'staff', 'student']),
  site_id: z.number().int(),
  storage: z.object({ used: z.number().int(), quota: z.number().int().nullable().describe('Bytes; null when unlimited') }),
});

export function presentMe(user: User, storage: { used: number; quota: number | null }): z.infer<typeof meJson> {
  return {
    id: user.id,
    username: user.username,
    first_name: user.firstName,
    last_name: user.lastName,
    email: user.email,
    affiliation: user.affiliation,
    role: user.role,
    site_id: user.siteId,
    storage,
  };
}
