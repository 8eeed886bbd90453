/**
 * A BigBlueButton recording becoming a Lectern video: one per (server, record id), ever —
 * that row is what keeps a recording from being imported twice. The import job downloads the
 * `video` playback's media file (resuming), creates a draft video owned by the meeting's
 * owner, adds the recording's captions as subtitle tracks, and queues its encoding.
 */
import { z } from 'zod';
import type { RetryPolicy } from '../encoding/encoding-jobs.js';
import type { BbbRecording } from './bbb.js';
import type { BbbServer } from './bbb-server.js';

export const RECORDING_IMPORT_STATUSES = ['queued', 'downloading', 'done', 'failed'] as const;
export type RecordingImportStatus = (typeof RECORDING_IMPORT_STATUSES)[number];
export type RecordingImportTrigger = 'manual' | 'callback';

export interface RecordingImport {
  readonly id: number;
  readonly siteId: number;
  readonly serverId: number;
  readonly recordId: string;
  readonly bbbMeetingId: string;
  /** Our meeting, when the recording is of one of Lectern's meetings. */
  readonly meetingId: number | null;
  readonly name: string;
  readonly recordedAt: Date;
  /** Who the video belongs to: the meeting's owner (or whoever imported a foreign recording). */
  readonly ownerId: number;
  readonly requestedBy: number | null;
  readonly trigger: RecordingImportTrigger;
  readonly status: RecordingImportStatus;
  readonly videoId: number | null;
  readonly mediaUrl: string | null;
  readonly bytesExpected: number | null;
  readonly bytesReceived: number;
  readonly attempts: number;
  /** Caption files imported as subtitle tracks. */
  readonly captions: number;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly finishedAt: Date | null;
}

/** What asks for an import: a person from the recordings page, or BBB's recording-ready callback. */
export interface RecordingImportRequest {
  readonly server: BbbServer;
  readonly recording: BbbRecording;
  /** Null for the callback. */
  readonly requestedBy: number | null;
  readonly trigger: RecordingImportTrigger;
}

/** Port: queues the import job (its payload is the import's id). */
export interface RecordingImportQueue {
  enqueueRecordingImport(payload: { readonly importId: number }): Promise<void>;
}

export const RECORDING_IMPORT_JOB = 'bbb.import-recording';

export const recordingImportPayloadSchema = z.object({ importId: z.number().int().positive() });
export type RecordingImportPayload = z.infer<typeof recordingImportPayloadSchema>;

/**
 * Attempts of the import job, the first included, and the wait before the second (doubled each
 * time): for a BBB server that does not answer. Each attempt resumes the download where the
 * previous one stopped; within an attempt the download itself retries config.bbb.downloadAttempts times.
 */
export const RECORDING_IMPORT_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 60_000 };

/** Our meeting a recording belongs to (looked up by its BBB meetingID, or our id from its `lectern-meeting` tag). */
export interface ImportMeeting {
  readonly id: number;
  readonly ownerId: number;
  readonly name: string;
}

export type NewRecordingImport = Pick<RecordingImport, 'siteId' | 'serverId' | 'recordId' | 'bbbMeetingId' | 'meetingId' | 'name' | 'recordedAt' | 'ownerId' | 'requestedBy' | 'trigger'>;

/** Port: the imports (table bbb_recording_imports). */
export interface RecordingImportRepository {
  /** A new queued import, or the one (server, record id) already has. */
  insert(row: NewRecordingImport): Promise<{ readonly created: boolean; readonly import: RecordingImport }>;
  findById(id: number): Promise<RecordingImport | null>;
  findByRecords(serverId: number, recordIds: readonly string[]): Promise<RecordingImport[]>;
  /** Most recent first. */
  listForOwner(ownerId: number, limit: number): Promise<RecordingImport[]>;
  /** A failed import queued again (attempts, progress and error cleared); null when it is not failed. */
  requeue(id: number, requestedBy: number | null): Promise<RecordingImport | null>;
  /** A job run starts: queued or downloading → downloading, attempts + 1; null when it is done or failed. */
  startAttempt(id: number): Promise<RecordingImport | null>;
  setMedia(id: number, media: { readonly mediaUrl: string; readonly bytesExpected: number | null }): Promise<void>;
  setProgress(id: number, bytesReceived: number): Promise<void>;
  /** Downloading → done; null when it was no longer downloading. */
  finish(id: number, result: { readonly videoId: number; readonly captions: number; readonly bytesReceived: number }): Promise<RecordingImport | null>;
  /** Any state but done → failed. */
  fail(id: number, error: { readonly code: string; readonly message: string }): Promise<RecordingImport | null>;
  /** The error of an attempt that will be retried (status unchanged). */
  noteRetry(id: number, error: { readonly code: string; readonly message: string }): Promise<void>;
  /** Our meeting on the site whose BBB meetingID is `bbbMeetingId`, else the one whose id is `meetingId`, if any. */
  findMeeting(siteId: number, ids: { readonly bbbMeetingId?: string; readonly meetingId?: number | null }): Promise<ImportMeeting | null>;
}
