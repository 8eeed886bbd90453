// PLAYER-PAGE-READY: the video page and its iframe form render the player bundle's container and config.
import { Router, type Request, type Response } from 'express';
import type { PlaybackAccess } from '../../domain/access/playback-service.js';
import { isPublic } from '../../domain/access/video-access.js';
import { NotFoundError } from '../../domain/errors.js';
import type { Video } from '../../domain/videos/video.js';
import type { Services } from '../../services.js';
import { scriptJson } from '../presenters/player-config.presenter.js';
import type { PlayerConfigBuilder } from '../presenters/player-config-builder.js';
import { renderWatchBarrier, renderWatchPage } from '../views/watch.view.js';
import { csrfOf } from './page-params.js';
import { oembedRoute } from './oembed.route.js';
import { videoIdFromSlug } from './video-slug-param.js';

export interface WatchPagesDeps {
  readonly services: Services;
  readonly publicUrl: string;
  /** Limits password attempts (per client address). */
  readonly passwordRateLimit: import('express').RequestHandler;
  /** The player's configuration for a viewer the rules let in. */
  readonly playerConfig: PlayerConfigBuilder;
}

const isIframe = (req: Request) => req.query.is_iframe === 'true' || req.query.is_iframe === '1';

/**
 * The video page at Esup-Pod's URL `/video/<slug>/` (and `/video/<slug>/<share token>/`), its
 * bare form for iframes (`?is_iframe=true`), the password form, and oEmbed. Nothing here needs
 * a cookie once the page is served: media URLs carry grants, progress saves carry a viewer
 * token, and a correct password answers with the player itself rather than a redirect.
 */
export function watchPages(deps: WatchPagesDeps): Router {
  const { playbackService, videoService } = deps.services;
  const router = Router();

  async function openFor(req: Request): Promise<PlaybackAccess> {
    const id = videoIdFromSlug(req.params.slug);
    if (id === null) throw new NotFoundError('video_not_found', 'No such video.');
    const token = typeof req.params.token === 'string' ? req.params.token : null;
    return playbackService.open(id, req.user?.siteId ?? null, { user: req.user ?? null, shareToken: token, unlocked: req.session?.unlockedVideos });
  }

  function canonicalPath(video: Video, req: Request): string {
    return `/video/${video.slug}/${typeof req.params.token === 'string' ? `${req.params.token}/` : ''}`;
  }

  async function renderPlayer(req: Request, res: Response, access: PlaybackAccess, status = 200): Promise<void> {
    const { video } = access;
    const iframe = isIframe(req);
    const pageUrl = `${deps.publicUrl}${canonicalPath(video, req)}`;
    const embedUrl = `${deps.publicUrl}/video/${video.slug}/?is_iframe=true`;
    let configJson: string | null = null;
    const downloads: { label: string; href: string }[] = [];
    if (video.media) {
      const config = await deps.playerConfig(access, req.user ?? null, req.locale, pageUrl);
      configJson = scriptJson(config);
      if (video.allowDownloading || access.decision.allowed && access.decision.via === 'manager') {
        for (const mp4 of config.sources.mp4) downloads.push({ label: `MP4 ${mp4.label}`, href: mp4.src });
        for (const audio of config.sources.audio) downloads.push({ label: audio.type === 'audio/mpeg' ? 'MP3' : 'M4A', href: audio.src });
      }
    }
    const oembedUrl = isPublic(video) ? `${deps.publicUrl}/oembed?format=json&url=${encodeURIComponent(`${deps.publicUrl}/video/${video.slug}/`)}` : null;
    const canManage = access.decision.allowed && access.decision.via === 'manager';
    // Pages that carry grants must not be stored by shared caches.
    res.setHeader('Cache-Control', 'private, no-store');
    res.status(status).type('html').send(renderWatchPage(req, csrfOf(res), { video, configJson, pageUrl, embedUrl, oembedUrl, canManage, downloads }, iframe));
  }

  function renderBarrier(req: Request, res: Response, access: PlaybackAccess, wrongPassword = false): void {
    const { decision, video } = access;
    if (decision.allowed) throw new Error('renderBarrier called for an allowed viewer');
    const iframe = isIframe(req);
    const here = `${canonicalPath(video, req)}${iframe ? '?is_iframe=true' : ''}`;
    const loginUrl = `/login?next=${encodeURIComponent(canonicalPath(video, req))}`;
    res.setHeader('Cache-Control', 'private, no-store');
    if (decision.reason === 'login_required' && !iframe) {
      res.redirect(302, loginUrl);
      return;
    }
    const kind = decision.reason === 'password_required' ? 'password' : decision.reason === 'login_required' ? 'login' : 'forbidden';
    const status = kind === 'password' ? (wrongPassword ? 400 : 200) : kind === 'login' ? 401 : 403;
    res.status(status).type('html').send(renderWatchBarrier(req, csrfOf(res), video, kind, { iframe, action: here, wrongPassword, loginUrl }));
  }

  router.get('/video/:slug{/:token}', async (req, res) => {
    const access = await openFor(req);
    const canonical = canonicalPath(access.video, req);
    if (req.path !== canonical) {
      // Titles change slugs: old links (Moodle, e-mails) land on the current one.
      const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
      res.redirect(301, `${canonical}${query}`);
      return;
    }
    if (access.decision.allowed) await renderPlayer(req, res, access);
    else renderBarrier(req, res, access);
  });

  router.post('/video/:slug{/:token}', deps.passwordRateLimit, async (req, res) => {
    const access = await openFor(req);
    if (access.decision.allowed || access.decision.reason !== 'password_required') {
      if (access.decision.allowed) await renderPlayer(req, res, access);
      else renderBarrier(req, res, access);
      return;
    }
    const password = typeof req.body?.password === 'string' ? req.body.password : '';
    if (!(await playbackService.tryPassword(access.video, password))) {
      renderBarrier(req, res, access, true);
      return;
    }
    // Remembered for this viewing session where cookies work; the page itself needs none.
    if (req.session) req.session.unlockedVideos = { ...req.session.unlockedVideos, [String(access.video.id)]: access.video.accessEpoch };
    await renderPlayer(req, res, await playbackService.check(access.video, { user: req.user ?? null, unlocked: { [String(access.video.id)]: access.video.accessEpoch } }));
  });

  router.get('/oembed', oembedRoute({ videoService, playbackService, publicUrl: deps.publicUrl }));
  return router;
}
