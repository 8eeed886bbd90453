import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { AppError, NotFoundError, PayloadTooLargeError, ValidationError } from '../../domain/errors.js';
import { isMessageKey } from '../i18n/i18n.js';
import { renderErrorPage } from '../views/error.view.js';

const STATUS: Record<AppError['kind'], number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media: 422,
  rate_limited: 429,
  unavailable: 503,
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  requestId: string;
  errors?: readonly { path: string; message: string }[];
}

export function statusOf(error: AppError): number {
  return STATUS[error.kind];
}

/** The human message in the request's language when we have it, else the error's own. */
export function localisedDetail(req: Request, error: AppError): string {
  const key = `error.${error.code}`;
  return isMessageKey(key) ? req.t(key, error.details.params) : error.message;
}

export function problemOf(req: Request, error: AppError): Problem {
  const status = statusOf(error);
  return {
    type: `about:blank`,
    title: error.kind.replace(/_/g, ' '),
    status,
    code: error.code,
    detail: localisedDetail(req, error),
    requestId: req.id,
    ...(error.details.fields ? { errors: error.details.fields } : {}),
  };
}

function wantsHtml(req: Request): boolean {
  return !req.originalUrl.startsWith('/api/') && req.accepts(['json', 'html']) === 'html';
}

export function internalProblem(req: Request): Problem {
  return { type: 'about:blank', title: 'internal error', status: 500, code: 'internal_error', detail: `An unexpected error occurred. Reference: ${req.id}.`, requestId: req.id };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new NotFoundError('route_not_found', `No route for ${req.method} ${req.path}.`));
};

/**
 * The one place errors become HTTP: AppErrors as application/problem+json (or an HTML page
 * for browsers on web pages) with their stable code; anything else is logged with the
 * request id and answered with a generic 500.
 */
export const errorHandler: ErrorRequestHandler = (error: unknown, req, res, next) => {
  if (res.headersSent) {
    req.log.error({ err: error }, 'error after the response started');
    next(error);
    return;
  }
  let appError: AppError | null = error instanceof AppError ? error : null;
  const bodyError = error as { type?: string; status?: number };
  if (!appError && bodyError?.type === 'entity.parse.failed') {
    appError = new ValidationError('malformed_body', 'The request body is not valid JSON.');
  } else if (!appError && bodyError?.type === 'entity.too.large') {
    appError = new PayloadTooLargeError('body_too_large', 'The request body is too large.');
  }
  if (!appError) {
    req.log.error({ err: error }, 'unexpected error');
    const status = 500;
    if (wantsHtml(req)) {
      res.status(status).type('html').send(renderErrorPage(req, status, req.t('error.generic', { requestId: req.id })));
      return;
    }
    res.status(status).type('application/problem+json').json(internalProblem(req));
    return;
  }
  const problem = problemOf(req, appError);
  if (problem.status >= 500) req.log.error({ err: error }, 'service unavailable');
  else req.log.info({ code: problem.code, status: problem.status }, 'request refused');
  if (problem.status === 401 && req.originalUrl.startsWith('/api/')) res.setHeader('WWW-Authenticate', 'Token realm="lectern", Bearer realm="lectern"');
  if (wantsHtml(req)) {
    res.status(problem.status).type('html').send(renderErrorPage(req, problem.status, problem.detail, problem.code));
    return;
  }
  res.status(problem.status).type('application/problem+json').json(problem);
};
