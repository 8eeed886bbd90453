import type { RequestHandler } from 'express';
import type { PlaybackService } from '../../domain/access/playback-service.js';
import { isPublic } from '../../domain/access/video-access.js';
import { NotFoundError, UnauthenticatedError, ValidationError } from '../../domain/errors.js';
import type { VideoService } from '../../domain/videos/video-service.js';
import { mediaPath } from '../../domain/access/media-grant.js';
import { videoIdFromSlug } from './video-slug-param.js';
import { thumbnailRendition } from '../../domain/encoding/encoded-media.js';

const DEFAULT_WIDTH = 640;

/** Width × height that fit the consumer's limits, keeping the video's shape. */
export function fitEmbedSize(aspect: number, maxWidth: number | null, maxHeight: number | null): { width: number; height: number } {
  let width = Math.min(DEFAULT_WIDTH, maxWidth ?? DEFAULT_WIDTH);
  let height = Math.round(width / aspect);
  if (maxHeight !== null && height > maxHeight) {
    height = maxHeight;
    width = Math.round(height * aspect);
  }
  return { width: Math.max(1, width), height: Math.max(1, height) };
}

const positive = (value: unknown): number | null => {
  const number = typeof value === 'string' ? Number.parseInt(value, 10) : NaN;
  return Number.isInteger(number) && number > 0 ? Math.min(number, 4096) : null;
};

/**
 * oEmbed 1.0 (https://oembed.com/) for public videos: `GET /oembed?url=<video page>&format=json`.
 * Videos that are not public answer 401, as the specification says for private resources.
 */
export function oembedRoute(deps: { videoService: VideoService; playbackService: PlaybackService; publicUrl: string }): RequestHandler {
  const { playbackService, publicUrl } = deps;
  return async (req, res) => {
    const format = req.query.format ?? 'json';
    if (format !== 'json') {
      res.status(501).type('text/plain').send('Only format=json is implemented.');
      return;
    }
    const url = typeof req.query.url === 'string' ? req.query.url : '';
    const prefix = `${publicUrl}/video/`;
    if (!url.startsWith(prefix)) throw new ValidationError('invalid_oembed_url', `url must be a video page of this site (${prefix}<slug>/).`);
    const id = videoIdFromSlug(url.slice(prefix.length).split(/[/?#]/)[0]);
    if (id === null) throw new NotFoundError('video_not_found', 'No such video.');
    const { video } = await playbackService.open(id, null, { user: null });
    if (!isPublic(video)) throw new UnauthenticatedError('video_not_public', 'This video is not public: it cannot be embedded through oEmbed.');
    const rendition = video.media?.manifest.renditions.at(-1);
    const aspect = rendition ? rendition.width / rendition.height : 16 / 9;
    const { width, height } = fitEmbedSize(aspect, positive(req.query.maxwidth), positive(req.query.maxheight));
    const embedUrl = `${publicUrl}/video/${video.slug}/?is_iframe=true`;
    const title = video.title.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
    const body: Record<string, unknown> = {
      version: '1.0',
      type: 'video',
      provider_name: 'Lectern',
      provider_url: publicUrl,
      title: video.title,
      author_name: `${video.owner.firstName} ${video.owner.lastName}`.trim() || video.owner.username,
      html: `<iframe src="${embedUrl}" width="${width}" height="${height}" style="border:0" allow="fullscreen; autoplay" allowfullscreen title="${title}"></iframe>`,
      width,
      height,
    };
    const thumbnail = video.media ? video.media.manifest.thumbnails[video.media.thumbnailIndex ?? 0] : undefined;
    if (video.media && thumbnail && rendition) {
      const { grant } = playbackService.grantFor(video);
      const source = thumbnailRendition(video.media.manifest.renditions);
      body.thumbnail_url = `${publicUrl}${mediaPath(grant, `${video.media.folder.split('/').pop()}/${thumbnail}`)}`;
      body.thumbnail_width = source.width;
      body.thumbnail_height = source.height;
    }
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.json(body);
  };
}
