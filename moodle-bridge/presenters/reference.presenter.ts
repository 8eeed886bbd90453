import type { AccessGroup } from '../../server/src/domain/access/access-repository.js';
import type { Site } from '../../server/src/domain/sites/site.js';
import type { Discipline, VideoType } from '../../server/src/domain/videos/reference-data-repository.js';
import type { UserRef } from '../../server/src/domain/videos/video.js';
import type { PodUrls } from './pod-urls.js';

/**
 * Esup-Pod's reference data as its serializers show it (`sites`, `types`, `discipline`,
 * `accessgroups`, `renditions`), relations as hyperlinks. Lectern has no icons (null). Pure.
 */

export const presentSite = (site: Site, urls: PodUrls) => ({ id: site.id, url: urls.rest('sites', site.id), name: site.name, domain: site.domain });

export function presentType(type: VideoType, urls: PodUrls) {
  return { id: type.id, url: urls.rest('types', type.id), title: type.title, description: type.description, icon: null, sites: [urls.rest('sites', type.siteId)] };
}

export function presentDiscipline(discipline: Discipline, urls: PodUrls) {
  return { id: discipline.id, url: urls.rest('discipline', discipline.id), title: discipline.title, description: discipline.description, icon: null, site: urls.rest('sites', discipline.siteId) };
}

export function presentAccessGroup(group: AccessGroup, members: readonly UserRef[], urls: PodUrls) {
  return {
    id: group.id,
    url: urls.rest('accessgroups', group.id),
    display_name: group.displayName,
    code_name: group.codeName,
    sites: [urls.rest('sites', group.siteId)],
    users: members.map((member) => urls.rest('users', member.id)),
  };
}

/** A rung of the configured encoding ladder (what Pod keeps as VideoRendition rows). */
export interface PodRendition {
  readonly height: number;
  readonly maxrateKbps: number;
  readonly audioKbps: number;
  /** Whether an MP4 is published for it too. */
  readonly mp4: boolean;
}

/** Pod's resolution text for a 16:9 rung: `640x360`, `1280x720`, `854x480` (even widths, as encoders need). */
export function renditionResolution(height: number): string {
  return `${2 * Math.round((height * 16) / 9 / 2)}x${height}`;
}

/** A rendition is known by its height (`/rest/renditions/720/`), as the encoded files link to it. */
export function presentRendition(rendition: PodRendition, siteId: number, urls: PodUrls) {
  return {
    id: rendition.height,
    url: urls.rest('renditions', rendition.height),
    resolution: renditionResolution(rendition.height),
    video_bitrate: `${rendition.maxrateKbps}k`,
    audio_bitrate: `${rendition.audioKbps}k`,
    encode_mp4: rendition.mp4,
    sites: [urls.rest('sites', siteId)],
  };
}
