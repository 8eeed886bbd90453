/**
 * Lectern's own view of BigBlueButton: the results of the API calls we use, and the errors a
 * BBB server can cause. Types only; the one client that talks to BBB lives in
 * server/src/infra/bbb/ (shared/specs/bbb-xapi-sso.md §1).
 */
import { UnavailableError } from '../errors.js';

export type BbbChecksumAlgorithm = 'sha1' | 'sha256' | 'sha384' | 'sha512';
export const BBB_CHECKSUM_ALGORITHMS: readonly BbbChecksumAlgorithm[] = ['sha1', 'sha256', 'sha384', 'sha512'];

export type BbbRole = 'MODERATOR' | 'VIEWER';

/** Fields every SUCCESS envelope may carry (e.g. `duplicateWarning`, `sentEndMeetingRequest`). */
export interface BbbNotice {
  readonly messageKey?: string;
  readonly message?: string;
}

export interface BbbCreateResult extends BbbNotice {
  readonly meetingID: string;
  readonly internalMeetingID: string;
  readonly createTime: number;
  readonly voiceBridge?: string;
  readonly hasUserJoined: boolean;
  readonly hasBeenForciblyEnded: boolean;
  readonly duration: number;
}

export interface BbbAttendee {
  readonly userID: string;
  readonly fullName: string;
  readonly role: string;
  readonly isPresenter: boolean;
  readonly clientType?: string;
}

export interface BbbMeetingInfo {
  readonly meetingName: string;
  readonly meetingID: string;
  readonly internalMeetingID: string;
  readonly createTime: number;
  readonly running: boolean;
  readonly recording: boolean;
  readonly hasBeenForciblyEnded: boolean;
  readonly participantCount: number;
  readonly moderatorCount: number;
  readonly attendees: readonly BbbAttendee[];
  readonly metadata: Readonly<Record<string, string>>;
}

export interface BbbPreviewImage {
  readonly url: string;
  readonly width?: number;
  readonly height?: number;
  readonly alt?: string;
}

export interface BbbPlaybackFormat {
  readonly type: string;
  readonly url: string;
  /** Minutes, rounded down by the server: never use it as the real duration (§1.5). */
  readonly lengthMinutes: number;
  readonly previewImages: readonly BbbPreviewImage[];
}

export type BbbRecordingState = 'processing' | 'processed' | 'published' | 'unpublished' | 'deleted';

export interface BbbRecording {
  readonly recordID: string;
  readonly meetingID: string;
  readonly internalMeetingID?: string;
  readonly name: string;
  readonly state: string;
  readonly published: boolean;
  readonly startTime: Date;
  readonly endTime: Date;
  readonly participants: number;
  readonly metadata: Readonly<Record<string, string>>;
  readonly playback: readonly BbbPlaybackFormat[];
}

/** `returncode=FAILED`: code `bbb_<messageKey>`, e.g. `bbb_checksumError`, `bbb_notFound`. */
export class BbbApiError extends UnavailableError {
  constructor(
    readonly messageKey: string,
    readonly bbbMessage: string,
  ) {
    super(`bbb_${messageKey}`, `BigBlueButton refused the call: ${messageKey}${bbbMessage ? ` (${bbbMessage})` : ''}`, {
      params: { messageKey },
    });
  }
}

/** The answer was not a BBB envelope (not XML, no returncode, unexpected HTTP status). */
export class BbbProtocolError extends UnavailableError {
  constructor(message: string) {
    super('bbb_protocol_error', message);
  }
}

/** Network error, timeout or 5xx, after the retries. */
export class BbbUnavailableError extends UnavailableError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('bbb_unavailable', message);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

export interface BbbCreateParams {
  readonly name: string;
  /** 2–256 characters, no commas (ASCII letters, digits, `-`, `_`). */
  readonly meetingID: string;
  readonly record?: boolean;
  readonly autoStartRecording?: boolean;
  readonly allowStartStopRecording?: boolean;
  readonly duration?: number;
  readonly welcome?: string;
  /** The most users the meeting admits at once (moderators included). */
  readonly maxParticipants?: number;
  readonly logoutURL?: string;
  readonly meetingEndedURL?: string;
  /** Sent as `meta_<key>` (e.g. `bbb-recording-ready-url`, `endCallbackUrl`, our own tags). */
  readonly meta?: Readonly<Record<string, string>>;
}

export interface BbbJoinParams {
  readonly meetingID: string;
  readonly fullName: string;
  readonly role: BbbRole;
  readonly userID?: string;
  /** From create: BBB refuses the join if the meeting was re-created since. */
  readonly createTime?: number;
  readonly avatarURL?: string;
}

export interface BbbRecordingsQuery {
  /**
   * Every recording of the server, without a meeting or record filter (an administrator's
   * listing; page it with offset/limit). Without it, a query with no filter is refused, and it
   * cannot be combined with meetingIDs/recordIDs.
   */
  readonly all?: boolean;
  readonly meetingIDs?: readonly string[];
  /** Ignored by BBB when meetingIDs are also given; a prefix works as a wildcard. */
  readonly recordIDs?: readonly string[];
  /** Default (omitted): BBB's own default, published + unpublished. */
  readonly states?: readonly (BbbRecordingState | 'any')[];
  readonly meta?: Readonly<Record<string, string>>;
  readonly offset?: number;
  /** 1–100, BBB ≥ 2.6. */
  readonly limit?: number;
}

/** Port: one BBB server's API (implemented by server/src/infra/bbb/bbb-client.ts). */
export interface BbbApi {
  create(params: BbbCreateParams): Promise<BbbCreateResult>;
  /** The signed URL the browser follows (BBB 3.0 join is GET only); the client never calls it. */
  joinUrl(params: BbbJoinParams): string;
  isMeetingRunning(meetingID: string): Promise<boolean>;
  getMeetingInfo(meetingID: string): Promise<BbbMeetingInfo>;
  end(meetingID: string): Promise<BbbNotice>;
  getRecordings(query: BbbRecordingsQuery): Promise<BbbRecording[]>;
  publishRecordings(recordIDs: readonly string[], publish: boolean): Promise<boolean>;
  deleteRecordings(recordIDs: readonly string[]): Promise<boolean>;
}
