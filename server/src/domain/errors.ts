/**
 * Typed domain errors. Each carries a stable machine-readable `code` and an English message;
 * the HTTP layer maps the class to a status in one place (http/middlewares/error-handler.ts)
 * and may translate the message through the `error.<code>` i18n key.
 */
export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

/** Which entry of a table of known problems (reason → problem) this one is, or null: pages translate problems by their reason. */
export function problemReason<R extends string>(known: Readonly<Record<R, FieldProblem>>, problem: FieldProblem): R | null {
  const entry = (Object.entries(known) as [R, FieldProblem][]).find(([, candidate]) => candidate.path === problem.path && candidate.message === problem.message);
  return entry ? entry[0] : null;
}

export abstract class AppError extends Error {
  abstract readonly kind:
    | 'validation'
    | 'unauthenticated'
    | 'forbidden'
    | 'not_found'
    | 'conflict'
    | 'precondition_failed'
    | 'payload_too_large'
    | 'unsupported_media'
    | 'rate_limited'
    | 'unavailable';

  constructor(
    readonly code: string,
    message: string,
    readonly details: { readonly fields?: readonly FieldProblem[]; readonly params?: Record<string, string | number> } = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  readonly kind = 'validation';
}
export class UnauthenticatedError extends AppError {
  readonly kind = 'unauthenticated';
}
export class ForbiddenError extends AppError {
  readonly kind = 'forbidden';
}
export class NotFoundError extends AppError {
  readonly kind = 'not_found';
}
export class ConflictError extends AppError {
  readonly kind = 'conflict';
}
export class PreconditionFailedError extends AppError {
  readonly kind = 'precondition_failed';
}
export class PayloadTooLargeError extends AppError {
  readonly kind = 'payload_too_large';
}
export class UnsupportedMediaError extends AppError {
  readonly kind = 'unsupported_media';
}
export class RateLimitedError extends AppError {
  readonly kind = 'rate_limited';
}
export class UnavailableError extends AppError {
  readonly kind = 'unavailable';
}
