import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { AppError, NotFoundError, PayloadTooLargeError, ValidationError } from '../../server/src/domain/errors.js';
import { statusOf } from '../../server/src/http/middlewares/error-handler.js';

/**
 * Errors in Django REST framework's shapes, as Esup-Pod clients expect them: `{"detail": "..."}`
 * for 401/403/404/405/429…, `{"<field>": ["..."]}` for invalid input. The stable code Lectern
 * gives every error travels in the `X-Lectern-Error-Code` header, leaving the bodies as DRF's.
 */
export const ERROR_CODE_HEADER = 'X-Lectern-Error-Code';

/** DRF sends this challenge with 401s: Basic is Pod's first authentication class. */
const CHALLENGE = 'Basic realm="api"';

function fieldErrors(error: AppError): Record<string, string[]> | null {
  const fields = error.details.fields;
  if (!fields?.length) return null;
  const body: Record<string, string[]> = {};
  for (const { path, message } of fields) (body[path || 'non_field_errors'] ??= []).push(message);
  return body;
}

export function sendDrfError(res: Response, error: AppError): void {
  const status = statusOf(error) === 422 ? 415 : statusOf(error);
  res.setHeader(ERROR_CODE_HEADER, error.code);
  if (status === 401) res.setHeader('WWW-Authenticate', CHALLENGE);
  res.status(status).json(error.kind === 'validation' ? (fieldErrors(error) ?? { detail: error.message }) : { detail: error.message });
}

export const drfNotFound: RequestHandler = (_req, _res, next) => {
  next(new NotFoundError('not_found', 'Not found.'));
};

/** For routes that exist with other methods: DRF's 405 with the allowed ones. */
export function methodNotAllowed(allowed: readonly string[]): RequestHandler {
  return (req, res) => {
    res.setHeader('Allow', [...allowed, 'HEAD', 'OPTIONS'].join(', '));
    res.setHeader(ERROR_CODE_HEADER, 'method_not_allowed');
    if (req.method === 'OPTIONS') {
      res.status(200).json({ name: 'Lectern', renders: ['application/json'], parses: ['application/json', 'multipart/form-data', 'application/x-www-form-urlencoded'] });
      return;
    }
    res.status(405).json({ detail: `Method "${req.method}" not allowed.` });
  };
}

export const drfErrorHandler: ErrorRequestHandler = (error: unknown, req, res, next) => {
  if (res.headersSent) {
    req.log.error({ err: error }, 'error after the response started');
    next(error);
    return;
  }
  let appError: AppError | null = error instanceof AppError ? error : null;
  const bodyError = error as { type?: string };
  if (!appError && bodyError?.type === 'entity.parse.failed') appError = new ValidationError('malformed_body', 'JSON parse error - the request body is not valid JSON.');
  if (!appError && bodyError?.type === 'entity.too.large') appError = new PayloadTooLargeError('body_too_large', 'The request body is too large.');
  if (!appError) {
    req.log.error({ err: error }, 'unexpected error');
    res.setHeader(ERROR_CODE_HEADER, 'internal_error');
    res.status(500).json({ detail: `A server error occurred. Reference: ${req.id}.` });
    return;
  }
  if (statusOf(appError) >= 500) req.log.error({ err: error }, 'service unavailable');
  else req.log.info({ code: appError.code, status: statusOf(appError) }, 'Pod request refused');
  sendDrfError(res, appError);
};
