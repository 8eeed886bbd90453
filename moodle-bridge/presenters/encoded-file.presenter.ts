import type { EncodedFile } from './encoded-files.js';
import type { PodUrls } from './pod-urls.js';

/**
 * Pod's EncodingVideo / EncodingAudio / PlaylistVideo JSON. `source_file` is absolute (DRF builds
 * file URLs from the request) and carries the media grant: a browser Moodle redirects there can
 * fetch it, until the grant expires or the video's access changes. Renditions are named by
 * their height (`/rest/renditions/720/`). Pure.
 */
export function presentEncodedFile(file: EncodedFile, urls: PodUrls, grant: string) {
  const collection = file.family === 'video' ? 'encodings_video' : file.family === 'audio' ? 'encodings_audio' : 'playlist_videos';
  return {
    id: file.id,
    url: urls.rest(collection, file.id),
    name: file.name,
    video: urls.rest('videos', file.videoId),
    ...(file.family === 'video' ? { rendition: file.height === null ? null : urls.rest('renditions', file.height) } : {}),
    encoding_format: file.format,
    source_file: urls.absolute(urls.media(grant, file.key)),
  };
}
