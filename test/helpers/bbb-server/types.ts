/** The BigBlueButton server double's public types (see README.md). */

export type ChecksumAlgorithm = 'sha1' | 'sha256' | 'sha384' | 'sha512';
export type RecordingState = 'processing' | 'processed' | 'published' | 'unpublished' | 'deleted';
export type PlaybackFormatType = 'video' | 'presentation' | 'podcast';

export interface BbbServerOptions {
  /** The shared secret (`securitySalt`); random 32 characters by default. */
  readonly secret?: string;
  /** bbb-web's `supportedChecksumAlgorithms` (default all four). */
  readonly supportedAlgorithms?: readonly ChecksumAlgorithm[];
  /** Scalelite's PROTECTED_RECORDINGS_ENABLED: every recording added gets one-time-use playback links. */
  readonly protectedRecordings?: boolean;
  /** Scalelite's PROTECTED_RECORDINGS_TOKEN_TIMEOUT, in ms (default 60 min). */
  readonly tokenTtlMs?: number;
  /** Scalelite's PROTECTED_RECORDINGS_TIMEOUT (the access cookie's lifetime), in ms (default 360 min). */
  readonly cookieTtlMs?: number;
}

/** One request under /bigbluebutton/api/. */
export interface ApiCallRecord {
  readonly call: string;
  readonly method: string;
  /** The URL query parameters (what the checksum covers), checksum included. */
  readonly query: URLSearchParams;
  /** The raw query string as received. */
  readonly rawQuery: string;
  readonly checksumOk: boolean;
}

/** Every request outside the API: playback pages, media files, Scalelite token links. */
export interface MediaRequestRecord {
  readonly path: string;
  readonly method: string;
  readonly range: string | null;
  readonly status: number;
}

export type Failure =
  | { readonly kind: 'http'; readonly status: number }
  | { readonly kind: 'malformed' }
  | { readonly kind: 'slow'; readonly delayMs: number }
  | { readonly kind: 'reset' }
  | { readonly kind: 'failed'; readonly messageKey: string; readonly message?: string };

export type MediaFailure =
  /** Destroy the socket after `afterBytes` bytes of body, `times` times (default 1). */
  | { readonly kind: 'cut'; readonly afterBytes: number; readonly times?: number }
  /** The recording is deleted mid-download: cut after `afterBytes`, then 404 from then on. */
  | { readonly kind: 'deleteAfter'; readonly afterBytes: number }
  /** Every media body is sent at this rate until failMedia is called again. */
  | { readonly kind: 'slow'; readonly bytesPerSecond: number };

export interface CaptionSpec {
  readonly locale: string;
  readonly vtt: string;
  /** The player's label (`localeName` in captions.json); defaults to the locale. */
  readonly label?: string;
}

export interface RecordingSpec {
  /** Default: `<sha1(meetingID)>-<startTime ms>`, the shape of BBB's internal meeting ids. */
  readonly recordID?: string;
  readonly meetingID: string;
  readonly name?: string;
  readonly startTime?: Date;
  readonly endTime?: Date;
  /** Default `published`. */
  readonly state?: RecordingState;
  readonly formats: readonly PlaybackFormatType[];
  readonly captions?: readonly CaptionSpec[];
  /** Recording metadata (as the meta_* of create, keys kept as given). */
  readonly metadata?: Readonly<Record<string, string>>;
  readonly participants?: number;
  /** Scalelite protected recording: playback URLs are `${origin}/recording/<id>/<format>?token=<single use>`. */
  readonly viaToken?: boolean;
  /** The file served as video-0.m4v; default a generated 2 s faststart H.264/AAC clip. */
  readonly media?: string;
}

export interface DoubleAttendee {
  readonly userID: string;
  readonly fullName: string;
  readonly role: 'MODERATOR' | 'VIEWER';
  readonly isPresenter: boolean;
  readonly sessionToken: string;
  readonly authToken: string;
  /** The join query parameters (checksum excluded). */
  readonly params: Readonly<Record<string, string>>;
}

export interface DoubleMeeting {
  readonly meetingID: string;
  readonly internalMeetingID: string;
  readonly name: string;
  readonly createTime: number;
  readonly voiceBridge: string;
  readonly attendeePW: string;
  readonly moderatorPW: string;
  /** Every create parameter (checksum excluded). */
  readonly params: Readonly<Record<string, string>>;
  /** meta_* parameters, keys lower-cased as bbb-web stores them. */
  readonly meta: Readonly<Record<string, string>>;
  readonly attendees: DoubleAttendee[];
  running: boolean;
  hasUserJoined: boolean;
  forciblyEnded: boolean;
  startTime: number;
  endTime: number;
}

export interface RecordingReadyAnswer {
  readonly url: string;
  readonly status: number;
  readonly body: string;
}

export interface DoubleRecording {
  readonly recordID: string;
  readonly meetingID: string;
  readonly name: string;
  readonly startTime: Date;
  readonly endTime: Date;
  readonly participants: number;
  readonly formats: readonly PlaybackFormatType[];
  readonly captions: readonly CaptionSpec[];
  readonly metadata: Record<string, string>;
  readonly viaToken: boolean;
  /** The files served as video-0.m4v and audio.ogg. */
  readonly mediaPath: string;
  readonly mediaSize: number;
  readonly podcastPath: string;
  readonly processingTime: number;
  state: RecordingState;
  /** The answer to the recording-ready callback, when endWithRecording sent one. */
  recordingReady?: RecordingReadyAnswer;
}

export interface RecordingReadyOptions {
  /** Sign with another secret (default the server's). */
  readonly secret?: string;
  readonly alg?: 'HS256' | 'HS512' | 'none';
  /** Change the payload after signing (the signature no longer verifies). */
  readonly tamper?: boolean;
}

export interface BbbServerDouble {
  /** http://127.0.0.1:<port> */
  readonly origin: string;
  /** `${origin}/bigbluebutton/api/` */
  readonly apiUrl: string;
  readonly secret: string;
  readonly calls: readonly ApiCallRecord[];
  readonly mediaRequests: readonly MediaRequestRecord[];
  meeting(meetingID: string): DoubleMeeting | undefined;
  addRecording(spec: RecordingSpec): Promise<DoubleRecording>;
  recording(recordID: string): DoubleRecording | undefined;
  /** As deleteRecordings: state deleted, files gone (404). */
  deleteRecording(recordID: string): void;
  /**
   * Ends the meeting and makes its recording from the create parameters (name, meta_*); when the
   * meeting had meta_bbb-recording-ready-url, POSTs the signed callback and waits for the answer
   * (in `recording.recordingReady`).
   */
  endWithRecording(meetingID: string, spec?: Partial<RecordingSpec>): Promise<DoubleRecording>;
  sendRecordingReady(url: string, payload: { meeting_id: string; record_id: string }, options?: RecordingReadyOptions): Promise<{ status: number; body: string }>;
  /** The next `times` (default 1) API requests for `call` ('*': any call) fail this way. */
  failNext(call: string, failure: Failure, times?: number): void;
  failMedia(recordID: string, failure: MediaFailure): void;
  close(): Promise<void>;
}
