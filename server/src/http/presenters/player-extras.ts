import type { Video } from '../../domain/videos/video.js';
import { languageName } from '../../domain/enrichments/language.js';
import type { VideoEnrichments } from '../../domain/enrichments/enrichment.js';
import type { Services } from '../../services.js';
import type { PlayerExtras } from './player-config.presenter.js';

/**
 * A track's label in the viewer's language when the owner kept the default (the language's own
 * name), with "(captions)"/"(sous-titres pour sourds…)" told apart by kind.
 */
function trackLabel(track: VideoEnrichments['tracks'][number], locale: 'fr' | 'en', captionsSuffix: string): string {
  const label = track.label && track.label !== languageName(track.lang) ? track.label : languageName(track.lang, locale);
  return track.kind === 'captions' ? `${label} ${captionsSuffix}` : label;
}

/** Chapters, tracks, enrichments and overlays, shaped for the player (pure). */
export function presentPlayerExtras(extras: VideoEnrichments, locale: 'fr' | 'en', captionsSuffix: string): PlayerExtras {
  return {
    chapters: extras.chapters.map((chapter) => ({ title: chapter.title, start: chapter.start })),
    tracks: extras.tracks.map((track) => ({ id: track.id, kind: track.kind, lang: track.lang, label: trackLabel(track, locale, captionsSuffix), fileKey: track.fileKey })),
    enrichments: extras.enrichments.map((item) => ({
      id: item.id,
      title: item.title,
      type: item.type,
      start: item.start,
      end: item.end,
      stopVideo: item.stopVideo,
      url: item.file ? null : item.weblink,
      fileKey: item.file?.key ?? null,
      html: item.richtext ?? item.embed,
      fileName: item.file?.name ?? null,
      fileType: item.file?.type ?? null,
    })),
    overlays: extras.overlays.map((overlay) => ({ id: overlay.id, html: overlay.content, position: overlay.position, background: overlay.background, start: overlay.start, end: overlay.end })),
  };
}

/** What enriches a video, read in one go and shaped for the player. */
export function playerExtrasFor(services: Services): (video: Video, locale: 'fr' | 'en') => Promise<PlayerExtras> {
  return async (video, locale) => presentPlayerExtras(await services.enrichmentService.forPlayer(video.id), locale, locale === 'fr' ? '(SME)' : '(CC)');
}
