import type { z } from 'zod';
import type { EnrichmentService } from '../../domain/enrichments/enrichment-service.js';
import { chapterJson, listOf, presentChapter, presentList } from '../presenters/enrichments.presenter.js';
import type { ApiOperation } from './api-operation.js';
import { chapterBody, chapterParams, chapterPatchBody } from './enrichments.schemas.js';
import { problem } from './problem.schema.js';
import { videoIdParams } from './videos.schemas.js';

/** What every operation on a video's items may answer besides success. */
export const itemProblems = {
  401: problem('Missing, invalid or revoked credentials'),
  403: problem('Not an owner of the video'),
  404: problem('No such video (video_not_found), or no such item on it'),
};

/** Chapters of a video, for its managers. Times are seconds (or typed as "1:30"). */
export function chapterOperations({ enrichmentService }: { enrichmentService: EnrichmentService }): ApiOperation[] {
  const chapters = enrichmentService.chapters;
  return [
    {
      method: 'get',
      path: '/videos/:id/chapters',
      operationId: 'listChapters',
      summary: 'List the chapters of a video, by start',
      tag: 'chapters',
      auth: 'user',
      params: videoIdParams,
      responses: { 200: { description: 'The chapters', schema: listOf(chapterJson) }, ...itemProblems },
      handler: async (req, res) => {
        const { id } = req.valid.params as z.infer<typeof videoIdParams>;
        res.json(presentList(await chapters.list(req.user!, id), presentChapter));
      },
    },
    {
      method: 'post',
      path: '/videos/:id/chapters',
      operationId: 'createChapter',
      summary: 'Add a chapter: it starts before the end of the video, and no other chapter starts at the same time',
      tag: 'chapters',
      auth: 'user',
      params: videoIdParams,
      body: chapterBody,
      responses: {
        201: { description: 'Created', schema: chapterJson },
        400: problem('Invalid fields, or a start past the end of the video (chapter_start_out_of_range)'),
        ...itemProblems,
        409: problem('Another chapter starts at that time (chapter_start_taken)'),
      },
      handler: async (req, res) => {
        const { id } = req.valid.params as z.infer<typeof videoIdParams>;
        const chapter = await chapters.create(req.user!, id, req.valid.body as z.infer<typeof chapterBody>);
        res.status(201).json(presentChapter(chapter));
      },
    },
    {
      method: 'patch',
      path: '/videos/:id/chapters/:chapterId',
      operationId: 'updateChapter',
      summary: 'Change a chapter’s title or start',
      tag: 'chapters',
      auth: 'user',
      params: chapterParams,
      body: chapterPatchBody,
      responses: {
        200: { description: 'The chapter', schema: chapterJson },
        400: problem('Invalid fields, or a start past the end of the video'),
        ...itemProblems,
        409: problem('Another chapter starts at that time (chapter_start_taken)'),
      },
      handler: async (req, res) => {
        const { id, chapterId } = req.valid.params as z.infer<typeof chapterParams>;
        res.json(presentChapter(await chapters.update(req.user!, id, chapterId, req.valid.body as z.infer<typeof chapterPatchBody>)));
      },
    },
    {
      method: 'delete',
      path: '/videos/:id/chapters/:chapterId',
      operationId: 'deleteChapter',
      summary: 'Delete a chapter',
      tag: 'chapters',
      auth: 'user',
      params: chapterParams,
      responses: { 204: { description: 'Deleted' }, ...itemProblems },
      handler: async (req, res) => {
        const { id, chapterId } = req.valid.params as z.infer<typeof chapterParams>;
        await chapters.remove(req.user!, id, chapterId);
        res.status(204).end();
      },
    },
  ];
}
