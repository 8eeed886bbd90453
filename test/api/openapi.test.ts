import os from 'node:os';
import { expect } from 'chai';
import request from 'supertest';
import { createApiRouter } from '../../server/src/http/api/api-router.js';
import { openApiPath } from '../../server/src/http/openapi/openapi-document.js';
import { createLogger } from '../../server/src/infra/logger.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { playerConfigBuilder } from '../../server/src/http/presenters/player-config-builder.js';
import { playerExtrasFor } from '../../server/src/http/presenters/player-extras.js';

interface RouteLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

describe('OpenAPI document', () => {
  let ctx: TestApp;
  let document: { openapi: string; servers: { url: string }[]; paths: Record<string, Record<string, { responses: Record<string, unknown>; operationId: string }>> };

  before(async () => {
    ctx = await buildTestApp();
    document = (await request(ctx.app).get('/api/v1/openapi.json').expect(200)).body;
  });
  after(async () => {
    await ctx.close();
  });

  it('is OpenAPI 3.1 for this server', () => {
    expect(document.openapi).to.equal('3.1.0');
    expect(document.servers).to.deep.equal([{ url: 'http://lectern.test/api/v1' }]);
  });

  it('describes every route of /api/v1, and only those', () => {
    const { router } = createApiRouter({
      services: ctx.services,
      publicUrl: 'http://lectern.test',
      version: 'test',
      uploads: { uploadService: ctx.services.uploadService, uploadsDir: os.tmpdir(), maxSize: 1, expirationMs: 1, publicUrl: 'http://lectern.test', logger: createLogger({ level: 'silent' }) },
      playerConfig: playerConfigBuilder({ playbackService: ctx.services.playbackService, extrasFor: playerExtrasFor(ctx.services) }),
    });
    const served = new Set<string>();
    for (const layer of router.stack as RouteLayer[]) {
      if (!layer.route) continue;
      const path = openApiPath(layer.route.path);
      const methods = Object.keys(layer.route.methods).filter((m) => layer.route!.methods[m]);
      for (const method of methods) {
        if (method === '_all') {
          // The upload endpoint takes every method the tus protocol uses: each must be described.
          expect(Object.keys(document.paths[path] ?? {}), path).to.not.be.empty;
          for (const described of Object.keys(document.paths[path]!)) served.add(`${described} ${path}`);
        } else {
          served.add(`${method} ${path}`);
        }
      }
    }
    const described = new Set(Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method} ${path}`)));
    expect([...served].sort()).to.deep.equal([...described].sort());
  });

  it('gives every operation an id and its responses', () => {
    const ids = new Set<string>();
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        expect(operation.operationId, `${method} ${path}`).to.be.a('string');
        expect(ids.has(operation.operationId), operation.operationId).to.equal(false);
        ids.add(operation.operationId);
        expect(Object.keys(operation.responses), `${method} ${path}`).to.not.be.empty;
      }
    }
  });

  it('describes request bodies from the validation schemas', () => {
    const body = (document.paths['/videos'] as unknown as Record<string, { requestBody: { content: Record<string, { schema: { required: string[]; properties: Record<string, unknown> } }> } }>).post!.requestBody.content['application/json']!.schema;
    expect(body.required).to.deep.equal(['title']);
    expect(Object.keys(body.properties)).to.include.members(['title', 'description', 'licence', 'is_draft', 'password', 'additional_owners']);
  });
});
