import { mediaPath } from '../../server/src/domain/access/media-grant.js';
import type { MediaFixture } from './media-fixture.js';
import type { CaseName } from './serve-options.js';
import type { WrkRequest } from './wrk-runner.js';

/**
 * The requests of each case, for the two URL shapes: Lectern's `/media/<grant>/<video id>/<key>` (grant
 * checked, epoch looked up in the cache) and the plain `/videos/<id>/<key>` of the bare server
 * and nginx. Same files, same ranges.
 */
export type UrlShape = 'granted' | 'plain';

export const MP4_RANGE_BYTES = 1 << 20;
const MP4_RANGES = 8;

export const CASE_TITLES: Record<CaseName, string> = {
  segments: 'HLS segments: byte ranges of the fMP4, rotating',
  playlists: 'playlists: master + media playlists, rotating',
  mp4: `progressive MP4: ${MP4_RANGES} ranges of 1 MiB, rotating`,
};

function keyPaths(fixture: MediaFixture, name: CaseName): { key: string; range: string | null }[] {
  const inFolder = (key: string) => `${fixture.folder}/${key}`;
  if (name === 'segments') return fixture.segments.map(({ start, end }) => ({ key: inFolder(fixture.segmentFile), range: `bytes=${start}-${end}` }));
  if (name === 'playlists') return fixture.playlists.map((key) => ({ key: inFolder(key), range: null }));
  const span = Math.max(0, fixture.mp4Size - MP4_RANGE_BYTES);
  return Array.from({ length: MP4_RANGES }, (_, i) => {
    const start = Math.floor((span * i) / MP4_RANGES);
    return { key: inFolder(fixture.mp4File), range: `bytes=${start}-${Math.min(start + MP4_RANGE_BYTES, fixture.mp4Size) - 1}` };
  });
}

export function caseRequests(fixture: MediaFixture, name: CaseName, shape: UrlShape, grant: string): WrkRequest[] {
  return keyPaths(fixture, name).map(({ key, range }) => ({ path: shape === 'granted' ? mediaPath(grant, key) : `/videos/${fixture.videoId}/${key}`, range }));
}
