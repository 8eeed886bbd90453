import { expect } from 'chai';
import { createLtiProgressReportService } from '../../../server/src/domain/lms/lti-progress-report-service.js';
import type { LtiLink } from '../../../server/src/domain/lms/lti-link.js';
import type { LtiPlatform } from '../../../server/src/domain/lms/lti-platform.js';
import { RosterError, type RosterSource } from '../../../server/src/domain/lms/lti-roster.js';

const link: LtiLink = {
  id: 8, platformId: 1, deploymentId: '1', resourceLinkId: '21', courseId: 3, videoId: 5, title: 'Week 1', lineItemUrl: null, agsScopes: [],
  membershipsUrl: 'https://lms.example/memberships', completionThreshold: 0.9, createdAt: new Date(), lastLaunchAt: new Date(),
};
const platform = { id: 1, issuer: 'https://lms.example', clientId: 'abc', status: 'active' } as LtiPlatform;

function world(roster: RosterSource, overrides: { link?: LtiLink | null; platform?: LtiPlatform | null } = {}) {
  const logs: { level: string; context: Record<string, unknown>; message: string }[] = [];
  const logger = {
    info: (context: object, message: string) => logs.push({ level: 'info', context: context as Record<string, unknown>, message }),
    warn: (context: object, message: string) => logs.push({ level: 'warn', context: context as Record<string, unknown>, message }),
    error: (context: object, message: string) => logs.push({ level: 'error', context: context as Record<string, unknown>, message }),
    child: () => logger,
  };
  const service = createLtiProgressReportService({
    links: { findById: async (id) => (id === link.id ? (overrides.link === undefined ? link : overrides.link) : null) },
    platforms: { findById: async () => (overrides.platform === undefined ? platform : overrides.platform) },
    viewings: { listForLink: async () => [{ userId: 1, subject: '4', name: 'Sam', email: null, watched: 1, posted: null, postedAt: null, scoreError: null, updatedAt: new Date() }] },
    roster,
    logger,
  });
  return { service, logs };
}

describe('LTI progress report service', () => {
  it('asks the platform for the link\'s memberships and joins them', async () => {
    const asked: unknown[] = [];
    const { service } = world({ fetch: async (request) => (asked.push(request), { members: [{ userId: '4', name: 'Sam S', givenName: null, familyName: null, email: null, roles: [], status: 'Active' }], truncated: false }) });
    const progress = await service.report(link.id);
    expect(asked).to.deep.equal([{ issuer: platform.issuer, clientId: platform.clientId, membershipsUrl: link.membershipsUrl }]);
    expect(progress.rosterProblem).to.equal(null);
    expect(progress.report.summary).to.deep.equal({ learners: 1, started: 1, completed: 1 });
  });

  it('goes on without the roster when the platform refuses or fails, and logs the platform\'s answer', async () => {
    for (const [error, level] of [[new RosterError('lti_roster_unavailable', 'answered 403: Nope', 403), 'warn'], [new RosterError('lti_roster_failed', 'answered 500', 500), 'error']] as const) {
      const { service, logs } = world({ fetch: async () => Promise.reject(error) });
      const progress = await service.report(link.id);
      expect(progress.rosterProblem).to.equal(error);
      expect(progress.report.departed.map((line) => line.subject)).to.deep.equal(['4']);
      expect(logs).to.deep.include({ level, context: { linkId: 8, platformId: 1, code: error.code, status: error.status, reason: error.message }, message: 'LTI roster could not be read' });
    }
  });

  it('does not ask a platform that gave no memberships service, and lets unexpected errors through', async () => {
    const { service } = world({ fetch: async () => { throw new Error('must not be called'); } }, { link: { ...link, membershipsUrl: null } });
    expect((await service.report(link.id)).rosterProblem?.code).to.equal('lti_roster_unavailable');
    const broken = world({ fetch: async () => { throw new TypeError('bug'); } }).service;
    const error = await broken.report(link.id).then(() => null, (caught: unknown) => caught);
    expect(error).to.be.instanceOf(TypeError);
  });

  it('refuses a link that is gone or whose platform is no longer active', async () => {
    const roster = { fetch: async () => ({ members: [], truncated: false }) };
    const codeOf = (promise: Promise<unknown>) => promise.then(() => null, (caught: { code?: string }) => caught.code);
    expect(await codeOf(world(roster).service.report(999))).to.equal('lti_link_gone');
    expect(await codeOf(world(roster, { platform: null }).service.report(link.id))).to.equal('lti_link_gone');
    expect(await codeOf(world(roster, { platform: { ...platform, status: 'inactive' } }).service.report(link.id))).to.equal('lti_platform_inactive');
  });
});
