import type { User } from '../users/user.js';
import type { Meeting } from './meeting.js';

/**
 * Who may join a meeting, and as what (pod-compat.md §4.2). The owner and the site's
 * administrators are moderators (they start it); through the invitation link, attendees join
 * as viewers when the audience lets them in: anyone (guests type a name), logged-in users of
 * the site, members of one of the chosen access groups, or members of the chosen LMS course.
 */
export type JoinViewer = Pick<User, 'id' | 'role' | 'siteId'>;

export type JoinDecision =
  | { readonly kind: 'moderator' }
  | { readonly kind: 'attendee'; readonly guest: boolean }
  | { readonly kind: 'login_required' }
  | { readonly kind: 'forbidden'; readonly reason: 'site' | 'groups' | 'course' };

/** Whether the user manages the meeting: its owner, or an administrator of its site. */
export function canModerate(meeting: Pick<Meeting, 'ownerId' | 'siteId'>, user: JoinViewer | null): boolean {
  return user !== null && (user.id === meeting.ownerId || (user.role === 'admin' && user.siteId === meeting.siteId));
}

/** Pure: `memberships` are the viewer's groups and courses (not needed for anonymous viewers). */
export function joinDecision(
  meeting: Pick<Meeting, 'ownerId' | 'siteId' | 'audience' | 'groupIds' | 'courseId'>,
  viewer: JoinViewer | null,
  memberships: { readonly groupIds: readonly number[]; readonly courseIds: readonly number[] },
): JoinDecision {
  if (canModerate(meeting, viewer)) return { kind: 'moderator' };
  if (!viewer) return meeting.audience === 'anyone' ? { kind: 'attendee', guest: true } : { kind: 'login_required' };
  if (meeting.audience === 'anyone') return { kind: 'attendee', guest: false };
  if (viewer.siteId !== meeting.siteId) return { kind: 'forbidden', reason: 'site' };
  if (meeting.audience === 'groups' && !meeting.groupIds.some((id) => memberships.groupIds.includes(id))) return { kind: 'forbidden', reason: 'groups' };
  if (meeting.audience === 'course' && (meeting.courseId === null || !memberships.courseIds.includes(meeting.courseId))) return { kind: 'forbidden', reason: 'course' };
  return { kind: 'attendee', guest: false };
}

export const DISPLAY_NAME_MAX = 100;

/** A guest's display name: trimmed, inner whitespace collapsed, 1–100 characters; null otherwise. */
export function guestDisplayName(raw: string): string | null {
  const name = raw.replace(/\s+/g, ' ').trim();
  return name.length >= 1 && name.length <= DISPLAY_NAME_MAX ? name : null;
}
