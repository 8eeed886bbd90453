/**
 * What the server gives the player, as JSON in the page (`<script type="application/json"
 * id="lectern-player-config">`). The server builds it (server/src/http/presenters/
 * player-config.presenter.ts); the bundle reads it. Types only: nothing here runs.
 * Every URL is root-relative and already carries its media grant.
 */
export type PlayerLocale = 'fr' | 'en';

export interface PlayerSourceMp4 {
  readonly src: string;
  /** Rendition name, e.g. "720p". */
  readonly label: string;
  readonly width: number;
  readonly height: number;
  readonly size: number;
}

export interface PlayerTrack {
  readonly id: number;
  readonly kind: 'subtitles' | 'captions';
  /** BCP 47 language, e.g. "fr". */
  readonly lang: string;
  /** Label in the viewer's language, e.g. "Français" or "English (captions)". */
  readonly label: string;
  /** WebVTT file. */
  readonly src: string;
}

export interface PlayerChapter {
  readonly title: string;
  /** Seconds. */
  readonly start: number;
}

export type PlayerEnrichmentType = 'image' | 'richtext' | 'weblink' | 'document' | 'embed';

export interface PlayerEnrichment {
  readonly id: number;
  readonly title: string;
  readonly type: PlayerEnrichmentType;
  readonly start: number;
  readonly end: number;
  /** Pause the video when the enrichment starts. */
  readonly stopVideo: boolean;
  /** image and document: the file; weblink: the link. */
  readonly url: string | null;
  /** richtext and embed: HTML, sanitized by the server. */
  readonly html: string | null;
  /** document: the file's name and MIME type. */
  readonly fileName: string | null;
  readonly fileType: string | null;
}

export type OverlayPosition = 'top-left' | 'top' | 'top-right' | 'right' | 'bottom-right' | 'bottom' | 'bottom-left' | 'left';

export interface PlayerOverlay {
  readonly id: number;
  /** HTML, sanitized by the server. */
  readonly html: string;
  readonly position: OverlayPosition;
  readonly background: boolean;
  readonly start: number;
  readonly end: number;
}

export interface PlayerConfig {
  readonly videoId: number;
  readonly title: string;
  readonly locale: PlayerLocale;
  readonly kind: 'video' | 'audio';
  readonly durationSeconds: number;
  /** Poster image (the chosen thumbnail), or null. */
  readonly poster: string | null;
  readonly sources: {
    /** HLS master playlist (video only). */
    readonly hls: string | null;
    /** Progressive MP4 renditions, lowest first: the fallback where neither hls.js nor native HLS works. */
    readonly mp4: readonly PlayerSourceMp4[];
    /** Audio files, best first (m4a then mp3): what audio-only media play. */
    readonly audio: readonly { readonly src: string; readonly type: string }[];
  };
  /** WebVTT whose cues point at sprite tiles (`sprite.jpg#xywh=x,y,w,h`, relative to the VTT). */
  readonly storyboard: { readonly vtt: string } | null;
  readonly tracks: readonly PlayerTrack[];
  readonly chapters: readonly PlayerChapter[];
  readonly enrichments: readonly PlayerEnrichment[];
  readonly overlays: readonly PlayerOverlay[];
  /**
   * Where the logged-in viewer stopped last time, and where to save progress: POST JSON
   * `{"position": <seconds>}` to `saveUrl` with the header `X-Lectern-Viewer: <token>`
   * (works without cookies, inside LMS iframes). Null for anonymous viewers.
   */
  readonly resume: { readonly position: number | null; readonly saveUrl: string; readonly token: string } | null;
  /**
   * LTI launches only (absent elsewhere): where to report the segments actually played, POST
   * JSON `{"segments": [[start, end], …]}` (seconds) to `url` with the header
   * `X-Lectern-Progress: <token>` and no cookies. Lectern turns them into the LMS grade.
   */
  readonly progress?: { readonly url: string; readonly token: string };
  /** The full page (opened when full screen is not allowed inside the host's iframe). */
  readonly pageUrl: string;
  /** Interface texts in the viewer's language (keys are the `player.*` message keys without the prefix). */
  readonly texts: Readonly<Record<string, string>>;
}
