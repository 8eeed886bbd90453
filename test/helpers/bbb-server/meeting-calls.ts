/**
 * create, join, isMeetingRunning, getMeetingInfo and end, as bbb-web answers them (docs
 * development/api.md; message keys and texts from bbb-common-web's validation constraints and
 * ApiController).
 */
import { internalIdOf, nextCreateTime, paramsRecord, randomString, type DoubleContext } from './double-context.js';
import type { DoubleAttendee, DoubleMeeting } from './types.js';
import { el, failed, javaDate, metadataXml, notice, success, wrap, type ApiAnswer } from './xml.js';

const NOT_FOUND = 'We could not find a meeting with that meeting ID - perhaps the meeting is not yet running?';
const MISSING_MEETING_ID = failed('missingParamMeetingID', 'You must provide a meeting ID');

function meetingIdProblem(meetingID: string | null): ApiAnswer | undefined {
  if (meetingID === null || meetingID === '') return MISSING_MEETING_ID;
  if (meetingID.length < 2 || meetingID.length > 256) return failed('validationError', 'Meeting ID must be between 2 and 256 characters');
  if (meetingID.includes(',')) return failed('validationError', "Meeting ID cannot contain ','");
  return undefined;
}

/** meta_* parameters; bbb-web lower-cases the key (meta_endCallbackUrl → endcallbackurl). */
function metaOf(params: URLSearchParams): Record<string, string> {
  const meta: Record<string, string> = {};
  for (const [name, value] of params) if (name.startsWith('meta_')) meta[name.slice(5).toLowerCase()] = value;
  return meta;
}

function createdXml(m: DoubleMeeting): string {
  return [
    el('meetingID', m.meetingID),
    el('internalMeetingID', m.internalMeetingID),
    el('parentMeetingID', 'bbb-none'),
    el('attendeePW', m.attendeePW),
    el('moderatorPW', m.moderatorPW),
    el('createTime', m.createTime),
    el('voiceBridge', m.voiceBridge),
    el('dialNumber', '613-555-1234'),
    el('createDate', javaDate(m.createTime)),
    el('hasUserJoined', m.hasUserJoined),
    el('duration', m.params['duration'] ?? '0'),
    el('hasBeenForciblyEnded', m.forciblyEnded),
  ].join('');
}

export function create(ctx: DoubleContext, params: URLSearchParams): ApiAnswer {
  const meetingID = params.get('meetingID');
  const problem = meetingIdProblem(meetingID);
  if (problem) return problem;
  const name = params.get('name') ?? '';
  if (name === '') return failed('validationError', 'You must provide a meeting name');
  if (name.length < 2 || name.length > 256) return failed('validationError', 'Meeting name must be between 2 and 256 characters');
  const existing = ctx.meetings.get(meetingID!);
  if (existing && !existing.forciblyEnded) {
    const differs = (key: 'attendeePW' | 'moderatorPW') => params.has(key) && params.get(key) !== existing[key];
    if (differs('attendeePW') || differs('moderatorPW')) {
      return failed('idNotUnique', 'A meeting already exists with that meeting ID.  Please use a different meeting ID.');
    }
    return success(createdXml(existing) + notice('duplicateWarning', 'This conference was already in existence and may currently be in progress.'));
  }
  const createTime = nextCreateTime(ctx);
  const meeting: DoubleMeeting = {
    meetingID: meetingID!,
    internalMeetingID: internalIdOf(meetingID!, createTime),
    name,
    createTime,
    voiceBridge: params.get('voiceBridge') ?? String(70000 + Math.floor(Math.random() * 29999)),
    attendeePW: params.get('attendeePW') ?? randomString(8),
    moderatorPW: params.get('moderatorPW') ?? randomString(8),
    params: paramsRecord(params),
    meta: metaOf(params),
    attendees: [],
    running: false,
    hasUserJoined: false,
    forciblyEnded: false,
    startTime: 0,
    endTime: 0,
  };
  ctx.meetings.set(meeting.meetingID, meeting);
  return success(createdXml(meeting));
}

function roleOf(params: URLSearchParams, meeting: DoubleMeeting): 'MODERATOR' | 'VIEWER' | undefined {
  const role = (params.get('role') ?? '').toUpperCase();
  if (role === 'MODERATOR' || role === 'VIEWER') return role;
  const password = params.get('password');
  if (password === meeting.moderatorPW) return 'MODERATOR';
  if (password === meeting.attendeePW) return 'VIEWER';
  return undefined;
}

function joinProblem(params: URLSearchParams, meeting: DoubleMeeting | undefined): ApiAnswer | undefined {
  if (!params.get('fullName')) return failed('missingParamFullName', 'You must specify a name for the attendee who will be joining the meeting.');
  if (!meeting) return failed('invalidMeetingIdentifier', 'The meeting ID that you supplied did not match any existing meetings');
  if (meeting.forciblyEnded) {
    return failed('meetingForciblyEnded', 'You can not re-join a meeting that has been forcibly ended.  However, once the meeting is removed from memory (according to the timeout configured on this server, you will be able to once again create a meeting with the same meeting ID');
  }
  const createTime = params.get('createTime');
  if (createTime !== null && createTime !== String(meeting.createTime)) {
    return failed('mismatchCreateTimeParam', 'The createTime parameter submitted mismatches with the current meeting.');
  }
  if (!roleOf(params, meeting)) return failed('invalidPassword', 'The password you submitted is not valid.');
  return undefined;
}

/** GET only (BBB 3.0): a 302 to the HTML5 client, or with redirect=false the XML below. */
export function join(ctx: DoubleContext, params: URLSearchParams): ApiAnswer {
  const meetingID = params.get('meetingID');
  if (!meetingID) return MISSING_MEETING_ID;
  const meeting = ctx.meetings.get(meetingID);
  const problem = joinProblem(params, meeting);
  if (problem || !meeting) return problem ?? MISSING_MEETING_ID;
  const role = roleOf(params, meeting)!;
  const attendee: DoubleAttendee = {
    userID: params.get('userID') ?? `w_${randomString(12)}`,
    fullName: params.get('fullName')!,
    role,
    isPresenter: role === 'MODERATOR' && !meeting.attendees.some((a) => a.isPresenter),
    sessionToken: randomString(16),
    authToken: randomString(12),
    params: paramsRecord(params),
  };
  meeting.attendees.push(attendee);
  meeting.running = true;
  meeting.hasUserJoined = true;
  if (meeting.startTime === 0) meeting.startTime = Date.now();
  const url = `${ctx.origin}/html5client/join?sessionToken=${attendee.sessionToken}`;
  if (params.get('redirect') === 'false') {
    return success(
      notice('successfullyJoined', 'You have joined successfully.') +
        [el('meeting_id', meeting.internalMeetingID), el('user_id', attendee.userID), el('auth_token', attendee.authToken), el('session_token', attendee.sessionToken), el('guestStatus', 'ALLOW'), el('url', url)].join(''),
    );
  }
  return { status: 302, headers: { location: url, 'content-type': 'text/html;charset=utf-8' }, body: '' };
}

export function isMeetingRunning(ctx: DoubleContext, params: URLSearchParams): ApiAnswer {
  const meetingID = params.get('meetingID');
  if (!meetingID) return MISSING_MEETING_ID;
  return success(el('running', ctx.meetings.get(meetingID)?.running ?? false));
}

function attendeeXml(a: DoubleAttendee): string {
  const inner = [
    el('userID', a.userID),
    el('fullName', a.fullName),
    el('role', a.role),
    el('isPresenter', a.isPresenter),
    el('isListeningOnly', false),
    el('hasJoinedVoice', false),
    el('hasVideo', false),
    el('clientType', 'HTML5'),
    el('customdata', ''),
  ];
  return `<attendee>${inner.join('')}</attendee>`;
}

function meetingInfoXml(m: DoubleMeeting): string {
  const moderators = m.attendees.filter((a) => a.role === 'MODERATOR').length;
  return [
    el('meetingName', m.name),
    el('meetingID', m.meetingID),
    el('internalMeetingID', m.internalMeetingID),
    el('createTime', m.createTime),
    el('createDate', javaDate(m.createTime)),
    el('voiceBridge', m.voiceBridge),
    el('dialNumber', '613-555-1234'),
    el('attendeePW', m.attendeePW),
    el('moderatorPW', m.moderatorPW),
    el('running', m.running),
    el('duration', m.params['duration'] ?? '0'),
    el('hasUserJoined', m.hasUserJoined),
    el('recording', m.running && m.params['record'] === 'true' && m.params['autoStartRecording'] === 'true'),
    el('hasBeenForciblyEnded', m.forciblyEnded),
    el('startTime', m.startTime),
    el('endTime', m.endTime),
    el('participantCount', m.running ? m.attendees.length : 0),
    el('listenerCount', 0),
    el('voiceParticipantCount', 0),
    el('videoCount', 0),
    el('maxUsers', 0),
    el('moderatorCount', m.running ? moderators : 0),
    wrap('attendees', m.running ? m.attendees.map(attendeeXml).join('') : ''),
    metadataXml(m.meta),
    el('isBreakout', false),
  ].join('');
}

export function getMeetingInfo(ctx: DoubleContext, params: URLSearchParams): ApiAnswer {
  const meetingID = params.get('meetingID');
  if (!meetingID) return MISSING_MEETING_ID;
  const meeting = ctx.meetings.get(meetingID);
  return meeting ? success(meetingInfoXml(meeting)) : failed('notFound', NOT_FOUND);
}

/** Ends the meeting now (real BBB ends it a few seconds later; callers must poll anyway). */
export function endMeeting(meeting: DoubleMeeting): void {
  meeting.running = false;
  meeting.forciblyEnded = true;
  meeting.endTime = Date.now();
}

export function end(ctx: DoubleContext, params: URLSearchParams): ApiAnswer {
  const meetingID = params.get('meetingID');
  if (!meetingID) return MISSING_MEETING_ID;
  const meeting = ctx.meetings.get(meetingID);
  if (!meeting) return failed('notFound', NOT_FOUND);
  endMeeting(meeting);
  return success(
    notice('sentEndMeetingRequest', 'A request to end the meeting was sent.  Please wait a few seconds, and then use the getMeetingInfo or isMeetingRunning API calls to verify that it was ended.'),
  );
}
