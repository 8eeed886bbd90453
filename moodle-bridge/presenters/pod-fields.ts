import { slugify } from '../../server/src/domain/videos/slug.js';
import type { Video } from '../../server/src/domain/videos/video.js';

/** Small conversions shared by the Pod presenters. Pure. */

/** `"HH:MM:SS"` (Pod's duration_in_time). */
export function durationInTime(seconds: number | null): string {
  const total = Math.max(0, Math.round(seconds ?? 0));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(total / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
}

/** Pod's naive `"YYYY-MM-DDTHH:MM:SS"` (in UTC here). */
export function naiveDateTime(date: Date): string {
  return date.toISOString().slice(0, 19);
}

export const titleAndSlug = (title: string) => ({ title, slug: slugify(title) || 'item' });

export const isEncodingInProgress = (video: Pick<Video, 'status'>) => video.status === 'queued' || video.status === 'encoding';

/** Pod's `get_encoding_step`: `"<num>: <desc>"`, "" before any encoding. */
export function encodingStep(video: Pick<Video, 'status' | 'encoding'>): string {
  switch (video.status) {
    case 'ready':
      return '0: end of encoding';
    case 'queued':
      return '0: start';
    case 'encoding':
      return video.encoding?.step === 'publish' ? '3: store encoding info' : '2: start standard encoding';
    case 'failed':
      return `-1: ${video.encoding?.errorMessage ?? 'encoding failed'}`.slice(0, 255);
    default:
      return '';
  }
}
