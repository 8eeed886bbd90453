import { randomBytes } from 'node:crypto';
import type { Jwks } from './keys.js';
import { expandRoles } from './lti-vocabulary.js';

/** The tool's endpoints as the platform knows them (moodle-observed §6.1). */
export interface ToolUrls {
  readonly login: string;
  readonly launch: string;
  readonly deeplink: string;
  readonly keys: string;
  readonly register: string;
}

/** One Moodle "tool type" (lti_types row + config): the primary one, or one added by registration. */
export interface ToolType {
  readonly typeId: string;
  readonly clientId: string;
  state: 'configured' | 'pending';
  name: string;
  initiateLogin: string;
  /** toolurl / baseurl: target of resource link launches. */
  toolUrl: string;
  /** toolurl_ContentItemSelectionRequest; undefined when deep linking is off (contentitem 0). */
  deepLinkUrl: string | undefined;
  jwksUrl: string;
  redirectUris: string[];
  /** ltiservice_gradesynchronization: 0 none, 1 read-only line items, 2 full. */
  gradeSync: 0 | 1 | 2;
  memberships: boolean;
  toolSettings: boolean;
  sendName: boolean;
  sendEmail: boolean;
  customParameters: Record<string, string>;
  domain: string;
}

export interface PlatformUser {
  readonly id: string;
  readonly username: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly email: string;
  /** Context roles used where a course says nothing else (short names or URIs). */
  readonly roles: string[];
  readonly admin: boolean;
  readonly idnumber: string;
}

export interface Course {
  readonly id: string;
  readonly label: string;
  readonly title: string;
  /** user id → context roles (short names or URIs). */
  readonly members: Map<string, string[]>;
}

export interface ResourceLink {
  readonly id: string;
  readonly cmid: string;
  readonly courseId: string;
  readonly typeId: string;
  title: string;
  description: string;
  /** The activity's tool URL; the type's toolUrl when unset. */
  url: string | undefined;
  custom: Record<string, string>;
}

export interface LineItem {
  readonly id: string;
  readonly courseId: string;
  readonly typeId: string;
  label: string;
  scoreMaximum: number;
  resourceId: string;
  tag: string;
  resourceLinkId: string | undefined;
  /** True for an activity's own grade item (created with the link), false for tool-created ones. */
  readonly coupled: boolean;
}

export interface StoredScore {
  readonly lineItemId: string;
  readonly userId: string;
  readonly body: Record<string, unknown>;
  readonly timestampMs: number;
  readonly receivedAt: Date;
}

export interface AccessToken {
  readonly token: string;
  readonly typeId: string;
  readonly scopes: string[];
  readonly expiresAt: number;
}

/** What Moodle keeps in the session between login initiation and auth.php. */
export interface PendingLaunch {
  readonly launchId: string;
  readonly typeId: string;
  readonly userId: string;
  readonly courseId: string;
  readonly message: 'resource' | 'deeplink';
  readonly resourceLinkId: string | undefined;
  readonly custom: Record<string, string>;
  readonly title: string;
  readonly text: string;
}

export interface RequestRecord {
  readonly at: Date;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly fields: Record<string, string>;
  readonly responseBody: string;
}

/** One POST to openid-registration.php, as received and answered. */
export interface RegistrationRecord {
  readonly at: Date;
  readonly status: number;
  readonly registrationToken: string | undefined;
  readonly request: unknown;
  /** The parsed JSON answer, or the text Moodle sends on refusal. */
  readonly response: unknown;
  /** The tool type created or updated. */
  readonly typeId: string | undefined;
}

/** Moodle's random_string(): client ids (15 characters), sesskeys and the like. */
export function randomString(length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join('');
}

/** Everything the double remembers; plain maps, inspected by tests through LtiPlatform. */
export class PlatformState {
  readonly types = new Map<string, ToolType>();
  readonly users = new Map<string, PlatformUser>();
  readonly courses = new Map<string, Course>();
  readonly links = new Map<string, ResourceLink>();
  readonly lineItems = new Map<string, LineItem>();
  readonly scores: StoredScore[] = [];
  readonly tokens = new Map<string, AccessToken>();
  readonly launches = new Map<string, PendingLaunch>();
  readonly seenAssertionIds = new Set<string>();
  readonly tokenRequests: RequestRecord[] = [];
  readonly registrations: RegistrationRecord[] = [];
  readonly serviceRequests: RequestRecord[] = [];
  /** Tool keysets by client id, as Moodle caches them in MUC. */
  readonly keysetCache = new Map<string, Jwks>();
  readonly jwksFetches: { at: Date; url: string; headers: Record<string, string> }[] = [];
  private nextGradeItemId = 1;
  private nextLinkId = 1;
  private nextTypeId = 1;

  typeByClientId(clientId: string): ToolType | undefined {
    return [...this.types.values()].find((type) => type.clientId === clientId);
  }

  newTypeId(): string {
    while (this.types.has(String(this.nextTypeId))) this.nextTypeId += 1;
    return String(this.nextTypeId++);
  }

  /** Grade item ids are shared by course totals and activities, as in Moodle's grade_items. */
  newGradeItemId(): string {
    return String(this.nextGradeItemId++);
  }

  newLinkId(): string {
    while (this.links.has(String(this.nextLinkId))) this.nextLinkId += 1;
    return String(this.nextLinkId++);
  }

  requireUser(id: string): PlatformUser {
    const user = this.users.get(id);
    if (!user) throw new Error(`no user ${id}: add it with platform.addUser`);
    return user;
  }

  requireCourse(id: string): Course {
    const course = this.courses.get(id);
    if (!course) throw new Error(`no course ${id}: add it with platform.addCourse`);
    return course;
  }

  requireType(id: string): ToolType {
    const type = this.types.get(id);
    if (!type) throw new Error(`no tool type ${id}`);
    return type;
  }

  /** Context role URIs of a user in a course: the enrolment's, else the user's defaults. */
  rolesIn(course: Course, user: PlatformUser): string[] {
    const roles = expandRoles(course.members.get(user.id) ?? user.roles);
    return user.admin ? [...roles, ...expandRoles(['Administrator'])] : roles;
  }

  isEnrolled(course: Course, userId: string): boolean {
    return course.members.has(userId);
  }
}
