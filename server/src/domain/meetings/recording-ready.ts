/**
 * BBB's recording-ready callback (bbb-xapi-sso.md §1.7): BBB POSTs `signed_parameters`, an
 * HS256 JWT signed with the server's shared secret carrying `meeting_id` and `record_id`, when
 * a recording of a meeting created with `meta_bbb-recording-ready-url` is published. A token
 * verified with the secret of one of the meeting's servers (recordingServersOf: the one it last
 * ran on, the one it would use now) imports the recording from that server when automatic
 * import is on (the meeting's choice, else its site's). BBB reads our answer: 2xx handled,
 * 401 "bad secret", 410 "gone", anything else is retried later (so transient failures throw).
 */
import { AppError } from '../errors.js';
import type { BbbApis, BbbServer, BbbServerRepository } from './bbb-server.js';
import { fetchRecording, hasVideoFormat, isPublished, recordingServersOf, type MeetingRef, type RecordingImports, type RecordingMeetings } from './recording-listing.js';

export type RecordingReadyTokenRefusal = 'malformed' | 'bad_base64url' | 'bad_json' | 'unsupported_alg' | 'missing_claims' | 'expired';

export type RecordingReadyTokenReading =
  | { readonly ok: true; readonly claims: { readonly meetingId: string; readonly recordId: string } }
  | { readonly ok: false; readonly reason: RecordingReadyTokenRefusal };

/** Port: reading and verifying the callback's token (infra/bbb/recording-ready-token.ts). */
export interface RecordingReadyTokens {
  /** What the token claims, before its signature is checked, or why it is no BBB token. */
  read(token: string): RecordingReadyTokenReading;
  verifies(token: string, secret: string): boolean;
}

/** Why a callback was refused with 401: the token's own refusal, or the signature. */
export type UnverifiedReason = RecordingReadyTokenRefusal | 'missing' | 'bad_signature' | 'no_server';

export type RecordingReadyOutcome =
  /** 401: not signed by a server of the meeting (or of any server we know). */
  | { readonly kind: 'unverified'; readonly reason: UnverifiedReason; readonly meetingId?: string }
  /** 410: a genuine callback of one of our servers, but the meeting is not (or no longer) ours. */
  | { readonly kind: 'unknown_meeting'; readonly meetingId: string; readonly recordId: string; readonly serverId: number }
  /** 204: verified; the meeting does not import automatically. */
  | { readonly kind: 'auto_import_off'; readonly meeting: MeetingRef; readonly recordId: string }
  /** 404 (BBB retries): the server does not list the recording. */
  | { readonly kind: 'recording_not_found'; readonly meeting: MeetingRef; readonly recordId: string; readonly serverId: number }
  /** 503 (BBB retries): not published yet, so its formats are not known. */
  | { readonly kind: 'not_ready'; readonly state: string; readonly meeting: MeetingRef; readonly recordId: string; readonly serverId: number }
  /** 204: presentation-only recording, nothing Lectern can import as is. */
  | { readonly kind: 'no_video_format'; readonly meeting: MeetingRef; readonly recordId: string; readonly serverId: number }
  /** 202 when queued now, 200 when it already was (a repeated callback). */
  | { readonly kind: 'import'; readonly created: boolean; readonly importId: number | null; readonly meeting: MeetingRef; readonly recordId: string; readonly serverId: number };

export function createRecordingReady(deps: {
  tokens: RecordingReadyTokens;
  meetings: Pick<RecordingMeetings, 'findByBbbMeetingIds'>;
  servers: Pick<BbbServerRepository, 'findById' | 'findDefault' | 'list'>;
  /** The meeting's own choice, else its site's. */
  autoImportOf: (meeting: MeetingRef) => Promise<boolean>;
  /** Every site's id, to recognise a callback signed by a server of ours for a meeting that is not. */
  siteIds: () => Promise<readonly number[]>;
  apis: BbbApis;
  imports: Pick<RecordingImports, 'request'>;
}) {
  const { tokens, servers } = deps;

  /** The active server (of any site) whose secret signed the token, if one did. */
  async function signingServer(token: string): Promise<BbbServer | null> {
    for (const siteId of await deps.siteIds()) {
      for (const server of await servers.list(siteId)) if (server.isActive && tokens.verifies(token, server.secret)) return server;
    }
    return null;
  }

  async function imported(meeting: MeetingRef, server: BbbServer, recordId: string): Promise<RecordingReadyOutcome> {
    const base = { meeting, recordId, serverId: server.id };
    const recording = await fetchRecording(deps.apis.forServer(server), recordId);
    if (!recording || recording.meetingID !== meeting.bbbMeetingId) return { kind: 'recording_not_found', ...base };
    if (!isPublished(recording)) return { kind: 'not_ready', state: recording.state, ...base };
    if (!hasVideoFormat(recording)) return { kind: 'no_video_format', ...base };
    try {
      const outcome = await deps.imports.request({ server, recording, requestedBy: null, trigger: 'callback' });
      return { kind: 'import', created: outcome.created, importId: outcome.import.id, ...base };
    } catch (error) {
      // A repeated callback: the recording is imported once, and BBB is told all is well.
      if (error instanceof AppError && error.code === 'bbb_recording_already_imported') return { kind: 'import', created: false, importId: null, ...base };
      throw error;
    }
  }

  return {
    /** What to answer BBB; throws the transient failures (BBB unreachable…) so that BBB retries. */
    async handle(token: string | undefined): Promise<RecordingReadyOutcome> {
      if (!token) return { kind: 'unverified', reason: 'missing' };
      const reading = tokens.read(token);
      if (!reading.ok) return { kind: 'unverified', reason: reading.reason };
      const { meetingId, recordId } = reading.claims;
      const [meeting] = await deps.meetings.findByBbbMeetingIds([meetingId]);
      if (!meeting) {
        const server = await signingServer(token);
        return server ? { kind: 'unknown_meeting', meetingId, recordId, serverId: server.id } : { kind: 'unverified', reason: 'bad_signature', meetingId };
      }
      const candidates = await recordingServersOf(servers, meeting);
      if (candidates.length === 0) return { kind: 'unverified', reason: 'no_server', meetingId };
      // The server whose secret verifies is the one that sent it, so the recording is imported from there.
      const server = candidates.find((candidate) => tokens.verifies(token, candidate.secret));
      if (!server) return { kind: 'unverified', reason: 'bad_signature', meetingId };
      if (!(await deps.autoImportOf(meeting))) return { kind: 'auto_import_off', meeting, recordId };
      return imported(meeting, server, recordId);
    },
  };
}

export type RecordingReady = ReturnType<typeof createRecordingReady>;
