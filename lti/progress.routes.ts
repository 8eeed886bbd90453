import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { PlayerConfig } from '../player/src/contract/player-config.js';
import { isValidSegment, MAX_REPORTED_SEGMENTS, MAX_SEGMENT_SECONDS, type Segment } from '../server/src/domain/lms/played-segments.js';
import type { ProgressKey } from '../server/src/domain/lms/lti-progress.js';
import type { LtiProgressService } from '../server/src/domain/lms/lti-progress-service.js';
import { validate } from '../server/src/http/middlewares/validate.js';

/** The header carrying the progress token of the player page (`progress.token` of its configuration). */
export const PROGRESS_HEADER = 'X-Lectern-Progress';
/** Where the player of an LTI launch reports (under /lti). */
export const PROGRESS_PATH = '/progress';

const seconds = z.number().min(0).max(MAX_SEGMENT_SECONDS);

export const progressBodySchema = z.object({
  segments: z
    .array(z.tuple([seconds, seconds]).refine((segment) => isValidSegment(segment), { message: 'A segment is [start, end] with start ≤ end.' }))
    .max(MAX_REPORTED_SEGMENTS),
});

/**
 * POST /lti/progress: the player of an LTI launch reports the segments played, `{"segments":
 * [[start, end], …]}` (seconds), authenticated by its progress token in `X-Lectern-Progress`
 * (no cookies in LMS iframes). 204; 401 `lti_progress_token_invalid`; 400 `validation_failed`
 * or `malformed_body`; 413 `body_too_large`.
 */
export function progressRoutes(service: LtiProgressService): Router {
  const router = Router();
  const authenticate: RequestHandler = (req, res, next) => {
    res.locals.progressKey = service.authenticate(req.get(PROGRESS_HEADER));
    next();
  };
  router.post(
    PROGRESS_PATH,
    authenticate,
    express.json({ limit: '64kb', type: ['application/json'] }),
    validate({ body: progressBodySchema }),
    async (req: Request, res: Response) => {
      const { segments } = req.valid.body as z.infer<typeof progressBodySchema>;
      await service.report(res.locals.progressKey as ProgressKey, segments as Segment[]);
      res.setHeader('Cache-Control', 'no-store');
      res.status(204).end();
    },
  );
  return router;
}

/**
 * A launch's player configuration with where and how to report progress. Only for viewers who
 * do not teach in the course: platforms grade learners only (Moodle answers 400 otherwise).
 */
export function withProgress(config: PlayerConfig, launch: { readonly teaches: boolean; readonly user: { readonly id: number }; readonly link: { readonly id: number } }, service: LtiProgressService): PlayerConfig {
  if (launch.teaches) return config;
  return { ...config, progress: { url: `/lti${PROGRESS_PATH}`, token: service.tokenFor({ userId: launch.user.id, linkId: launch.link.id }) } };
}
