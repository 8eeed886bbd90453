import type { RequestHandler } from 'express';
import type { ZodType } from 'zod';
import { ValidationError } from '../../domain/errors.js';

export interface RequestSchemas {
  readonly params?: ZodType;
  readonly query?: ZodType;
  readonly body?: ZodType;
}

/** Parses params, query and body with zod; results land in req.valid, problems in one 400. */
export function validate(schemas: RequestSchemas): RequestHandler {
  return (req, _res, next) => {
    const problems: { path: string; message: string }[] = [];
    for (const part of ['params', 'query', 'body'] as const) {
      const schema = schemas[part];
      if (!schema) continue;
      const result = schema.safeParse(req[part] ?? {});
      if (result.success) req.valid[part] = result.data;
      else for (const issue of result.error.issues) problems.push({ path: [part, ...issue.path].join('.'), message: issue.message });
    }
    if (problems.length) throw new ValidationError('validation_failed', 'Some fields are not valid.', { fields: problems });
    next();
  };
}
