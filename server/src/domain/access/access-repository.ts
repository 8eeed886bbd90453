import type { UserRef } from '../videos/video.js';

/** An access group as admins manage it. */
export interface AccessGroup {
  readonly id: number;
  readonly siteId: number;
  readonly codeName: string;
  readonly displayName: string;
  readonly memberCount: number;
  readonly createdAt: Date;
}

export interface Course {
  readonly id: number;
  readonly siteId: number;
  readonly platform: string;
  readonly contextId: string;
  readonly title: string;
  readonly label: string;
}

export interface ShareLinkRow {
  readonly id: number;
  readonly videoId: number;
  readonly salt: string;
  readonly label: string;
  readonly createdBy: UserRef | null;
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
}

/** Port: groups, courses and memberships (what decides a viewer's audience). */
export interface AccessRepository {
  listGroups(siteId: number): Promise<AccessGroup[]>;
  findGroupsByCodes(siteId: number, codes: readonly string[]): Promise<AccessGroup[]>;
  /** Null when the code name is taken on the site. `autoSync`: SSO sign-ins recompute its members (sso-groups.ts). */
  createGroup(siteId: number, codeName: string, displayName: string, options?: { readonly autoSync?: boolean }): Promise<AccessGroup | null>;
  /** Ids of the auto-synchronised groups the user belongs to. */
  autoSyncGroupIdsOf(userId: number): Promise<number[]>;
  renameGroup(id: number, displayName: string): Promise<AccessGroup | null>;
  deleteGroup(id: number): Promise<boolean>;
  groupMembers(groupId: number): Promise<UserRef[]>;
  addGroupMembers(groupId: number, userIds: readonly number[]): Promise<void>;
  removeGroupMembers(groupId: number, userIds: readonly number[]): Promise<void>;
  /** Every group and course the user belongs to. */
  membershipsOf(userId: number): Promise<{ groupIds: number[]; courseIds: number[] }>;
  coursesOf(userId: number): Promise<Course[]>;
  findCourses(siteId: number, ids: readonly number[]): Promise<Course[]>;
  /** Records an LMS course (LTI context) and a member of it; returns the course. */
  upsertCourseMember(course: Omit<Course, 'id'>, userId: number, roles: readonly string[]): Promise<Course>;
}

/** Port: private share links and resume positions. */
export interface ShareLinkRepository {
  insert(videoId: number, salt: string, label: string, createdBy: number): Promise<ShareLinkRow>;
  list(videoId: number): Promise<ShareLinkRow[]>;
  find(id: number): Promise<ShareLinkRow | null>;
  /** Revokes and moves the video's access epoch on, in one transaction. */
  revoke(id: number): Promise<boolean>;
}

export interface ViewPositionRepository {
  get(userId: number, videoId: number): Promise<number | null>;
  save(userId: number, videoId: number, position: number): Promise<void>;
}
