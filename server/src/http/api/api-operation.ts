import type { RequestHandler, Router } from 'express';
import type { ZodType } from 'zod';
import { requireUser } from '../middlewares/authenticate.js';
import { validate } from '../middlewares/validate.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head' | 'options';

export interface ApiResponseSpec {
  readonly description: string;
  readonly schema?: ZodType;
  readonly contentType?: string;
  readonly headers?: Record<string, string>;
}

/**
 * One API operation: what OpenAPI says of it and how Express serves it, from one declaration,
 * so the document and the routes cannot drift apart. Operations without a handler are
 * served elsewhere (the tus protocol) and only documented here.
 */
export interface ApiOperation {
  readonly method: HttpMethod;
  /** Express path relative to /api/v1, e.g. "/videos/:id". */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly tag: string;
  readonly auth: 'user' | 'none';
  readonly params?: ZodType;
  readonly query?: ZodType;
  readonly body?: ZodType;
  readonly requestContentTypes?: readonly string[];
  /** Documented bodies by content type, for operations that read their own body (JSON or multipart with a file). */
  readonly requestSchemas?: Readonly<Record<string, ZodType>>;
  readonly requestHeaders?: Record<string, string>;
  readonly responses: Record<number, ApiResponseSpec>;
  readonly handler?: RequestHandler;
}

export function mountApiOperations(router: Router, operations: readonly ApiOperation[]): void {
  for (const operation of operations) {
    if (!operation.handler) continue;
    const chain: RequestHandler[] = [];
    if (operation.auth === 'user') chain.push(requireUser);
    chain.push(validate({ params: operation.params, query: operation.query, body: operation.body }));
    chain.push(operation.handler);
    router[operation.method](operation.path, ...chain);
  }
}
