import { canManageVideo, type Video } from '../videos/video.js';

/**
 * Who may watch a video: Esup-Pod's rules (pod/video/views.py get_video_access), plus LMS
 * courses and revocable share links. Pure; the facts come in.
 *
 * 1. Owners, additional owners and the site's admins always see (no password asked).
 * 2. A valid private share link opens the video, bypassing draft, audience and password; so
 *    does an LTI launch from an LMS course through a link Lectern's picker signed for someone
 *    who manages the video (the teacher put it in the course for its members).
 * 3. A draft is seen by nobody else.
 * 4. Audience: with groups or courses set, members of any of them; else, when restricted, any
 *    logged-in user; else everyone.
 * 5. Then the password, when one is set, unless this viewing session already gave it.
 */
export interface Viewer {
  readonly id: number;
  readonly siteId: number;
  readonly role: string;
  readonly groupIds: readonly number[];
  readonly courseIds: readonly number[];
}

export type AccessVideo = Pick<Video, 'id' | 'siteId' | 'owner' | 'additionalOwners' | 'isDraft' | 'isRestricted' | 'hasPassword' | 'accessGroups' | 'courses'>;

export interface AccessFacts {
  readonly video: AccessVideo;
  readonly viewer: Viewer | null;
  readonly viaShareLink: boolean;
  /** An LTI launch through a signed link (the launch proved course membership). */
  readonly viaLmsLink?: boolean;
  readonly passwordGiven: boolean;
}

export type AccessDenial = 'login_required' | 'forbidden' | 'password_required';
export type AccessGrant = 'manager' | 'share_link' | 'lms_link' | 'audience';
export type AccessDecision = { readonly allowed: true; readonly via: AccessGrant } | { readonly allowed: false; readonly reason: AccessDenial };

export function decideAccess({ video, viewer, viaShareLink, viaLmsLink = false, passwordGiven }: AccessFacts): AccessDecision {
  if (viewer && viewer.siteId === video.siteId && canManageVideo(video, viewer)) return { allowed: true, via: 'manager' };
  if (viaShareLink) return { allowed: true, via: 'share_link' };
  if (viaLmsLink && viewer) return { allowed: true, via: 'lms_link' };
  const notForYou: AccessDecision = { allowed: false, reason: viewer ? 'forbidden' : 'login_required' };
  if (video.isDraft) return notForYou;
  if (video.accessGroups.length > 0 || video.courses.length > 0) {
    if (!viewer) return notForYou;
    const inGroup = video.accessGroups.some((group) => viewer.groupIds.includes(group.id));
    const inCourse = video.courses.some((course) => viewer.courseIds.includes(course.id));
    if (!inGroup && !inCourse) return notForYou;
  } else if (video.isRestricted && !viewer) {
    return notForYou;
  }
  if (video.hasPassword && !passwordGiven) return { allowed: false, reason: 'password_required' };
  return { allowed: true, via: 'audience' };
}

/** Anyone may watch without logging in or a password: media get long-lived, cacheable grants. */
export function isPublic(video: Pick<Video, 'isDraft' | 'isRestricted' | 'hasPassword' | 'accessGroups' | 'courses'>): boolean {
  return !video.isDraft && !video.isRestricted && !video.hasPassword && video.accessGroups.length === 0 && video.courses.length === 0;
}
