import type { z } from 'zod';
import { ENRICHMENT_FILE_MAX_BYTES } from '../../domain/enrichments/enrichment.js';
import type { EnrichmentInput, EnrichmentPatch } from '../../domain/enrichments/timed-enrichment-service.js';
import { ValidationError } from '../../domain/errors.js';
import { enrichmentJson, listOf, presentEnrichment, presentList } from '../presenters/enrichments.presenter.js';
import { incomingFile, parseFields, withRequestBody, type RequestBody } from '../request-body.js';
import type { ApiOperation } from './api-operation.js';
import { itemProblems } from './chapters.routes.js';
import { enrichmentBody, enrichmentParams, enrichmentPatchBody } from './enrichments.schemas.js';
import { problem } from './problem.schema.js';
import { binaryPart, type ItemRoutesDeps } from './tracks.routes.js';
import { videoIdParams } from './videos.schemas.js';

type PatchBody = z.infer<typeof enrichmentPatchBody>;

/** snake_case wire fields (and the request's file) → the domain's input. */
export async function toEnrichmentPatch(body: PatchBody, file: RequestBody['file']): Promise<EnrichmentPatch> {
  const { stop_video: stopVideo, ...rest } = body;
  return { ...rest, ...(stopVideo === undefined ? {} : { stopVideo }), ...(file ? { file: await incomingFile(file) } : {}) };
}

const problems = {
  400: problem('Invalid fields; the payload of the type missing or unusable (enrichment_file_required, enrichment_invalid_weblink, enrichment_invalid_embed, enrichment_richtext_empty); invalid_time_range; time_beyond_duration'),
  ...itemProblems,
  409: problem('Overlaps another enrichment (enrichment_overlap; the problem names it)'),
  413: problem('The file is over its type’s limit: images 10 MiB, documents 50 MiB (file_too_large)'),
  422: problem('The file’s content is not of an accepted type (enrichment_file_type)'),
};

const multipartOf = (schema: typeof enrichmentBody | typeof enrichmentPatchBody) => schema.extend({ file: binaryPart('image: JPEG, PNG, GIF, WebP; document: PDF, OpenDocument, Office, ZIP, text').optional() });

/** Esup-Pod's enrichments (image, richtext, weblink, document, embed), for the video's managers. */
export function enrichmentOperations({ enrichmentService, uploadsDir }: ItemRoutesDeps): ApiOperation[] {
  const enrichments = enrichmentService.enrichments;
  return [
    {
      method: 'get',
      path: '/videos/:id/enrichments',
      operationId: 'listEnrichments',
      summary: 'List the enrichments of a video, by start',
      tag: 'enrichments',
      auth: 'user',
      params: videoIdParams,
      responses: { 200: { description: 'The enrichments', schema: listOf(enrichmentJson) }, ...itemProblems },
      handler: async (req, res) => {
        const { id } = req.valid.params as z.infer<typeof videoIdParams>;
        res.json(presentList(await enrichments.list(req.user!, id), presentEnrichment));
      },
    },
    {
      method: 'post',
      path: '/videos/:id/enrichments',
      operationId: 'createEnrichment',
      summary: 'Add an enrichment: JSON for richtext, weblink and embed; multipart/form-data with `file` for image and document. 0 ≤ start < end ≤ duration, no overlap',
      tag: 'enrichments',
      auth: 'user',
      params: videoIdParams,
      requestSchemas: { 'application/json': enrichmentBody, 'multipart/form-data': multipartOf(enrichmentBody) },
      responses: { 201: { description: 'Created', schema: enrichmentJson }, ...problems },
      handler: async (req, res) => {
        const { id } = req.valid.params as z.infer<typeof videoIdParams>;
        const enrichment = await withRequestBody(req, uploadsDir, ENRICHMENT_FILE_MAX_BYTES, async ({ fields, file }) => {
          const input = (await toEnrichmentPatch(parseFields(enrichmentBody, fields), file)) as EnrichmentInput;
          return enrichments.create(req.user!, id, input);
        });
        res.status(201).json(presentEnrichment(enrichment));
      },
    },
    {
      method: 'patch',
      path: '/videos/:id/enrichments/:enrichmentId',
      operationId: 'updateEnrichment',
      summary: 'Change some fields of an enrichment (JSON), or replace its file too (multipart/form-data)',
      tag: 'enrichments',
      auth: 'user',
      params: enrichmentParams,
      requestSchemas: { 'application/json': enrichmentPatchBody, 'multipart/form-data': multipartOf(enrichmentPatchBody) },
      responses: { 200: { description: 'The enrichment', schema: enrichmentJson }, ...problems },
      handler: async (req, res) => {
        const { id, enrichmentId } = req.valid.params as z.infer<typeof enrichmentParams>;
        const enrichment = await withRequestBody(req, uploadsDir, ENRICHMENT_FILE_MAX_BYTES, async ({ fields, file }) => {
          const body = parseFields(enrichmentPatchBody, fields);
          if (!file && Object.keys(body).length === 0) throw new ValidationError('validation_failed', 'Send at least one field to change, or a new file.', { fields: [{ path: 'body', message: 'send at least one field to change' }] });
          return enrichments.update(req.user!, id, enrichmentId, await toEnrichmentPatch(body, file));
        });
        res.json(presentEnrichment(enrichment));
      },
    },
    {
      method: 'delete',
      path: '/videos/:id/enrichments/:enrichmentId',
      operationId: 'deleteEnrichment',
      summary: 'Delete an enrichment and its file',
      tag: 'enrichments',
      auth: 'user',
      params: enrichmentParams,
      responses: { 204: { description: 'Deleted' }, ...itemProblems },
      handler: async (req, res) => {
        const { id, enrichmentId } = req.valid.params as z.infer<typeof enrichmentParams>;
        await enrichments.remove(req.user!, id, enrichmentId);
        res.status(204).end();
      },
    },
  ];
}
