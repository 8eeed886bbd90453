import type { Chapter, Enrichment, Overlay, Track } from './enrichment.js';

/** What a repository stores of an item: the item without its identity and timestamps. */
type RowOf<T> = Omit<T, 'id' | 'videoId' | 'createdAt' | 'updatedAt'>;

/** Column values once the service has checked and transformed what the user sent. */
export type ChapterRow = RowOf<Chapter>;
export type TrackRow = RowOf<Track>;
export type EnrichmentRow = RowOf<Enrichment>;
export type OverlayRow = RowOf<Overlay>;

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

/** Chapters and tracks are also reached by their own id (Esup-Pod's `/rest/chapters/<id>/`). */
export interface LocatableItemRepository<T, Row> extends VideoItemRepository<T, Row> {
  /** The video the item belongs to, or null when there is no such item. */
  videoIdOf(id: number): Promise<number | null>;
}

export type ChapterRepository = LocatableItemRepository<Chapter, ChapterRow>;
export type TrackRepository = LocatableItemRepository<Track, TrackRow>;
export type EnrichmentRepository = VideoItemRepository<Enrichment, EnrichmentRow>;
export type OverlayRepository = VideoItemRepository<Overlay, OverlayRow>;
