import { ForbiddenError, NotFoundError } from '../errors.js';
import type { DomainLogger } from '../logger.js';
import type { LtiLink, LtiLinkRepository } from './lti-link.js';
import type { LtiPlatform, LtiPlatformRepository } from './lti-platform.js';
import { joinProgress, type ProgressReport, type ViewingRecord } from './lti-progress-report.js';
import { RosterError, type RosterSource } from './lti-roster.js';

/** Port: what Lectern recorded of the viewings through a link (read only). */
export interface ViewingRecords {
  listForLink(linkId: number): Promise<ViewingRecord[]>;
}

export interface LtiProgressReportDeps {
  readonly links: Pick<LtiLinkRepository, 'findById'>;
  readonly platforms: Pick<LtiPlatformRepository, 'findById'>;
  readonly viewings: ViewingRecords;
  readonly roster: RosterSource;
  readonly logger: DomainLogger;
}

export interface LinkProgress {
  readonly link: LtiLink;
  readonly report: ProgressReport;
  /** Why the course list is missing (the report then only has the people who watched), or null. */
  readonly rosterProblem: RosterError | null;
  /** The platform's list was longer than Lectern reads. */
  readonly truncated: boolean;
}

/**
 * The teacher's view of a link: the course's members, fetched from the platform when asked
 * (never at launch), joined with the viewings Lectern recorded. A platform that offers no
 * roster, refuses or fails does not stop the view: it lists the people who watched, and says why.
 */
export function createLtiProgressReportService(deps: LtiProgressReportDeps) {
  const { logger } = deps;

  /** The link and its platform, still there and accepted. */
  async function linkFor(linkId: number): Promise<{ link: LtiLink; platform: LtiPlatform }> {
    const link = await deps.links.findById(linkId);
    if (!link) throw new NotFoundError('lti_link_gone', 'This activity is no longer known to Lectern.');
    const platform = await deps.platforms.findById(link.platformId);
    if (!platform) throw new NotFoundError('lti_link_gone', 'The platform of this activity is no longer registered with Lectern.');
    if (platform.status !== 'active') throw new ForbiddenError('lti_platform_inactive', 'This platform is not active on Lectern.');
    return { link, platform };
  }

  async function rosterOf(link: LtiLink, platform: LtiPlatform) {
    if (!link.membershipsUrl) {
      logger.info({ linkId: link.id, platformId: platform.id }, 'LTI roster: the platform offers no memberships service for this link');
      return { members: [], truncated: false, problem: new RosterError('lti_roster_unavailable', 'The platform gave no memberships service for this link.') };
    }
    try {
      const roster = await deps.roster.fetch({ issuer: platform.issuer, clientId: platform.clientId, membershipsUrl: link.membershipsUrl });
      if (roster.truncated) logger.warn({ linkId: link.id, platformId: platform.id, members: roster.members.length }, 'LTI roster truncated at Lectern\'s bounds');
      return { members: roster.members, truncated: roster.truncated, problem: null };
    } catch (error) {
      if (!(error instanceof RosterError)) throw error;
      // The view goes on without the list: it says why, and the log keeps the platform's answer.
      const log = error.code === 'lti_roster_unavailable' ? logger.warn.bind(logger) : logger.error.bind(logger);
      log({ linkId: link.id, platformId: platform.id, code: error.code, status: error.status, reason: error.message }, 'LTI roster could not be read');
      return { members: [], truncated: false, problem: error };
    }
  }

  return {
    linkFor,

    async report(linkId: number): Promise<LinkProgress> {
      const { link, platform } = await linkFor(linkId);
      const [roster, records] = await Promise.all([rosterOf(link, platform), deps.viewings.listForLink(link.id)]);
      return { link, report: joinProgress(roster.members, records, link.completionThreshold), rosterProblem: roster.problem, truncated: roster.truncated };
    },
  };
}

export type LtiProgressReportService = ReturnType<typeof createLtiProgressReportService>;
