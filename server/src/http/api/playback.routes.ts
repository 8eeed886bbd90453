import { z } from 'zod';
import type { PlaybackService } from '../../domain/access/playback-service.js';
import type { ShareLinkService } from '../../domain/access/share-link-service.js';
import { ConflictError, ForbiddenError, UnauthenticatedError } from '../../domain/errors.js';
import type { VideoService } from '../../domain/videos/video-service.js';
import type { PlayerConfigBuilder } from '../presenters/player-config-builder.js';
import type { Video } from '../../domain/videos/video.js';
import type { ApiOperation } from './api-operation.js';
import { problem } from './problem.schema.js';
import { videoIdParams } from './videos.schemas.js';
import { recordId } from '../record-id.js';

export interface PlaybackRoutesDeps {
  readonly playbackService: PlaybackService;
  readonly shareLinkService: ShareLinkService;
  readonly videoService: VideoService;
  readonly publicUrl: string;
  readonly playerConfig: PlayerConfigBuilder;
}

const positionBody = z.object({ position: z.number().min(0).max(7 * 24 * 3600) }).strict();
const playbackQuery = z.object({ share: z.string().max(100).optional() });
const shareLinkBody = z.object({ label: z.string().max(100).default('') }).strict();
const shareLinkParams = z.object({ id: recordId, linkId: recordId });
const shareLinkJson = z.object({ id: z.number().int(), label: z.string(), url: z.string(), created_at: z.string(), revoked_at: z.string().nullable() });

const DENIALS = {
  login_required: () => new UnauthenticatedError('login_required', 'Log in to watch this video.'),
  forbidden: () => new ForbiddenError('video_forbidden', 'You are not allowed to watch this video.'),
  password_required: () => new ForbiddenError('video_password_required', 'This video needs its password: send it in the X-Video-Password header.'),
} as const;

/** Watching through the API (the player's JSON with fresh grants), progress, and share links. */
export function playbackOperations(deps: PlaybackRoutesDeps): ApiOperation[] {
  const { playbackService, shareLinkService, videoService, publicUrl } = deps;
  const presentLink = (video: Video, link: Awaited<ReturnType<ShareLinkService['list']>>[number]) => ({
    id: link.id,
    label: link.label,
    url: `${publicUrl}/video/${video.slug}/${link.token}/`,
    created_at: link.createdAt.toISOString(),
    revoked_at: link.revokedAt?.toISOString() ?? null,
  });
  return [
    {
      method: 'get',
      path: '/videos/:id/playback',
      operationId: 'getVideoPlayback',
      summary: "What a player needs to show the video (media URLs carry fresh grants), under the video's access rules",
      tag: 'playback',
      auth: 'none',
      params: videoIdParams,
      query: playbackQuery,
      requestHeaders: { 'X-Video-Password': "The video's viewing password, when it has one" },
      responses: {
        200: { description: 'The player configuration (see player/src/contract/player-config.ts)' },
        401: problem('Log in first (login_required)'),
        403: problem('Not in the audience (video_forbidden), or the password is missing or wrong (video_password_required)'),
        404: problem('No such video'),
        409: problem('Not encoded yet (not_encoded)'),
      },
      handler: async (req, res) => {
        const { id } = req.valid.params as z.infer<typeof videoIdParams>;
        const { share } = req.valid.query as z.infer<typeof playbackQuery>;
        let access = await playbackService.open(id, req.user?.siteId ?? null, { user: req.user ?? null, shareToken: share ?? null });
        const password = req.get('x-video-password');
        if (!access.decision.allowed && access.decision.reason === 'password_required' && password && (await playbackService.tryPassword(access.video, password))) {
          access = await playbackService.check(access.video, { user: req.user ?? null, shareToken: share ?? null, unlocked: { [String(id)]: access.video.accessEpoch } });
        }
        if (!access.decision.allowed) throw DENIALS[access.decision.reason]();
        const { video } = access;
        if (!video.media) throw new ConflictError('not_encoded', 'This video has not been encoded yet.');
        res.setHeader('Cache-Control', 'private, no-store');
        res.json(await deps.playerConfig(access, req.user ?? null, req.locale, `${publicUrl}/video/${video.slug}/`));
      },
    },
    {
      method: 'post',
      path: '/videos/:id/position',
      operationId: 'saveViewPosition',
      summary: "Save where the viewer is in the video (the player calls this; the viewer token from the player's configuration authenticates it)",
      tag: 'playback',
      auth: 'none',
      params: videoIdParams,
      body: positionBody,
      requestHeaders: { 'X-Lectern-Viewer': 'The viewer token of the player configuration (`resume.token`)' },
      responses: { 204: { description: 'Saved' }, 400: problem('Invalid position, or a missing or expired viewer token (viewer_token_invalid)') },
      handler: async (req, res) => {
        const { id } = req.valid.params as z.infer<typeof videoIdParams>;
        const { position } = req.valid.body as z.infer<typeof positionBody>;
        await playbackService.savePosition(id, req.get('x-lectern-viewer') ?? '', position);
        res.status(204).end();
      },
    },
    {
      method: 'get',
      path: '/videos/:id/share-links',
      operationId: 'listShareLinks',
      summary: "The video's private share links, revoked ones included",
      tag: 'playback',
      auth: 'user',
      params: videoIdParams,
      responses: { 200: { description: 'Share links, newest first', schema: z.array(shareLinkJson) }, 401: problem('Not logged in'), 403: problem('Not an owner'), 404: problem('No such video') },
      handler: async (req, res) => {
        const { id } = req.valid.params as z.infer<typeof videoIdParams>;
        const video = await videoService.getManageable(req.user!, id);
        res.json((await shareLinkService.list(video)).map((link) => presentLink(video, link)));
      },
    },
    {
      method: 'post',
      path: '/videos/:id/share-links',
      operationId: 'createShareLink',
      summary: 'Create a private share link: whoever has it can watch, until it is revoked',
      tag: 'playback',
      auth: 'user',
      params: videoIdParams,
      body: shareLinkBody,
      responses: { 201: { description: 'The new link', schema: shareLinkJson }, 401: problem('Not logged in'), 403: problem('Not an owner'), 404: problem('No such video'), 409: problem('Too many active links (too_many_share_links)') },
      handler: async (req, res) => {
        const { id } = req.valid.params as z.infer<typeof videoIdParams>;
        const { label } = req.valid.body as z.infer<typeof shareLinkBody>;
        const video = await videoService.getManageable(req.user!, id);
        res.status(201).json(presentLink(video, await shareLinkService.create(req.user!, video, label)));
      },
    },
    {
      method: 'delete',
      path: '/videos/:id/share-links/:linkId',
      operationId: 'revokeShareLink',
      summary: 'Revoke a share link: it stops opening the video, and media grants given through it stop working',
      tag: 'playback',
      auth: 'user',
      params: shareLinkParams,
      responses: { 204: { description: 'Revoked' }, 401: problem('Not logged in'), 403: problem('Not an owner'), 404: problem('No such video or link') },
      handler: async (req, res) => {
        const { id, linkId } = req.valid.params as z.infer<typeof shareLinkParams>;
        const video = await videoService.getManageable(req.user!, id);
        await shareLinkService.revoke(req.user!, video, linkId);
        res.status(204).end();
      },
    },
  ];
}
