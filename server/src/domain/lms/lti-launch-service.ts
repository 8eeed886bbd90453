import type { AccessRepository, Course } from '../access/access-repository.js';
import type { PlaybackAccess, PlaybackService } from '../access/playback-service.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import type { DomainLogger } from '../logger.js';
import type { User } from '../users/user.js';
import type { LaunchPerson, LtiLaunchUsers } from './lti-launch-user.js';
import { readLinkParameters, type LinkSigner, type LtiLink, type LtiLinkRepository } from './lti-link.js';
import { acceptsDeployment, type LtiPlatform } from './lti-platform.js';
import { teachesInContext } from './lti-roles.js';

/** What a verified id_token says, in our words (the adapter maps ltijs's token onto it). */
export interface LaunchClaims {
  readonly issuer: string;
  readonly clientId: string;
  readonly deploymentId: string;
  readonly person: LaunchPerson;
  readonly context: { readonly id: string; readonly label?: string; readonly title?: string } | null;
  readonly resourceLink: { readonly id: string; readonly title?: string } | null;
  readonly custom: Readonly<Record<string, unknown>>;
  /** AGS claim: the link's line item and the scopes granted, when the platform offers grades. */
  readonly lineItemUrl: string | null;
  readonly agsScopes: readonly string[];
  /** NRPS claim. */
  readonly membershipsUrl: string | null;
}

/** Who launched from where: the platform accepted, the user and the course recorded. */
export interface LaunchContext {
  readonly platform: LtiPlatform;
  readonly user: User;
  readonly course: Course | null;
  /** The user teaches in the launching course (picker, roster). */
  readonly teaches: boolean;
}

export type ResourceLaunch =
  | (LaunchContext & { readonly kind: 'player'; readonly access: PlaybackAccess; readonly link: LtiLink })
  | (LaunchContext & { readonly kind: 'unbound'; readonly reason: 'no_video' | 'bad_video' });

export interface LtiLaunchDeps {
  readonly findPlatform: (issuer: string, clientId: string) => Promise<LtiPlatform | null>;
  readonly launchUsers: LtiLaunchUsers;
  readonly access: AccessRepository;
  readonly links: LtiLinkRepository;
  readonly playback: PlaybackService;
  readonly signer: LinkSigner;
  readonly logger: DomainLogger;
}

/**
 * Launches from LMS platforms: the platform and deployment are checked against Lectern's own
 * list (ltijs has already verified the signature, audience, nonce and times), the user is found
 * or created from the claims, the course (LTI context) and the membership recorded; a resource
 * link then opens its video for the launching course's members.
 */
export function createLtiLaunchService(deps: LtiLaunchDeps) {
  const { logger } = deps;

  /** `admitted`: the platform the adapter already read for this request (no second lookup when it is the token's). */
  async function acceptedPlatform(claims: LaunchClaims, admitted: LtiPlatform | null): Promise<LtiPlatform> {
    const platform = admitted && admitted.issuer === claims.issuer && admitted.clientId === claims.clientId ? admitted : await deps.findPlatform(claims.issuer, claims.clientId);
    const refuse = (code: string, message: string) => {
      logger.warn({ issuer: claims.issuer, clientId: claims.clientId, deploymentId: claims.deploymentId, platformId: platform?.id, code }, 'LTI launch refused');
      return new ForbiddenError(code, message);
    };
    if (!platform) throw refuse('lti_platform_unknown', 'This platform is not registered with Lectern.');
    if (platform.status === 'pending') throw refuse('lti_platform_pending', 'This platform is waiting for a Lectern administrator to approve it.');
    if (platform.status === 'inactive') throw refuse('lti_platform_inactive', 'A Lectern administrator has deactivated this platform.');
    if (!acceptsDeployment(platform, claims.deploymentId)) throw refuse('lti_deployment_refused', `Deployment ${claims.deploymentId} of this platform is not accepted.`);
    return platform;
  }

  async function begin(claims: LaunchClaims, admitted: LtiPlatform | null = null): Promise<LaunchContext> {
    const platform = await acceptedPlatform(claims, admitted);
    const user = await deps.launchUsers.resolve(platform, claims.person);
    const course = claims.context
      ? await deps.access.upsertCourseMember(
          { siteId: platform.siteId, platform: platform.issuer, contextId: claims.context.id, title: (claims.context.title ?? '').slice(0, 500), label: (claims.context.label ?? '').slice(0, 255) },
          user.id,
          claims.person.roles.slice(0, 50),
        )
      : null;
    return { platform, user, course, teaches: teachesInContext(claims.person.roles) };
  }

  return {
    begin,

    async resourceLaunch(claims: LaunchClaims, admitted: LtiPlatform | null = null): Promise<ResourceLaunch> {
      const context = await begin(claims, admitted);
      const parameters = readLinkParameters(claims.custom, deps.signer.verify);
      if (!parameters.ok) {
        logger.info({ platformId: context.platform.id, userId: context.user.id, resourceLinkId: claims.resourceLink?.id, reason: parameters.reason }, 'LTI launch of a link without a video');
        return { ...context, kind: 'unbound', reason: parameters.reason };
      }
      // Signed links open the video to the course's members; others follow the video's own rules.
      const viaLmsLink = parameters.signed && context.course !== null;
      let access: PlaybackAccess;
      try {
        access = await deps.playback.open(parameters.videoId, context.platform.siteId, { user: context.user, viaLmsLink });
      } catch (error) {
        if (error instanceof NotFoundError) throw new NotFoundError('lti_video_not_found', `Video ${parameters.videoId} does not exist (any more) on Lectern.`);
        throw error;
      }
      const link = await deps.links.upsert({
        platformId: context.platform.id,
        deploymentId: claims.deploymentId,
        resourceLinkId: claims.resourceLink?.id ?? `video-${parameters.videoId}`,
        courseId: context.course?.id ?? null,
        videoId: parameters.videoId,
        title: (claims.resourceLink?.title ?? '').slice(0, 500),
        lineItemUrl: claims.lineItemUrl,
        agsScopes: claims.agsScopes,
        membershipsUrl: claims.membershipsUrl,
        completionThreshold: parameters.completion,
      });
      logger.info({ platformId: context.platform.id, userId: context.user.id, videoId: parameters.videoId, linkId: link.id, allowed: access.decision.allowed, signed: parameters.signed }, 'LTI resource launch');
      return { ...context, kind: 'player', access, link };
    },
  };
}

export type LtiLaunchService = ReturnType<typeof createLtiLaunchService>;
