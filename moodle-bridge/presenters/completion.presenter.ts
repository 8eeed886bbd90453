import type { Chapter, Track } from '../../server/src/domain/enrichments/enrichment.js';
import type { PodUrls } from './pod-urls.js';

/**
 * Esup-Pod's chapters and tracks (`ChapterSerializer`, `TrackSerializer`). `time_start` is in
 * seconds (Lectern keeps milliseconds: 12.5 stays 12.5). A track's `src` is the absolute URL of
 * its WebVTT file behind the video's media grant. Pure.
 */
export function presentChapter(chapter: Chapter, urls: PodUrls) {
  return { id: chapter.id, url: urls.rest('chapters', chapter.id), video: urls.rest('videos', chapter.videoId), title: chapter.title, time_start: chapter.start };
}

export function presentTrack(track: Track, urls: PodUrls, grant: string) {
  return {
    id: track.id,
    url: urls.rest('tracks', track.id),
    video: urls.rest('videos', track.videoId),
    kind: track.kind,
    lang: track.lang,
    src: urls.absolute(urls.media(grant, track.fileKey)),
  };
}
