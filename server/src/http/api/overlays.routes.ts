import type { z } from 'zod';
import type { EnrichmentService } from '../../domain/enrichments/enrichment-service.js';
import { listOf, overlayJson, presentList, presentOverlay } from '../presenters/enrichments.presenter.js';
import type { ApiOperation } from './api-operation.js';
import { itemProblems } from './chapters.routes.js';
import { overlayBody, overlayParams, overlayPatchBody } from './enrichments.schemas.js';
import { problem } from './problem.schema.js';
import { videoIdParams } from './videos.schemas.js';

const timeProblems = {
  400: problem('Invalid fields, empty content (overlay_content_empty), an end before the start (invalid_time_range) or after the end of the video (time_beyond_duration)'),
  409: problem('Overlaps another overlay (overlay_overlap; the problem names it)'),
};

/** Overlays of a video (text shown over the picture), for its managers. */
export function overlayOperations({ enrichmentService }: { enrichmentService: EnrichmentService }): ApiOperation[] {
  const overlays = enrichmentService.overlays;
  return [
    {
      method: 'get',
      path: '/videos/:id/overlays',
      operationId: 'listOverlays',
      summary: 'List the overlays of a video, by start',
      tag: 'overlays',
      auth: 'user',
      params: videoIdParams,
      responses: { 200: { description: 'The overlays', schema: listOf(overlayJson) }, ...itemProblems },
      handler: async (req, res) => {
        const { id } = req.valid.params as z.infer<typeof videoIdParams>;
        res.json(presentList(await overlays.list(req.user!, id), presentOverlay));
      },
    },
    {
      method: 'post',
      path: '/videos/:id/overlays',
      operationId: 'createOverlay',
      summary: 'Add an overlay: HTML content (sanitized), a position, start < end ≤ duration, no overlap with another overlay',
      tag: 'overlays',
      auth: 'user',
      params: videoIdParams,
      body: overlayBody,
      responses: { 201: { description: 'Created', schema: overlayJson }, ...itemProblems, ...timeProblems },
      handler: async (req, res) => {
        const { id } = req.valid.params as z.infer<typeof videoIdParams>;
        res.status(201).json(presentOverlay(await overlays.create(req.user!, id, req.valid.body as z.infer<typeof overlayBody>)));
      },
    },
    {
      method: 'patch',
      path: '/videos/:id/overlays/:overlayId',
      operationId: 'updateOverlay',
      summary: 'Change some fields of an overlay',
      tag: 'overlays',
      auth: 'user',
      params: overlayParams,
      body: overlayPatchBody,
      responses: { 200: { description: 'The overlay', schema: overlayJson }, ...itemProblems, ...timeProblems },
      handler: async (req, res) => {
        const { id, overlayId } = req.valid.params as z.infer<typeof overlayParams>;
        res.json(presentOverlay(await overlays.update(req.user!, id, overlayId, req.valid.body as z.infer<typeof overlayPatchBody>)));
      },
    },
    {
      method: 'delete',
      path: '/videos/:id/overlays/:overlayId',
      operationId: 'deleteOverlay',
      summary: 'Delete an overlay',
      tag: 'overlays',
      auth: 'user',
      params: overlayParams,
      responses: { 204: { description: 'Deleted' }, ...itemProblems },
      handler: async (req, res) => {
        const { id, overlayId } = req.valid.params as z.infer<typeof overlayParams>;
        await overlays.remove(req.user!, id, overlayId);
        res.status(204).end();
      },
    },
  ];
}
