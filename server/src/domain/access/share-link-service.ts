import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ConflictError, NotFoundError } from '../errors.js';
import type { DomainLogger as Logger } from '../logger.js';
import type { User } from '../users/user.js';
import type { Video } from '../videos/video.js';
import type { ShareLinkRepository, ShareLinkRow } from './access-repository.js';

/**
 * Revocable private links (`/video/<slug>/<token>/`, Esup-Pod's hashkey position). The token is
 * `<id>-<HMAC(id, salt)>`: only the server secret turns a row into a working link, and owners
 * can copy a link again at any time. Revoking moves the video's access epoch on, so media
 * grants obtained through the link stop working too.
 */
export interface ShareLink extends ShareLinkRow {
  readonly token: string;
}

export const SHARE_LINK_LABEL_MAX = 100;
const MAX_ACTIVE_LINKS = 50;
const TOKEN_PATTERN = /^(\d{1,10})-([A-Za-z0-9_-]{32})$/;

export function createShareLinkService(deps: { links: ShareLinkRepository; key: Buffer; onAccessChanged?: (videoId: number) => void; logger: Logger }) {
  const { links, key, logger } = deps;
  const sign = (id: number, salt: string) => createHmac('sha256', key).update(`${id}.${salt}`).digest('base64url').slice(0, 32);
  const withToken = (row: ShareLinkRow): ShareLink => ({ ...row, token: `${row.id}-${sign(row.id, row.salt)}` });

  return {
    /** The managers' list (callers check the actor manages the video). */
    async list(video: Pick<Video, 'id'>): Promise<ShareLink[]> {
      return (await links.list(video.id)).map(withToken);
    },

    async create(actor: User, video: Pick<Video, 'id'>, label: string): Promise<ShareLink> {
      const active = (await links.list(video.id)).filter((link) => link.revokedAt === null);
      if (active.length >= MAX_ACTIVE_LINKS) throw new ConflictError('too_many_share_links', `A video can have at most ${MAX_ACTIVE_LINKS} active share links: revoke one first.`);
      const link = withToken(await links.insert(video.id, randomBytes(16).toString('base64url'), label.trim(), actor.id));
      logger.info({ videoId: video.id, userId: actor.id, shareLinkId: link.id }, 'share link created');
      return link;
    },

    async revoke(actor: User, video: Pick<Video, 'id'>, linkId: number): Promise<void> {
      const link = await links.find(linkId);
      if (!link || link.videoId !== video.id) throw new NotFoundError('share_link_not_found', `No share link ${linkId} on this video.`);
      if (link.revokedAt) return;
      await links.revoke(linkId);
      deps.onAccessChanged?.(video.id);
      logger.info({ videoId: video.id, userId: actor.id, shareLinkId: linkId }, 'share link revoked');
    },

    /** Whether `token` is a live share link of this video. */
    async opens(videoId: number, token: string): Promise<boolean> {
      const match = TOKEN_PATTERN.exec(token);
      if (!match) return false;
      const link = await links.find(Number(match[1]));
      if (!link || link.videoId !== videoId || link.revokedAt) return false;
      return timingSafeEqual(Buffer.from(sign(link.id, link.salt)), Buffer.from(match[2] ?? ''));
    },
  };
}

export type ShareLinkService = ReturnType<typeof createShareLinkService>;
