import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Locale } from '../server/src/config/config.js';
import { createTokenSigner } from '../server/src/domain/access/signed-token.js';
import { AppError } from '../server/src/domain/errors.js';
import type { LinkProgress, LtiProgressReportService } from '../server/src/domain/lms/lti-progress-report-service.js';
import { LOCALES, translator } from '../server/src/http/i18n/i18n.js';
import { refuse } from './lti-refusal.js';
import { progressCsv } from './roster-csv.js';
import { renderRosterPage, renderRosterRefusal } from './roster-page.js';

/**
 * The teacher's view of an LTI activity: POST /lti/roster (the page) and POST /lti/roster/csv
 * (the download), authorised by the signed teacher token the player page carries in a hidden
 * field, issued at launch only to people who teach in the course (user, link, language; two
 * hours). The course's roster is fetched from the platform when the view opens.
 */
export const ROSTER_TOKEN_TTL_SECONDS = 2 * 3600;

export type RosterTokenCheck =
  | { readonly ok: true; readonly userId: number; readonly linkId: number; readonly locale: Locale }
  | { readonly ok: false; readonly code: 'lti_roster_token_expired' | 'lti_roster_token_invalid' };

export interface RosterTokens {
  issue(userId: number, linkId: number, locale: Locale): string;
  check(token: string): RosterTokenCheck;
}

/** Teacher tokens, signed with a key of their own (deriveKey(secret, 'lti-roster')). */
export function createRosterTokens(key: Buffer, now: () => number = Date.now): RosterTokens {
  const signer = createTokenSigner(key, 'ltr1', 3, now);
  return {
    issue: (userId, linkId, locale) => signer.sign([userId, linkId, LOCALES.indexOf(locale)], ROSTER_TOKEN_TTL_SECONDS),
    check(token) {
      const check = signer.verify(token);
      if (!check.ok) return { ok: false, code: check.reason === 'expired' ? 'lti_roster_token_expired' : 'lti_roster_token_invalid' };
      const [userId = 0, linkId = 0, localeIndex = 0] = check.values;
      const locale = LOCALES[localeIndex];
      return locale ? { ok: true, userId, linkId, locale } : { ok: false, code: 'lti_roster_token_invalid' };
    },
  };
}

export interface RosterRouterDeps {
  readonly tokens: RosterTokens;
  readonly reports: Pick<LtiProgressReportService, 'report'>;
}

const bodySchema = z.object({ token: z.string().min(1).max(200) });

const REFUSALS: Record<string, { status: number; message: Parameters<typeof renderRosterRefusal>[2] }> = {
  lti_roster_token_expired: { status: 401, message: 'ltiRoster.refused.token' },
  lti_roster_token_invalid: { status: 401, message: 'ltiRoster.refused.token' },
  lti_link_gone: { status: 404, message: 'ltiRoster.refused.linkGone' },
  lti_platform_inactive: { status: 403, message: 'ltiRoster.refused.platform' },
};

function refuseView(req: Request, res: Response, code: string, detail: Record<string, unknown> = {}): void {
  const refusal = REFUSALS[code] ?? { status: 401, message: 'ltiRoster.refused.token' };
  req.log.warn({ code, path: req.path, ...detail }, 'LTI roster view refused');
  res.setHeader('X-Lectern-Error-Code', code);
  res.setHeader('Cache-Control', 'no-store');
  res.status(refusal.status).type('html').send(renderRosterRefusal(req, code, refusal.message));
}

/** The answer's status: a platform without a roster is a state (200), a failing one a bad gateway. */
function statusOf(progress: LinkProgress): number {
  return progress.rosterProblem && progress.rosterProblem.code !== 'lti_roster_unavailable' ? 502 : 200;
}

export function rosterRouter(deps: RosterRouterDeps): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '4kb' });

  router.post(['/roster', '/roster/csv'], form, async (req: Request, res: Response) => {
    const body = bodySchema.safeParse(req.body ?? {});
    const check: RosterTokenCheck = body.success ? deps.tokens.check(body.data.token) : { ok: false, code: 'lti_roster_token_invalid' };
    if (!check.ok) return refuseView(req, res, check.code);
    req.locale = check.locale;
    req.t = translator(check.locale);
    let progress: LinkProgress;
    try {
      progress = await deps.reports.report(check.linkId);
    } catch (error) {
      if (error instanceof AppError && REFUSALS[error.code]) return refuseView(req, res, error.code, { userId: check.userId, linkId: check.linkId });
      req.log.error({ err: error, userId: check.userId, linkId: check.linkId }, 'LTI roster view failed');
      return refuse('internal_error', req, res);
    }
    const { summary } = progress.report;
    req.log.info({ userId: check.userId, linkId: check.linkId, members: progress.report.members.length, ...summary, rosterProblem: progress.rosterProblem?.code }, 'LTI roster viewed');
    res.setHeader('Cache-Control', 'private, no-store');
    if (progress.rosterProblem) res.setHeader('X-Lectern-Error-Code', progress.rosterProblem.code);
    if (req.path.endsWith('/csv')) {
      res.setHeader('Content-Disposition', `attachment; filename="lectern-progress-${progress.link.id}.csv"`);
      res.status(statusOf(progress)).type('text/csv; charset=utf-8').send(progressCsv(req.t, progress.report));
      return;
    }
    res.status(statusOf(progress)).type('html').send(renderRosterPage(req, progress, body.success ? body.data.token : ''));
  });
  return router;
}
