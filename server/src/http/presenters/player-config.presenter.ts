import type { PlayerChapter, PlayerConfig, PlayerEnrichment, PlayerLocale, PlayerOverlay, PlayerTrack } from '../../../../player/src/contract/player-config.js';
import { mediaPath } from '../../domain/access/media-grant.js';
import type { Video } from '../../domain/videos/video.js';

/** What enriches the video, already shaped for the player (file URLs still relative to the video folder). */
export interface PlayerExtras {
  readonly chapters: readonly PlayerChapter[];
  readonly tracks: readonly (Omit<PlayerTrack, 'src'> & { readonly fileKey: string })[];
  readonly enrichments: readonly (Omit<PlayerEnrichment, 'url'> & { readonly url: string | null; readonly fileKey: string | null })[];
  readonly overlays: readonly PlayerOverlay[];
}

export const NO_EXTRAS: PlayerExtras = { chapters: [], tracks: [], enrichments: [], overlays: [] };

export interface PlayerConfigInput {
  readonly video: Video;
  readonly grant: string;
  readonly locale: PlayerLocale;
  readonly texts: Readonly<Record<string, string>>;
  readonly extras: PlayerExtras;
  readonly resume: PlayerConfig['resume'];
  readonly pageUrl: string;
}

/** Media files of the published encoding, as root-relative URLs carrying the grant. */
function mediaUrls(video: Video, grant: string) {
  const media = video.media!;
  const folder = media.folder.split('/').pop()!;
  const url = (file: string) => mediaPath(grant, `${folder}/${file}`);
  const manifest = media.manifest;
  const thumbnail = manifest.thumbnails[media.thumbnailIndex ?? 0] ?? manifest.thumbnails[0];
  return {
    poster: thumbnail ? url(thumbnail) : null,
    hls: manifest.kind === 'video' && manifest.master ? url(manifest.master) : null,
    mp4: manifest.renditions
      .filter((rendition) => rendition.mp4)
      .map((rendition) => ({ src: url(rendition.mp4!.file), label: rendition.name, width: rendition.width, height: rendition.height, size: rendition.mp4!.size }))
      .sort((a, b) => a.height - b.height),
    audio: [
      ...(manifest.audio.m4a ? [{ src: url(manifest.audio.m4a), type: 'audio/mp4' }] : []),
      ...(manifest.audio.mp3 ? [{ src: url(manifest.audio.mp3), type: 'audio/mpeg' }] : []),
    ],
    storyboard: manifest.storyboard ? { vtt: url(manifest.storyboard.vtt) } : null,
  };
}

/** The player's JSON for a published video the viewer may watch. */
export function presentPlayerConfig(input: PlayerConfigInput): PlayerConfig {
  const { video, grant, extras } = input;
  if (!video.media) throw new Error(`video ${video.id} has no published media`);
  const urls = mediaUrls(video, grant);
  return {
    videoId: video.id,
    title: video.title,
    locale: input.locale,
    kind: video.media.manifest.kind,
    durationSeconds: video.media.manifest.durationSeconds,
    poster: urls.poster,
    sources: { hls: urls.hls, mp4: urls.mp4, audio: urls.audio },
    storyboard: urls.storyboard,
    tracks: extras.tracks.map(({ fileKey, ...track }) => ({ ...track, src: mediaPath(grant, fileKey) })),
    chapters: extras.chapters,
    enrichments: extras.enrichments.map(({ fileKey, ...enrichment }) => ({ ...enrichment, url: fileKey ? mediaPath(grant, fileKey) : enrichment.url })),
    overlays: extras.overlays,
    resume: input.resume,
    pageUrl: input.pageUrl,
    texts: input.texts,
  };
}

/** JSON safe inside `<script type="application/json">`: no `</script>`, no `<!--`, no U+2028. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
