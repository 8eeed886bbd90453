import type { BbbServer } from '../../server/src/domain/meetings/bbb-server.js';
import type { Meeting } from '../../server/src/domain/meetings/meeting.js';
import type { MeetingDraft } from '../../server/src/domain/meetings/meeting-rules.js';
import type { User } from '../../server/src/domain/users/user.js';
import { startBbbServer, type BbbServerDouble } from './bbb-server/index.js';
import type { TestApp } from './test-app.js';

/** A BBB double registered as the site's default server. */
export async function withBbbDouble(ctx: TestApp, name = 'Double'): Promise<{ bbb: BbbServerDouble; server: BbbServer }> {
  const bbb = await startBbbServer();
  const server = await ctx.services.bbbServers.insert(1, { name, apiUrl: bbb.apiUrl, secret: bbb.secret, checksumAlgorithm: 'sha256' }, { isDefault: true });
  if (!server) throw new Error(`a BBB server named ${name} already exists`);
  return { bbb, server };
}

/** A meeting draft as the form would post it (a one-off meeting tomorrow, for logged-in users). */
export function meetingDraft(fields: Partial<MeetingDraft> = {}): MeetingDraft {
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  return {
    name: 'Amphi L1',
    startDate: tomorrow,
    startTime: '10:00',
    durationMinutes: 90,
    recurrence: '',
    frequency: 1,
    recurringUntil: '',
    occurrences: null,
    weekdays: [],
    monthlyType: 'date_day',
    audience: 'logged_in',
    groupIds: [],
    courseId: null,
    maxParticipants: 150,
    welcomeText: '',
    record: false,
    autoStartRecording: false,
    allowStartStopRecording: true,
    autoImport: null,
    serverId: null,
    ...fields,
  };
}

export function createMeeting(ctx: TestApp, owner: User, fields: Partial<MeetingDraft> = {}): Promise<Meeting> {
  return ctx.services.meetingService.create(owner, meetingDraft(fields));
}

/** The invitation page's path of a meeting (as its owner copies it). */
export function invitePath(ctx: TestApp, meeting: Meeting): string {
  return ctx.services.meetingInvites.pathOf(meeting);
}

/** Follows a BBB join URL as the browser does; BBB answers 302 to its client when it accepts the join. */
export async function followJoin(url: string): Promise<number> {
  const response = await fetch(url, { redirect: 'manual' });
  await response.arrayBuffer();
  return response.status;
}

/** The fields of a meeting form as URL-encoded text, lists as repeated names (as browsers post them). */
export function meetingFormBody(csrf: string, values: Readonly<Record<string, string | readonly string[]>>): string {
  const params = new URLSearchParams([['_csrf', csrf]]);
  for (const [name, value] of Object.entries(values)) for (const one of typeof value === 'string' ? [value] : value) params.append(name, one);
  return params.toString();
}
