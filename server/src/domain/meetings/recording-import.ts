/**
 * A BigBlueButton recording becoming a Lectern video: one per (server, record id), ever —
 * that row is what keeps a recording from being imported twice. The import job downloads the
 * `video` playback's media file (resuming), creates a draft video owned by the meeting's
 * owner, adds the recording's captions as subtitle tracks, and queues its encoding.
 */
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
