import type { AccessGroup, AccessRepository } from '../access/access-repository.js';
import { ForbiddenError, NotFoundError, ValidationError, type FieldProblem } from '../errors.js';
import { teachesInContext } from '../lms/lti-roles.js';
import type { DomainLogger } from '../logger.js';
import { canUpload, type User } from '../users/user.js';
import type { BbbServer, BbbServerRepository } from './bbb-server.js';
import { NO_RECURRENCE, type Meeting, type MeetingCourse, type MeetingRepository } from './meeting.js';
import { canModerate } from './meeting-join.js';
import { checkMeetingDraft, newBbbMeetingId, newInviteSalt, type MeetingChoices, type MeetingDraft } from './meeting-rules.js';
import { lastOccurrence, nextOccurrence, type Occurrence } from './recurrence.js';

/** Esup-Pod's default meeting length (2 h) and participant limit. */
const PERSONAL_ROOM_DEFAULTS = { durationMinutes: 120, maxParticipants: 150 } as const;

export interface MeetingOverview {
  readonly personal: Meeting;
  /** Meetings still to come (or under way), soonest first. */
  readonly upcoming: readonly { readonly meeting: Meeting; readonly next: Occurrence }[];
  /** Meetings whose last occurrence is over, latest first. */
  readonly past: readonly { readonly meeting: Meeting; readonly last: Occurrence | null }[];
}

/** What the meeting form offers its owner. */
export interface MeetingFormChoices {
  readonly groups: readonly AccessGroup[];
  readonly courses: readonly MeetingCourse[];
  readonly servers: readonly BbbServer[];
}

export interface MeetingServiceDeps {
  readonly meetings: MeetingRepository;
  readonly access: Pick<AccessRepository, 'listGroups'>;
  readonly servers: BbbServerRepository;
  /** The IANA zone the meetings' wall-clock times are in (Europe/Paris). */
  readonly timeZone: string;
  readonly clock?: () => Date;
  readonly logger: DomainLogger;
}

function requireStaff(actor: User): void {
  if (!canUpload(actor)) throw new ForbiddenError('meetings_staff_only', 'Only staff members and administrators have meetings; attendees join through invitation links.');
}

const invalid = (problems: readonly FieldProblem[]) => new ValidationError('invalid_meeting', 'Some settings of this meeting are not valid.', { fields: problems });

/**
 * Staff members' meetings (pod-compat.md §4.1): the personal room every staff member and
 * administrator gets on their first visit, scheduled and recurring meetings, their invitation
 * salt, and what the recording import needs to know about them. Starting and joining on BBB is
 * meeting-sessions.ts.
 */
export function createMeetingService(deps: MeetingServiceDeps) {
  const { meetings, servers, timeZone, logger } = deps;
  const now = deps.clock ?? (() => new Date());

  /** A meeting the actor manages: theirs, or any of their site for an administrator. */
  async function get(actor: User, id: number): Promise<Meeting> {
    requireStaff(actor);
    const meeting = await meetings.findById(id);
    if (!meeting || meeting.siteId !== actor.siteId) throw new NotFoundError('meeting_not_found', `No meeting ${id}.`);
    if (!canModerate(meeting, actor)) throw new ForbiddenError('not_meeting_owner', 'Only the owner of this meeting (or an administrator) can do this.');
    return meeting;
  }

  async function choices(actor: User, current?: Meeting): Promise<MeetingFormChoices> {
    requireStaff(actor);
    const [groups, siteServers, courses] = await Promise.all([
      deps.access.listGroups(actor.siteId),
      servers.list(actor.siteId),
      actor.role === 'admin' ? meetings.coursesOfSite(actor.siteId) : meetings.coursesOfMember(actor.id),
    ]);
    const taught = courses.filter((course) => course.siteId === actor.siteId && (actor.role === 'admin' || teachesInContext(course.roles)));
    // A meeting keeps its course and server even when its owner no longer teaches it or the server is off.
    const keptCourse = current?.courseId && !taught.some((course) => course.id === current.courseId) ? (await meetings.coursesOfSite(actor.siteId)).find((course) => course.id === current.courseId) : undefined;
    return {
      groups,
      courses: keptCourse ? [...taught, keptCourse] : taught,
      servers: siteServers.filter((server) => server.isActive || server.id === current?.serverId),
    };
  }

  async function allowed(actor: User, current?: Meeting): Promise<MeetingChoices> {
    const offer = await choices(actor, current);
    return {
      groupIds: new Set(offer.groups.map((group) => group.id)),
      courseIds: new Set(offer.courses.map((course) => course.id)),
      serverIds: new Set(offer.servers.map((server) => server.id)),
    };
  }

  async function personalRoom(actor: User, roomName: string): Promise<Meeting> {
    requireStaff(actor);
    const name = roomName.trim().slice(0, 250).padEnd(2, '_');
    return meetings.ensurePersonal({
      siteId: actor.siteId,
      ownerId: actor.id,
      bbbMeetingId: newBbbMeetingId(name),
      isPersonal: true,
      inviteSalt: newInviteSalt(),
      name,
      startAt: now(),
      durationMinutes: PERSONAL_ROOM_DEFAULTS.durationMinutes,
      ...NO_RECURRENCE,
      serverId: null,
      audience: 'logged_in',
      groupIds: [],
      courseId: null,
      maxParticipants: PERSONAL_ROOM_DEFAULTS.maxParticipants,
      welcomeText: '',
      record: false,
      autoStartRecording: false,
      allowStartStopRecording: true,
      autoImport: null,
    });
  }

  return {
    /** The zone of the meetings' wall-clock times. */
    timeZone,
    get,
    choices,
    personalRoom,

    /** The actor's meetings for /meetings: personal room (created on first visit), upcoming, past. */
    async overview(actor: User, personalRoomName: string): Promise<MeetingOverview> {
      const personal = await personalRoom(actor, personalRoomName);
      const at = now();
      const upcoming: { meeting: Meeting; next: Occurrence }[] = [];
      const past: { meeting: Meeting; last: Occurrence | null }[] = [];
      for (const meeting of await meetings.listByOwner(actor.id)) {
        if (meeting.isPersonal) continue;
        const next = nextOccurrence(meeting, timeZone, at);
        if (next) upcoming.push({ meeting, next });
        else past.push({ meeting, last: lastOccurrence(meeting, timeZone) });
      }
      upcoming.sort((a, b) => a.next.start.getTime() - b.next.start.getTime());
      past.sort((a, b) => (b.last?.start.getTime() ?? 0) - (a.last?.start.getTime() ?? 0));
      return { personal, upcoming, past };
    },

    async create(actor: User, draft: MeetingDraft): Promise<Meeting> {
      requireStaff(actor);
      const { settings, problems } = checkMeetingDraft(draft, await allowed(actor), timeZone);
      if (!settings) throw invalid(problems);
      const meeting = await meetings.insert({ ...settings, siteId: actor.siteId, ownerId: actor.id, bbbMeetingId: newBbbMeetingId(settings.name), isPersonal: false, inviteSalt: newInviteSalt() });
      logger.info({ meetingId: meeting.id, userId: actor.id, bbbMeetingId: meeting.bbbMeetingId }, 'meeting created');
      return meeting;
    },

    /** The BBB meetingID never changes, whatever the new name. */
    async update(actor: User, id: number, draft: MeetingDraft): Promise<Meeting> {
      const current = await get(actor, id);
      const personal = current.isPersonal ? { startAt: current.startAt, durationMinutes: current.durationMinutes } : null;
      const { settings, problems } = checkMeetingDraft(draft, await allowed(actor, current), timeZone, personal);
      if (!settings) throw invalid(problems);
      const meeting = await meetings.update(id, settings);
      if (!meeting) throw new NotFoundError('meeting_not_found', `No meeting ${id}.`);
      logger.info({ meetingId: id, userId: actor.id }, 'meeting updated');
      return meeting;
    },

    /** A personal room is for good: its owner can rename it but not delete it. */
    async remove(actor: User, id: number): Promise<void> {
      const meeting = await get(actor, id);
      if (meeting.isPersonal) throw new ForbiddenError('personal_room_not_deletable', 'Your personal room cannot be deleted; you can rename it or change who may join.');
      if (!(await meetings.remove(id))) throw new NotFoundError('meeting_not_found', `No meeting ${id}.`);
      logger.info({ meetingId: id, userId: actor.id, bbbMeetingId: meeting.bbbMeetingId }, 'meeting deleted');
    },

    /** A new invitation link: the old ones stop working. */
    async regenerateInvite(actor: User, id: number): Promise<Meeting> {
      await get(actor, id);
      const meeting = await meetings.setInviteSalt(id, newInviteSalt());
      if (!meeting) throw new NotFoundError('meeting_not_found', `No meeting ${id}.`);
      logger.info({ meetingId: id, userId: actor.id }, 'meeting invitation link renewed');
      return meeting;
    },

    // ---- For the recording import (BBB's recording-ready callback and the recordings pages). ----

    /** The meeting a BBB `meetingID` (a recording's or a callback's `meeting_id`) belongs to, or null. */
    findByBbbMeetingId: (bbbMeetingId: string): Promise<Meeting | null> => meetings.findByBbbMeetingId(bbbMeetingId),

    /** Whether this meeting's recordings are imported as soon as BBB says they are ready. */
    async autoImportOf(meeting: Pick<Meeting, 'autoImport' | 'siteId'>): Promise<boolean> {
      return meeting.autoImport ?? servers.siteAutoImport(meeting.siteId);
    },

    /** The actor's own meetings (the recordings page's filter). */
    async listOwn(actor: User): Promise<Meeting[]> {
      requireStaff(actor);
      return meetings.listByOwner(actor.id);
    },
  };
}

export type MeetingService = ReturnType<typeof createMeetingService>;
