/**
 * What enriches a video (Esup-Pod's chapters, tracks, enrichments and overlays, see
 * shared/specs/pod-compat.md §5). Times are seconds with millisecond precision.
 * File keys are relative to the video's storage folder (`videos/<id>/`), e.g. `tracks/k3j4.vtt`:
 * the player reaches them as `/media/<grant>/<fileKey>`.
 */

export const CHAPTER_TITLE_MAX = 100;
export const ENRICHMENT_TITLE_MIN = 2;
export const ENRICHMENT_TITLE_MAX = 100;
export const OVERLAY_TITLE_MAX = 100;
export const TRACK_LABEL_MAX = 100;
export const HTML_MAX_LENGTH = 100_000;
export const WEBLINK_MAX_LENGTH = 2000;
/** Subtitle files are small: 2 MiB is hours of dense dialogue. */
export const TRACK_MAX_BYTES = 2 * 1024 * 1024;
export const IMAGE_MAX_BYTES = 10 * 1024 * 1024;
export const DOCUMENT_MAX_BYTES = 50 * 1024 * 1024;
/** What a request may bring for an enrichment, whatever its type (each type then has its own limit). */
export const ENRICHMENT_FILE_MAX_BYTES = Math.max(IMAGE_MAX_BYTES, DOCUMENT_MAX_BYTES);
/** numeric(10,3): below 10^7 seconds (about 115 days). */
export const MAX_SECONDS = 9_999_999;

export const TRACK_KINDS = ['subtitles', 'captions'] as const;
export type TrackKind = (typeof TRACK_KINDS)[number];
export const TRACK_ORIGINS = ['upload', 'extracted', 'import'] as const;
export type TrackOrigin = (typeof TRACK_ORIGINS)[number];

export const ENRICHMENT_TYPES = ['image', 'richtext', 'weblink', 'document', 'embed'] as const;
export type EnrichmentType = (typeof ENRICHMENT_TYPES)[number];
/** The types whose payload is a file. */
export const FILE_ENRICHMENT_TYPES: readonly EnrichmentType[] = ['image', 'document'];

export const OVERLAY_POSITIONS = ['top-left', 'top', 'top-right', 'right', 'bottom-right', 'bottom', 'bottom-left', 'left'] as const;
export type OverlayPosition = (typeof OVERLAY_POSITIONS)[number];

/** BCP-47-ish: a 2–3 letter language, optionally a region or script (`fr`, `en`, `pt-BR`, `zh-Hant`). */
export const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;

export interface Chapter {
  readonly id: number;
  readonly videoId: number;
  readonly title: string;
  readonly start: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface Track {
  readonly id: number;
  readonly videoId: number;
  readonly kind: TrackKind;
  readonly lang: string;
  /** Shown in the player's menu; the language's own name unless the owner chose another. */
  readonly label: string;
  readonly fileKey: string;
  readonly origin: TrackOrigin;
  readonly cueCount: number;
  readonly size: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface EnrichmentFile {
  readonly key: string;
  /** The name it was uploaded with (shown and offered on download). */
  readonly name: string;
  /** MIME type, from the file's content. */
  readonly type: string;
  readonly size: number;
}

export interface Enrichment {
  readonly id: number;
  readonly videoId: number;
  readonly title: string;
  readonly type: EnrichmentType;
  readonly start: number;
  readonly end: number;
  /** Pause the video when the enrichment starts. */
  readonly stopVideo: boolean;
  /** richtext: sanitized HTML. */
  readonly richtext: string | null;
  /** weblink: an http(s) URL. */
  readonly weblink: string | null;
  /** embed: one sanitized `<iframe>`. */
  readonly embed: string | null;
  /** image and document. */
  readonly file: EnrichmentFile | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface Overlay {
  readonly id: number;
  readonly videoId: number;
  readonly title: string;
  /** Sanitized HTML. */
  readonly content: string;
  readonly position: OverlayPosition;
  readonly background: boolean;
  readonly start: number;
  readonly end: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** Everything the player shows besides the media, in display order (by start, then id). */
export interface VideoEnrichments {
  readonly chapters: readonly Chapter[];
  readonly tracks: readonly Track[];
  readonly enrichments: readonly Enrichment[];
  readonly overlays: readonly Overlay[];
}

/** A file a request brought, already on local disk (the HTTP layer received it). */
export interface IncomingFile {
  readonly localPath: string;
  /** The name the client gave it. */
  readonly filename: string;
  readonly size: number;
  /** Its first bytes (up to 4 KiB), to recognise its type. */
  readonly head: Uint8Array;
}

/** A subtitle file a request brought, whole (it is small: see TRACK_MAX_BYTES). */
export interface IncomingSubtitles {
  readonly filename: string;
  readonly bytes: Uint8Array;
}
