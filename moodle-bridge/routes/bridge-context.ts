import type { Services } from '../../server/src/services.js';
import type { Video } from '../../server/src/domain/videos/video.js';
import type { PodUrls } from '../presenters/pod-urls.js';

/** What every Pod route gets: the domain services, URL building and media grants. */
export interface BridgeContext {
  readonly services: Services;
  readonly publicUrl: string;
  readonly urls: PodUrls;
  /** Where multipart uploads (Pod's `video` file field) are received before import. */
  readonly uploadsDir: string;
  readonly maxUploadSize: number;
  /** A media grant for the video's files: short-lived unless the video is public. */
  grantFor(video: Video): string;
  readonly defaultThumbnailPath: string;
}
