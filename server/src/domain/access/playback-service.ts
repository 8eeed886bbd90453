import { NotFoundError, ValidationError } from '../errors.js';
import type { DomainLogger as Logger } from '../logger.js';
import { verifyPassword } from '../users/password-hasher.js';
import type { User } from '../users/user.js';
import type { VideoRepository } from '../videos/video-repository.js';
import type { Video } from '../videos/video.js';
import type { AccessRepository, ViewPositionRepository } from './access-repository.js';
import type { MediaGrants } from './media-grant.js';
import type { ShareLinkService } from './share-link-service.js';
import { decideAccess, isPublic, type AccessDecision, type Viewer } from './video-access.js';
import type { ViewerTokens } from './viewer-token.js';

export interface PlaybackDeps {
  readonly videos: VideoRepository;
  readonly access: AccessRepository;
  readonly positions: ViewPositionRepository;
  readonly shareLinks: ShareLinkService;
  readonly grants: MediaGrants;
  readonly viewerTokens: ViewerTokens;
  readonly ttl: { readonly grantSeconds: number; readonly publicGrantSeconds: number };
  readonly logger: Logger;
}

export interface PlaybackRequest {
  readonly user: User | null;
  /** A share link token from the URL, if any. */
  readonly shareToken?: string | null;
  /** The access epochs under which this viewing session gave each video's password. */
  readonly unlocked?: Readonly<Record<string, number>>;
  /** An LTI launch through a link signed by Lectern's picker, from an LMS course (lti-launch-service.ts). */
  readonly viaLmsLink?: boolean;
}

export interface PlaybackAccess {
  readonly video: Video;
  readonly decision: AccessDecision;
  readonly viaShareLink: boolean;
}

/**
 * Applies the access rules (video-access.ts) for pages, API and the media grants they hand
 * out, and keeps logged-in viewers' resume positions.
 */
export function createPlaybackService(deps: PlaybackDeps) {
  const { videos, access, positions, shareLinks, grants, viewerTokens, ttl, logger } = deps;

  async function viewerOf(user: User | null): Promise<Viewer | null> {
    if (!user) return null;
    const { groupIds, courseIds } = await access.membershipsOf(user.id);
    return { id: user.id, siteId: user.siteId, role: user.role, groupIds, courseIds };
  }

  async function check(video: Video, request: PlaybackRequest): Promise<PlaybackAccess> {
    const viaShareLink = request.shareToken ? await shareLinks.opens(video.id, request.shareToken) : false;
    const passwordGiven = request.unlocked?.[String(video.id)] === video.accessEpoch;
    const decision = decideAccess({ video, viewer: await viewerOf(request.user), viaShareLink, viaLmsLink: request.viaLmsLink === true, passwordGiven });
    return { video, decision, viaShareLink };
  }

  return {
    check,

    /** The video and what the rules say; NotFound when it does not exist or is on another site (null: any). */
    async open(videoId: number, siteId: number | null, request: PlaybackRequest): Promise<PlaybackAccess> {
      const video = await videos.findById(videoId);
      if (!video || (siteId !== null && video.siteId !== siteId)) throw new NotFoundError('video_not_found', `No video with id ${videoId}.`);
      return check(video, request);
    },

    /** Checks a viewing password; true when it matches (the caller remembers it for the session). */
    async tryPassword(video: Video, password: string): Promise<boolean> {
      const hash = await videos.passwordHashOf(video.id);
      if (!hash) return true;
      const ok = password.length > 0 && password.length <= 128 && (await verifyPassword(password, hash));
      if (!ok) logger.info({ videoId: video.id }, 'wrong video password');
      return ok;
    },

    /** A media grant for a video the viewer may watch: long-lived for public videos. */
    grantFor(video: Video): { grant: string; ttlSeconds: number; public: boolean } {
      const open = isPublic(video);
      const ttlSeconds = open ? ttl.publicGrantSeconds : ttl.grantSeconds;
      return { grant: grants.issue(video.id, video.accessEpoch, ttlSeconds), ttlSeconds, public: open };
    },

    /** Where a logged-in viewer stopped, and the token the player saves progress with. */
    async resumeFor(user: User, video: Video): Promise<{ position: number | null; token: string }> {
      return { position: await positions.get(user.id, video.id), token: viewerTokens.issue(user.id, video.id, ttl.grantSeconds) };
    },

    /** Records progress sent by the player with its viewer token (no cookies needed). */
    async savePosition(videoId: number, token: string, position: number): Promise<void> {
      const viewer = viewerTokens.verify(token, videoId);
      if (!viewer) throw new ValidationError('viewer_token_invalid', 'This page has expired: reload it to keep saving your position.');
      if (!Number.isFinite(position) || position < 0 || position > 7 * 24 * 3600) {
        throw new ValidationError('invalid_position', 'The position is a number of seconds.', { fields: [{ path: 'position', message: 'invalid position' }] });
      }
      await positions.save(viewer.userId, videoId, Math.round(position * 1000) / 1000);
    },
  };
}

export type PlaybackService = ReturnType<typeof createPlaybackService>;
