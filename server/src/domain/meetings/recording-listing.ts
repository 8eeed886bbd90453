/**
 * The BigBlueButton recordings people see in Lectern: "My recordings" (the recordings of the
 * meetings I own, per server) and an administrator's view of every recording on one server;
 * and the manual import from those pages. BBB is asked every time (recordings live there);
 * a server that fails is reported with its code, the other servers are still listed.
 */
import { ForbiddenError, NotFoundError } from '../errors.js';
import type { DomainLogger } from '../logger.js';
import { canUpload, type User } from '../users/user.js';
import { BbbApiError, BbbProtocolError, BbbUnavailableError, type BbbApi, type BbbRecording, type BbbRecordingState } from './bbb.js';
import type { BbbApis, BbbServer, BbbServerRepository } from './bbb-server.js';
import type { Meeting } from './meeting.js';
import type { RecordingImport, RecordingImportRequest } from './recording-import.js';

/** What the recordings pages and the callback need to know of one of our meetings. */
export type MeetingRef = Pick<Meeting, 'id' | 'siteId' | 'ownerId' | 'serverId' | 'lastServerId' | 'bbbMeetingId' | 'name' | 'autoImport'>;

/** Port: our meetings, by owner or by BBB meetingID. */
export interface RecordingMeetings {
  ownedBy(userId: number): Promise<MeetingRef[]>;
  findByBbbMeetingIds(bbbMeetingIds: readonly string[]): Promise<MeetingRef[]>;
}

/** Port: the import pipeline (recording-import service). */
export interface RecordingImports {
  request(request: RecordingImportRequest): Promise<{ readonly import: RecordingImport; readonly created: boolean }>;
  statusesFor(serverId: number, recordIds: readonly string[]): Promise<ReadonlyMap<string, RecordingImport>>;
}

/** The states the pages show (everything but deleted). */
export const LISTED_STATES: readonly BbbRecordingState[] = ['processing', 'processed', 'published', 'unpublished'];
/** Recordings per page of a server's listing. */
export const SERVER_PAGE_SIZE = 50;
/** The meetingID list of one getRecordings call, so the URL stays well under 6 KB (commas travel as %2C). */
const MEETING_ID_CHARS_PER_CALL = 5000;

export interface RecordingRow {
  readonly recording: BbbRecording;
  /** Our meeting, when the recording is of one of Lectern's meetings. */
  readonly meeting: MeetingRef | null;
  /** Has BBB's `video` playback, the only format made of one media file. */
  readonly hasVideo: boolean;
  readonly import: RecordingImport | null;
}

/** Why a server's recordings could not be listed: `bbb_unavailable`, `bbb_protocol_error`, `bbb_<messageKey>`. */
export interface ServerProblem {
  readonly code: string;
  readonly messageKey: string | null;
}

export interface ServerRecordings {
  readonly server: BbbServer;
  readonly rows: readonly RecordingRow[];
  readonly problem: ServerProblem | null;
}

export interface ServerRecordingsPage extends ServerRecordings {
  readonly offset: number;
  readonly hasNext: boolean;
  /** The server refused to list every recording (Scalelite's GET_RECORDINGS_API_FILTERED: `missingParameters`). */
  readonly refusesUnfiltered: boolean;
}

/** Published or unpublished: processing is over, its formats are known and it can be imported. */
export const isPublished = (recording: BbbRecording): boolean => recording.state === 'published' || recording.state === 'unpublished';

export const hasVideoFormat = (recording: BbbRecording): boolean => recording.playback.some((format) => format.type === 'video');

/**
 * The servers that may hold a meeting's recordings, without repeats: the one it last ran on
 * (whatever it has become since: no longer the default, no longer chosen, deactivated), then the
 * one it would use now (its own, even deactivated, else its site's default). Deactivated servers
 * count because recordings stay there and BBB still calls back; starting a meeting is stricter
 * (meeting-sessions.ts: an active server only). Empty when there is none: such a meeting never
 * ran, so it has no recording.
 */
export async function recordingServersOf(
  servers: Pick<BbbServerRepository, 'findById' | 'findDefault'>,
  meeting: Pick<MeetingRef, 'serverId' | 'lastServerId' | 'siteId'>,
): Promise<BbbServer[]> {
  const ofSite = async (id: number | null) => {
    const server = id === null ? null : await servers.findById(id);
    return server && server.siteId === meeting.siteId ? server : null;
  };
  const last = await ofSite(meeting.lastServerId);
  const current = (await ofSite(meeting.serverId)) ?? (await servers.findDefault(meeting.siteId));
  const found = [last, current].filter((server) => server !== null);
  return [...new Map(found.map((server) => [server.id, server])).values()];
}

/** One recording, re-read from BBB by its exact record id (a recordID filter is a prefix match); null when BBB has no such recording. */
export async function fetchRecording(api: BbbApi, recordId: string): Promise<BbbRecording | null> {
  const found = await api.getRecordings({ recordIDs: [recordId], states: ['any'] });
  return found.find((recording) => recording.recordID === recordId && recording.state !== 'deleted') ?? null;
}

/** Splits meeting ids into lists whose comma-joined, URL-encoded length stays under the limit. */
export function chunkMeetingIds(ids: readonly string[], maxChars = MEETING_ID_CHARS_PER_CALL): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let length = 0;
  for (const id of ids) {
    const size = encodeURIComponent(id).length + 3;
    if (current.length > 0 && length + size > maxChars) {
      chunks.push(current);
      current = [];
      length = 0;
    }
    current.push(id);
    length += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

const problemOf = (error: unknown): ServerProblem | null => {
  if (error instanceof BbbApiError) return { code: error.code, messageKey: error.messageKey };
  if (error instanceof BbbUnavailableError || error instanceof BbbProtocolError) return { code: error.code, messageKey: null };
  return null;
};

function requireStaff(actor: User): void {
  if (!canUpload(actor)) throw new ForbiddenError('recordings_staff_only', 'Only staff members have meetings and recordings.');
}

export function createRecordingListing(deps: {
  meetings: RecordingMeetings;
  servers: Pick<BbbServerRepository, 'findById' | 'findDefault'>;
  /** The server, when the actor administers its site (else a 403/404 AppError). */
  adminServer: (actor: User, serverId: number) => Promise<BbbServer>;
  apis: BbbApis;
  imports: RecordingImports;
  logger: DomainLogger;
}) {
  const { meetings, servers, apis, imports, logger } = deps;

  /** Administrators reach the servers of the sites they administer; staff, those of their own site. */
  async function serverFor(actor: User, serverId: number): Promise<BbbServer> {
    if (actor.role === 'admin') return deps.adminServer(actor, serverId);
    const server = await servers.findById(serverId);
    if (!server || server.siteId !== actor.siteId) throw new NotFoundError('bbb_server_not_found', `No BigBlueButton server ${serverId} on this site.`);
    return server;
  }

  async function rowsOf(server: BbbServer, recordings: readonly BbbRecording[], known: readonly MeetingRef[]): Promise<RecordingRow[]> {
    const byBbbId = new Map(known.map((meeting) => [meeting.bbbMeetingId, meeting]));
    const statuses = recordings.length ? await imports.statusesFor(server.id, recordings.map((r) => r.recordID)) : new Map<string, RecordingImport>();
    return recordings.map((recording) => ({
      recording,
      meeting: byBbbId.get(recording.meetingID) ?? null,
      hasVideo: hasVideoFormat(recording),
      import: statuses.get(recording.recordID) ?? null,
    }));
  }

  /** Runs a listing call; BBB's failures become the server's problem, logged, instead of failing the page. */
  async function guarded(server: BbbServer, list: () => Promise<BbbRecording[]>): Promise<{ recordings: BbbRecording[]; problem: ServerProblem | null }> {
    try {
      return { recordings: await list(), problem: null };
    } catch (error) {
      const problem = problemOf(error);
      if (!problem) throw error;
      logger.warn({ bbbServerId: server.id, code: problem.code, reason: (error as Error).message }, 'BigBlueButton recordings could not be listed');
      return { recordings: [], problem };
    }
  }

  async function groupByServer(owned: readonly MeetingRef[]): Promise<{ server: BbbServer; meetings: MeetingRef[] }[]> {
    const groups = new Map<number, { server: BbbServer; meetings: MeetingRef[] }>();
    const resolved = new Map<string, Promise<BbbServer[]>>(); // most meetings share their servers
    for (const meeting of owned) {
      const key = `${meeting.lastServerId}/${meeting.serverId}/${meeting.siteId}`;
      if (!resolved.has(key)) resolved.set(key, recordingServersOf(servers, meeting));
      // A meeting may be asked of two servers; BBB's record ids are per server, so no recording shows twice.
      for (const server of await resolved.get(key)!) {
        const group = groups.get(server.id) ?? { server, meetings: [] };
        group.meetings.push(meeting);
        groups.set(server.id, group);
      }
    }
    return [...groups.values()].sort((a, b) => Number(b.server.isDefault) - Number(a.server.isDefault) || a.server.name.localeCompare(b.server.name));
  }

  async function listGroup(server: BbbServer, owned: readonly MeetingRef[]): Promise<ServerRecordings> {
    const api = apis.forServer(server);
    const { recordings, problem } = await guarded(server, async () => {
      const all: BbbRecording[] = [];
      for (const chunk of chunkMeetingIds(owned.map((m) => m.bbbMeetingId))) all.push(...(await api.getRecordings({ meetingIDs: chunk, states: LISTED_STATES })));
      return all.sort((a, b) => b.startTime.getTime() - a.startTime.getTime());
    });
    return { server, rows: await rowsOf(server, recordings, owned), problem };
  }

  return {
    /** "My recordings": the recordings of the meetings the user owns (or of one of them), per server. */
    async listMine(actor: User, filter: { readonly meetingId?: number } = {}): Promise<{ groups: ServerRecordings[]; meetings: MeetingRef[] }> {
      requireStaff(actor);
      const owned = await meetings.ownedBy(actor.id);
      const chosen = filter.meetingId === undefined ? owned : owned.filter((meeting) => meeting.id === filter.meetingId);
      if (filter.meetingId !== undefined && chosen.length === 0) throw new NotFoundError('meeting_not_found', `You have no meeting ${filter.meetingId}.`);
      const groups = await groupByServer(chosen);
      return { groups: await Promise.all(groups.map((group) => listGroup(group.server, group.meetings))), meetings: owned };
    },

    /** Every recording on a server, a page at a time (administrators of its site). */
    async listServer(actor: User, serverId: number, offset: number): Promise<ServerRecordingsPage> {
      const server = await deps.adminServer(actor, serverId);
      const api = apis.forServer(server);
      // One more than a page tells whether there is a next one; a server too old to page answers everything.
      const { recordings, problem } = await guarded(server, () => api.getRecordings({ all: true, states: LISTED_STATES, offset, limit: SERVER_PAGE_SIZE + 1 }));
      const paged = recordings.length > SERVER_PAGE_SIZE + 1 ? recordings.slice(offset, offset + SERVER_PAGE_SIZE + 1) : recordings;
      const shown = paged.slice(0, SERVER_PAGE_SIZE);
      const ours = shown.length ? await meetings.findByBbbMeetingIds([...new Set(shown.map((r) => r.meetingID))]) : [];
      return {
        server,
        rows: await rowsOf(server, shown, ours.filter((meeting) => meeting.siteId === server.siteId)),
        problem,
        offset,
        hasNext: paged.length > SERVER_PAGE_SIZE,
        refusesUnfiltered: problem?.messageKey === 'missingParameters',
      };
    },

    /**
     * Imports one recording, re-read from BBB by its record id. Allowed to the owner of its
     * meeting (on one of that meeting's servers) and to administrators of the server's site.
     */
    async importRecording(actor: User, serverId: number, recordId: string) {
      requireStaff(actor);
      const server = await serverFor(actor, serverId);
      const recording = await fetchRecording(apis.forServer(server), recordId);
      if (!recording) throw new NotFoundError('bbb_recording_not_found', `The server has no recording ${recordId}.`);
      if (actor.role !== 'admin') {
        const [meeting] = await meetings.findByBbbMeetingIds([recording.meetingID]);
        const mine = meeting && meeting.ownerId === actor.id && (await recordingServersOf(servers, meeting)).some((candidate) => candidate.id === server.id);
        if (!mine) throw new ForbiddenError('recording_not_yours', 'This recording is not of one of your meetings.');
      }
      const outcome = await imports.request({ server, recording, requestedBy: actor.id, trigger: 'manual' });
      logger.info({ bbbServerId: server.id, recordId, importId: outcome.import.id, userId: actor.id, created: outcome.created }, 'recording import requested');
      return outcome;
    },
  };
}

export type RecordingListing = ReturnType<typeof createRecordingListing>;
