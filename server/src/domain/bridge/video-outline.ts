/** What Esup-Pod's listings carry beyond the video itself: its type's title, its chapters' and overlays' titles. */
export interface VideoOutline {
  readonly typeTitle: string;
  readonly chapters: readonly string[];
  readonly overlays: readonly string[];
}

/** Port: the outlines of several videos in one round trip (absent ids have none). */
export interface VideoOutlineRepository {
  outlinesOf(videoIds: readonly number[]): Promise<Map<number, VideoOutline>>;
}

export const EMPTY_OUTLINE: VideoOutline = Object.freeze({ typeTitle: '', chapters: [], overlays: [] });
