import type { AccessRepository } from '../access/access-repository.js';
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from '../errors.js';
import type { DomainLogger } from '../logger.js';
import { displayName, type User } from '../users/user.js';
import { BbbApiError, type BbbApi, type BbbCreateParams, type BbbCreateResult } from './bbb.js';
import type { BbbApis, BbbServer, BbbServerRepository } from './bbb-server.js';
import type { Meeting, MeetingRepository } from './meeting.js';
import type { MeetingInvites } from './meeting-invites.js';
import { guestDisplayName, joinDecision, type JoinDecision } from './meeting-join.js';
import { nextOccurrence, type Occurrence } from './recurrence.js';

/** The create parameters of a meeting (pod-compat.md §4.2, our own `meta_lectern-*` tags). */
export function bbbCreateParams(meeting: Meeting, publicUrl: string): BbbCreateParams {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    name: meeting.name,
    meetingID: meeting.bbbMeetingId,
    ...(meeting.welcomeText ? { welcome: meeting.welcomeText } : {}),
    maxParticipants: meeting.maxParticipants,
    record: meeting.record,
    autoStartRecording: meeting.autoStartRecording,
    allowStartStopRecording: meeting.allowStartStopRecording,
    logoutURL: `${base}/meetings`,
    meta: {
      'lectern-meeting': String(meeting.id),
      'lectern-site': String(meeting.siteId),
      ...(meeting.record ? { 'bbb-recording-ready-url': `${base}/bbb/recording-ready` } : {}),
    },
  };
}

/** What an invitation link shows its visitor. */
export interface Invitation {
  readonly meeting: Meeting;
  readonly decision: JoinDecision;
  /** Whether attendees can join now (only looked up for those the audience lets in). */
  readonly running: boolean;
  readonly next: Occurrence | null;
  /** For a refusal: the names of the groups, or the course's title, the meeting is for. */
  readonly audienceNames: readonly string[];
}

export type AttendeeJoin = { readonly kind: 'joined'; readonly url: string } | { readonly kind: 'not_running' } | { readonly kind: 'moderator'; readonly meetingId: number };

export interface MeetingSessionsDeps {
  readonly meetings: MeetingRepository;
  readonly servers: BbbServerRepository;
  readonly apis: BbbApis;
  readonly invites: MeetingInvites;
  readonly access: Pick<AccessRepository, 'membershipsOf' | 'listGroups'>;
  readonly publicUrl: string;
  readonly timeZone: string;
  readonly clock?: () => Date;
  readonly logger: DomainLogger;
}

/**
 * Meetings on BigBlueButton: starting one as moderator (create, then join), ending it, and the
 * invitation link's side (who may join, whether it is running, joining as viewer). Callers
 * check that the actor manages the meeting (MeetingService.get) before start and end.
 */
export function createMeetingSessions(deps: MeetingSessionsDeps) {
  const { meetings, servers, logger } = deps;
  const now = deps.clock ?? (() => new Date());

  /** The meeting's chosen server when active, else the site's default; null when there is none. */
  async function serverFor(meeting: Meeting): Promise<BbbServer | null> {
    if (meeting.serverId === null) return servers.findDefault(meeting.siteId);
    const server = await servers.findById(meeting.serverId);
    return server && server.isActive && server.siteId === meeting.siteId ? server : null;
  }

  async function apiFor(meeting: Meeting): Promise<{ server: BbbServer; api: BbbApi }> {
    const server = await serverFor(meeting);
    if (!server) throw new ConflictError('bbb_no_server', 'No active BigBlueButton server is configured for this meeting: an administrator must add one.');
    return { server, api: deps.apis.forServer(server) };
  }

  /**
   * create is idempotent; when BBB refuses it, Esup-Pod ends the meeting and creates it again
   * (BBB issue #18913). We do that once: a second refusal is the answer. A wrong checksum would
   * be refused again, so it is not retried.
   */
  async function createOnBbb(api: BbbApi, meeting: Meeting): Promise<BbbCreateResult> {
    const params = bbbCreateParams(meeting, deps.publicUrl);
    try {
      return await api.create(params);
    } catch (error) {
      if (!(error instanceof BbbApiError) || error.messageKey === 'checksumError') throw error;
      logger.warn({ meetingId: meeting.id, messageKey: error.messageKey }, 'BBB refused create: ending the meeting and creating it once more (BBB issue #18913)');
      try {
        await api.end(meeting.bbbMeetingId);
      } catch (endError) {
        logger.warn({ meetingId: meeting.id, err: endError }, 'ending the meeting after a refused create failed too: reporting the create refusal');
        throw error;
      }
      return api.create(params);
    }
  }

  /** The createTime of the meeting running on BBB, or null when it is not (never created, ended, expired). */
  async function runningCreateTime(api: BbbApi, meeting: Meeting): Promise<number | null> {
    try {
      const info = await api.getMeetingInfo(meeting.bbbMeetingId);
      return info.running && !info.hasBeenForciblyEnded ? info.createTime : null;
    } catch (error) {
      if (error instanceof BbbApiError && error.messageKey === 'notFound') return null;
      throw error;
    }
  }

  async function openInvitation(bbbMeetingId: string, token: string, viewer: User | null): Promise<{ meeting: Meeting; decision: JoinDecision }> {
    const meeting = await meetings.findByBbbMeetingId(bbbMeetingId);
    if (!meeting || !deps.invites.opens(meeting, token)) throw new NotFoundError('meeting_invite_invalid', 'This invitation link is not valid (any more): ask the meeting’s organiser for a new one.');
    const memberships = viewer ? await deps.access.membershipsOf(viewer.id) : { groupIds: [], courseIds: [] };
    return { meeting, decision: joinDecision(meeting, viewer, memberships) };
  }

  async function audienceNames(meeting: Meeting): Promise<string[]> {
    if (meeting.audience === 'groups') return (await deps.access.listGroups(meeting.siteId)).filter((group) => meeting.groupIds.includes(group.id)).map((group) => group.displayName || group.codeName);
    if (meeting.audience !== 'course') return [];
    const course = (await meetings.coursesOfSite(meeting.siteId)).find((candidate) => candidate.id === meeting.courseId);
    return course ? [course.title || course.label] : [];
  }

  return {
    serverFor,

    /** Creates the meeting on BBB (idempotent) and returns the moderator's join URL. */
    async start(actor: User, meeting: Meeting): Promise<string> {
      const { server, api } = await apiFor(meeting);
      const created = await createOnBbb(api, meeting);
      await meetings.recordStart(meeting.id, { serverId: server.id, internalMeetingId: created.internalMeetingID, createTime: created.createTime });
      logger.info({ meetingId: meeting.id, userId: actor.id, serverId: server.id, duplicate: created.messageKey === 'duplicateWarning' }, 'meeting started');
      return api.joinUrl({ meetingID: meeting.bbbMeetingId, fullName: displayName(actor), role: 'MODERATOR', userID: actor.username, createTime: created.createTime });
    },

    /** Ends the meeting for everyone; a meeting BBB no longer has is already ended. */
    async end(actor: User, meeting: Meeting): Promise<void> {
      const { server, api } = await apiFor(meeting);
      try {
        await api.end(meeting.bbbMeetingId);
      } catch (error) {
        if (!(error instanceof BbbApiError && error.messageKey === 'notFound')) throw error;
      }
      logger.info({ meetingId: meeting.id, userId: actor.id, serverId: server.id }, 'meeting ended');
    },

    /** The meeting an invitation link opens and what it lets the visitor do (404 meeting_invite_invalid otherwise). */
    openInvitation,

    /** The invitation page: who the visitor is for this meeting, and whether they can join now. */
    async invitation(bbbMeetingId: string, token: string, viewer: User | null): Promise<Invitation> {
      const { meeting, decision } = await openInvitation(bbbMeetingId, token, viewer);
      const next = meeting.isPersonal ? null : nextOccurrence(meeting, deps.timeZone, now());
      if (decision.kind === 'forbidden') return { meeting, decision, running: false, next, audienceNames: await audienceNames(meeting) };
      if (decision.kind !== 'attendee') return { meeting, decision, running: false, next, audienceNames: [] };
      const server = await serverFor(meeting);
      const running = server ? (await runningCreateTime(deps.apis.forServer(server), meeting)) !== null : false;
      return { meeting, decision, running, next, audienceNames: [] };
    },

    /** An attendee's join: their viewer URL, or why not (a not-running meeting waits on its page). */
    async joinAsAttendee(bbbMeetingId: string, token: string, viewer: User | null, typedName: string): Promise<AttendeeJoin> {
      const { meeting, decision } = await openInvitation(bbbMeetingId, token, viewer);
      if (decision.kind === 'moderator') return { kind: 'moderator', meetingId: meeting.id };
      if (decision.kind === 'login_required') throw new UnauthenticatedError('meeting_login_required', 'Log in to join this meeting.');
      if (decision.kind === 'forbidden') throw new ForbiddenError('meeting_forbidden', 'You are not among the people this meeting is for.', { params: { reason: decision.reason } });
      const fullName = viewer ? displayName(viewer) : guestDisplayName(typedName);
      if (!fullName) throw new ValidationError('invalid_display_name', 'Type the name others will see (1 to 100 characters).', { fields: [{ path: 'full_name', message: '1 to 100 characters' }] });
      const server = await serverFor(meeting);
      const api = server ? deps.apis.forServer(server) : null;
      const createTime = api ? await runningCreateTime(api, meeting) : null;
      if (!api || createTime === null) return { kind: 'not_running' };
      logger.info({ meetingId: meeting.id, userId: viewer?.id ?? null, guest: decision.guest }, 'attendee joining meeting');
      return { kind: 'joined', url: api.joinUrl({ meetingID: meeting.bbbMeetingId, fullName, role: 'VIEWER', ...(viewer ? { userID: viewer.username } : {}), createTime }) };
    },
  };
}

export type MeetingSessions = ReturnType<typeof createMeetingSessions>;
