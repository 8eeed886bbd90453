import { Router } from 'express';
import { buildOpenApiDocument } from '../openapi/openapi-document.js';
import type { Services } from '../../services.js';
import { accountOperations } from './account.routes.js';
import { mountApiOperations, type ApiOperation } from './api-operation.js';
import { createTusEndpoint, mountUploadEndpoint, uploadOperations, type UploadRoutesDeps } from './uploads.routes.js';
import { videoOperations } from './videos.routes.js';
import { encodingOperations } from './encoding.routes.js';
import { chapterOperations } from './chapters.routes.js';
import { enrichmentOperations } from './enrichments.routes.js';
import { overlayOperations } from './overlays.routes.js';
import { trackOperations } from './tracks.routes.js';
import { playbackOperations } from './playback.routes.js';
import type { PlayerConfigBuilder } from '../presenters/player-config-builder.js';

export interface ApiRouterDeps {
  readonly services: Services;
  readonly publicUrl: string;
  readonly version: string;
  readonly uploads: UploadRoutesDeps;
  /** The player's configuration (the playback API answers it). */
  readonly playerConfig: PlayerConfigBuilder;
}

/** /api/v1: JSON operations, the upload endpoint, and the OpenAPI document describing both. */
export function createApiRouter(deps: ApiRouterDeps): { router: Router; operations: ApiOperation[]; tus: ReturnType<typeof createTusEndpoint> } {
  const { services, publicUrl } = deps;
  const served = [
    ...accountOperations({ tokens: services.tokenService, uploads: services.uploadService, referenceData: services.referenceData }),
    ...videoOperations({ videoService: services.videoService, publicUrl }),
    ...encodingOperations({ encodingService: services.encodingService, videoService: services.videoService, storage: services.storage, publicUrl }),
    ...playbackOperations({ playbackService: services.playbackService, shareLinkService: services.shareLinkService, videoService: services.videoService, publicUrl, playerConfig: deps.playerConfig }),
    ...chapterOperations({ enrichmentService: services.enrichmentService }),
    ...trackOperations({ enrichmentService: services.enrichmentService, uploadsDir: deps.uploads.uploadsDir }),
    ...enrichmentOperations({ enrichmentService: services.enrichmentService, uploadsDir: deps.uploads.uploadsDir }),
    ...overlayOperations({ enrichmentService: services.enrichmentService }),
  ];
  const operations: ApiOperation[] = [
    ...served,
    ...uploadOperations(),
    { method: 'get', path: '/openapi.json', operationId: 'getOpenApi', summary: 'This document', tag: 'meta', auth: 'none', responses: { 200: { description: 'OpenAPI 3.1' } } },
  ];
  const document = buildOpenApiDocument(operations, publicUrl, deps.version);
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  const tus = createTusEndpoint(deps.uploads);
  // The upload endpoint reads its own body (tus stream or multipart): before any body parser.
  mountUploadEndpoint(router, tus, deps.uploads);
  mountApiOperations(router, served);
  return { router, operations, tus };
}
