import { z, type ZodType } from 'zod';
import type { ApiOperation } from '../api/api-operation.js';

type JsonObject = Record<string, unknown>;

function jsonSchema(schema: ZodType, io: 'input' | 'output'): JsonObject {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonObject;
  return rest;
}

/** "/videos/:id" → "/videos/{id}" */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:(\w+)/g, '{$1}');
}

function parametersOf(operation: ApiOperation): JsonObject[] {
  const parameters: JsonObject[] = [];
  for (const [location, schema] of [['path', operation.params], ['query', operation.query]] as const) {
    if (!schema) continue;
    const object = jsonSchema(schema, 'input') as { properties?: Record<string, JsonObject>; required?: string[] };
    for (const [name, property] of Object.entries(object.properties ?? {})) {
      parameters.push({ name, in: location, required: location === 'path' || (object.required ?? []).includes(name), schema: property });
    }
  }
  for (const [name, description] of Object.entries(operation.requestHeaders ?? {})) {
    parameters.push({ name, in: 'header', required: false, description, schema: { type: 'string' } });
  }
  return parameters;
}

function operationObject(operation: ApiOperation): JsonObject {
  const result: JsonObject = {
    operationId: operation.operationId,
    summary: operation.summary,
    tags: [operation.tag],
    security: operation.auth === 'user' ? [{ token: [] }, { bearer: [] }, { session: [] }] : [],
    parameters: parametersOf(operation),
    responses: Object.fromEntries(
      Object.entries(operation.responses).map(([status, spec]) => [
        status,
        {
          description: spec.description,
          ...(spec.headers ? { headers: Object.fromEntries(Object.entries(spec.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }])) } : {}),
          ...(spec.schema ? { content: { [spec.contentType ?? 'application/json']: { schema: jsonSchema(spec.schema, 'output') } } } : {}),
        },
      ]),
    ),
  };
  if (operation.body) {
    result.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(operation.body, 'input') } } };
  } else if (operation.requestSchemas) {
    result.requestBody = { required: true, content: Object.fromEntries(Object.entries(operation.requestSchemas).map(([type, schema]) => [type, { schema: jsonSchema(schema, 'input') }])) };
  } else if (operation.requestContentTypes) {
    result.requestBody = { required: false, content: Object.fromEntries(operation.requestContentTypes.map((type) => [type, {}])) };
  }
  return result;
}

/** The OpenAPI 3.1 document of /api/v1, built from the same declarations as the routes. */
export function buildOpenApiDocument(operations: readonly ApiOperation[], publicUrl: string, version: string): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const operation of operations) {
    const path = openApiPath(operation.path);
    paths[path] = { ...(paths[path] ?? {}), [operation.method]: operationObject(operation) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Lectern API',
      version,
      description: 'Videos, uploads and accounts of a Lectern video service. Errors are application/problem+json with a stable `code`.',
    },
    servers: [{ url: `${publicUrl}/api/v1` }],
    components: {
      securitySchemes: {
        token: { type: 'apiKey', in: 'header', name: 'Authorization', description: '"Token <key>" (Esup-Pod style)' },
        bearer: { type: 'http', scheme: 'bearer' },
        session: { type: 'apiKey', in: 'cookie', name: 'lectern.sid', description: 'Browser session; unsafe methods also need X-CSRF-Token' },
      },
    },
    paths,
  };
}
