/** Titles of a video's chapters and overlays, which Esup-Pod's listings carry. */
export interface VideoOutline {
  readonly chapters: readonly string[];
  readonly overlays: readonly string[];
}

/** Port: the outlines of several videos in one round trip (absent ids have none). */
export interface VideoOutlineRepository {
  outlinesOf(videoIds: readonly number[]): Promise<Map<number, VideoOutline>>;
}

export const EMPTY_OUTLINE: VideoOutline = Object.freeze({ chapters: [], overlays: [] });
