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
