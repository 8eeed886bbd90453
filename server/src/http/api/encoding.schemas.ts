import { z } from 'zod';
import { ENCODING_JOB_STATUSES } from '../../domain/encoding/encoding-job.js';
import { recordId } from '../record-id.js';

export const thumbnailParams = z.object({ id: recordId, index: z.coerce.number().int().min(0).max(99) });

export const chooseThumbnailBody = z.object({ index: z.number().int().min(0).max(99) });

const statusList = z
  .string()
  .transform((text) => text.split(',').map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.enum(ENCODING_JOB_STATUSES)).min(1));

export const encodingJobListQuery = z.object({
  status: statusList.default(['queued', 'running', 'failed']),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const encodingLogEntryJson = z.object({ at: z.string(), level: z.enum(['info', 'warn', 'error']), message: z.string() });

export const encodingJobJson = z.object({
  id: z.string(),
  video_id: z.number().int(),
  status: z.enum(ENCODING_JOB_STATUSES),
  step: z.string().nullable(),
  progress: z.number(),
  attempts: z.number().int(),
  worker: z.string().nullable().describe('host:pid:index of the worker that ran the last attempt'),
  error_code: z.string().nullable(),
  error_message: z.string().nullable(),
  stderr_tail: z.string().nullable().describe("The end of ffmpeg's output when it failed"),
  log: z.array(encodingLogEntryJson),
  queued_at: z.string(),
  retry_at: z.string().nullable(),
  started_at: z.string().nullable(),
  heartbeat_at: z.string().nullable(),
  finished_at: z.string().nullable(),
});

export const encodingJobListJson = z.object({
  counts: z.record(z.enum(ENCODING_JOB_STATUSES), z.number().int()),
  results: z.array(encodingJobJson.extend({ video_title: z.string(), video_slug: z.string(), owner: z.string(), is_current: z.boolean().describe("Whether this is the video's latest encoding (older ones are history)") })),
});
