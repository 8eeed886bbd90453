import type { Chapter, Enrichment, EnrichmentFile, EnrichmentType, Overlay, OverlayPosition, Track, TrackKind, TrackOrigin } from './enrichment.js';

/** Column values once the service has checked and transformed what the user sent. */
export interface ChapterRow {
  readonly title: string;
  readonly start: number;
}

export interface TrackRow {
  readonly kind: TrackKind;
  readonly lang: string;
  readonly label: string;
  readonly fileKey: string;
  readonly origin: TrackOrigin;
  readonly cueCount: number;
  readonly size: number;
}

export interface EnrichmentRow {
  readonly title: string;
  readonly type: EnrichmentType;
  readonly start: number;
  readonly end: number;
  readonly stopVideo: boolean;
  readonly richtext: string | null;
  readonly weblink: string | null;
  readonly embed: string | null;
  readonly file: EnrichmentFile | null;
}

export interface OverlayRow {
  readonly title: string;
  readonly content: string;
  readonly position: OverlayPosition;
  readonly background: boolean;
  readonly start: number;
  readonly end: number;
}

/**
 * `conflict`: a constraint of the table refused the row (a chapter's start or a track's
 * (kind, lang) taken, an enrichment or overlay overlapping another: a concurrent request got
 * there first). `not_found`: no such item (or video) any more.
 */
export type SaveOutcome<T> = { readonly kind: 'saved'; readonly item: T } | { readonly kind: 'conflict' } | { readonly kind: 'not_found' };

/** Port: the items of one kind attached to videos, always reached through their video. */
export interface VideoItemRepository<T, Row> {
  /** In display order: by start (tracks: by kind then language), then id. */
  list(videoId: number): Promise<T[]>;
  find(videoId: number, id: number): Promise<T | null>;
  insert(videoId: number, row: Row): Promise<SaveOutcome<T>>;
  /** Replaces every column of the row. */
  update(videoId: number, id: number, row: Row): Promise<SaveOutcome<T>>;
  /** Returns what was deleted (its files are then the caller's to remove). */
  delete(videoId: number, id: number): Promise<T | null>;
}

export type ChapterRepository = VideoItemRepository<Chapter, ChapterRow>;
export type TrackRepository = VideoItemRepository<Track, TrackRow>;
export type EnrichmentRepository = VideoItemRepository<Enrichment, EnrichmentRow>;
export type OverlayRepository = VideoItemRepository<Overlay, OverlayRow>;
