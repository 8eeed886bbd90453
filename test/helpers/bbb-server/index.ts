/** BigBlueButton server double (bbb-web API, published playback, Scalelite protected recordings). See README.md. */
export { startBbbServer } from './start-bbb-server.js';
export type {
  ApiCallRecord,
  BbbServerDouble,
  BbbServerOptions,
  CaptionSpec,
  ChecksumAlgorithm,
  DoubleAttendee,
  DoubleMeeting,
  DoubleRecording,
  Failure,
  MediaFailure,
  MediaRequestRecord,
  PlaybackFormatType,
  RecordingReadyAnswer,
  RecordingReadyOptions,
  RecordingSpec,
  RecordingState,
} from './types.js';
export { signHmacJwt, verifyHs256Jwt, type HmacAlg } from './jws-hmac.js';
export { queryWithoutChecksum, checksumIsValid } from './checksum-validator.js';
export { videoIndexHtml, faststartClip, podcastAudio } from './recording-media.js';
