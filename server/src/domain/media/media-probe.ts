import type { MediaInfo } from './media-info.js';

/** Port: reads a media file's streams (ffprobe). Throws MediaProbeError when it cannot. */
export interface MediaProbe {
  probe(filePath: string): Promise<MediaInfo>;
}

export class MediaProbeError extends Error {
  constructor(
    message: string,
    readonly stderrTail: string,
  ) {
    super(message);
    this.name = 'MediaProbeError';
  }
}
