import type { ContentItem } from './deep-linking-response.js';
import type { Course, LineItem, PlatformState, PlatformUser, ResourceLink } from './platform-state.js';

export interface UserInput {
  readonly id: string;
  readonly username?: string;
  /** Full name; split on the first space when givenName/familyName are not given. */
  readonly name?: string;
  readonly givenName?: string;
  readonly familyName?: string;
  readonly email?: string;
  /** Default context roles: 'Learner', 'Instructor' or URIs (Learner when unset). */
  readonly roles?: string[];
  /** Site administrator: adds the institution and system Administrator roles. */
  readonly admin?: boolean;
  /** Moodle's idnumber: sent as lis person_sourcedid when set. */
  readonly idnumber?: string;
}

export interface CourseInput {
  readonly id: string;
  readonly label?: string;
  readonly title?: string;
  /** Enrolled users: ids (with their default roles) or { userId, roles }. */
  readonly members?: (string | { userId: string; roles: string[] })[];
}

export interface LineItemInput {
  readonly label?: string;
  readonly scoreMaximum?: number;
  readonly resourceId?: string;
  readonly tag?: string;
}

export interface ResourceLinkInput {
  readonly courseId: string;
  readonly id?: string;
  /** Course module id, used in lti_message_hint (id + 1 by default, as observed). */
  readonly cmid?: string;
  readonly title?: string;
  readonly description?: string;
  /** The activity's tool URL (the tool type's launch URL when unset). */
  readonly url?: string;
  readonly custom?: Record<string, string>;
  /** The activity's grade item; `false` for an activity without grades. Default 100 points. */
  readonly lineItem?: LineItemInput | false;
  readonly typeId: string;
}

export function addUser(state: PlatformState, input: UserInput): PlatformUser {
  const [first, ...rest] = (input.name ?? `User ${input.id}`).split(' ');
  const user: PlatformUser = {
    id: input.id,
    username: input.username ?? `user${input.id}`,
    givenName: input.givenName ?? first ?? '',
    familyName: input.familyName ?? rest.join(' '),
    email: input.email ?? `user${input.id}@example.org`,
    roles: input.roles ?? ['Learner'],
    admin: input.admin ?? false,
    idnumber: input.idnumber ?? '',
  };
  state.users.set(user.id, user);
  return user;
}

export function enrol(state: PlatformState, courseId: string, userId: string, roles?: string[]): void {
  const course = state.requireCourse(courseId);
  const user = state.requireUser(userId);
  course.members.set(user.id, roles ?? user.roles);
}

/** Adds a course; its "course total" grade item takes a grade item id, as in Moodle. */
export function addCourse(state: PlatformState, input: CourseInput): Course {
  const course: Course = { id: input.id, label: input.label ?? `C${input.id}`, title: input.title ?? `Course ${input.id}`, members: new Map() };
  state.courses.set(course.id, course);
  state.newGradeItemId();
  for (const member of input.members ?? []) {
    if (typeof member === 'string') enrol(state, course.id, member);
    else enrol(state, course.id, member.userId, member.roles);
  }
  return course;
}

function addCoupledLineItem(state: PlatformState, link: ResourceLink, input: LineItemInput): LineItem {
  const item: LineItem = {
    id: state.newGradeItemId(),
    courseId: link.courseId,
    typeId: link.typeId,
    label: input.label ?? link.title,
    scoreMaximum: input.scoreMaximum ?? 100,
    resourceId: input.resourceId ?? '',
    tag: input.tag ?? '',
    resourceLinkId: link.id,
    coupled: true,
  };
  state.lineItems.set(item.id, item);
  return item;
}

/** An LTI activity ("mod_lti" instance) in a course, with its grade item unless lineItem is false. */
export function addResourceLink(state: PlatformState, input: ResourceLinkInput): ResourceLink {
  state.requireCourse(input.courseId);
  state.requireType(input.typeId);
  const id = input.id ?? state.newLinkId();
  const link: ResourceLink = {
    id,
    cmid: input.cmid ?? String(Number(id) + 1),
    courseId: input.courseId,
    typeId: input.typeId,
    title: input.title ?? `Activity ${id}`,
    description: input.description ?? '',
    url: input.url,
    custom: { ...(input.custom ?? {}) },
  };
  state.links.set(link.id, link);
  if (input.lineItem !== false) addCoupledLineItem(state, link, input.lineItem ?? {});
  return link;
}

/** What Moodle creates when the teacher saves a deep-linked item: an activity from the item. */
export function resourceLinkFromContentItem(state: PlatformState, courseId: string, typeId: string, item: ContentItem): ResourceLink {
  const lineItem = item.lineItem;
  return addResourceLink(state, {
    courseId,
    typeId,
    title: item.title ?? state.requireType(typeId).name,
    description: item.text ?? '',
    url: item.url,
    custom: item.custom ?? {},
    lineItem: lineItem ? { label: lineItem.label, scoreMaximum: lineItem.scoreMaximum, resourceId: lineItem.resourceId, tag: lineItem.tag } : false,
  });
}
