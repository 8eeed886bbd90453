import { z } from 'zod';

/** application/problem+json, as every API error is answered. */
export const problemJson = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string().describe('Stable, machine-readable'),
  detail: z.string().describe('Human message, in the request language'),
  requestId: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

export const problem = (description: string) => ({ description, schema: problemJson, contentType: 'application/problem+json' });
