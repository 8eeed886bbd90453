/** Building recordings: from a test's spec (addRecording) or from an ended meeting (endWithRecording). */
import { stat } from 'node:fs/promises';
import { internalIdOf, nextCreateTime, type DoubleContext } from './double-context.js';
import { endMeeting } from './meeting-calls.js';
import { faststartClip, podcastAudio, writeRecordingFiles } from './recording-media.js';
import { postRecordingReady, recordingReadyJwt } from './recording-ready.js';
import type { DoubleRecording, RecordingSpec } from './types.js';

function times(ctx: DoubleContext, spec: RecordingSpec): { startTime: Date; endTime: Date } {
  if (spec.startTime && spec.endTime) return { startTime: spec.startTime, endTime: spec.endTime };
  if (spec.startTime) return { startTime: spec.startTime, endTime: new Date(spec.startTime.getTime() + 2000) };
  const end = spec.endTime ?? new Date(nextCreateTime(ctx));
  return { startTime: new Date(end.getTime() - 2000), endTime: end };
}

export async function buildRecording(ctx: DoubleContext, spec: RecordingSpec): Promise<DoubleRecording> {
  if (!spec.meetingID) throw new Error('addRecording: meetingID is required');
  for (const caption of spec.captions ?? []) {
    if (!/^[A-Za-z0-9_-]+$/.test(caption.locale)) throw new Error(`addRecording: caption locale ${JSON.stringify(caption.locale)} is not a BBB locale`);
  }
  const { startTime, endTime } = times(ctx, spec);
  const recordID = spec.recordID ?? internalIdOf(spec.meetingID, startTime.getTime());
  if (ctx.recordings.has(recordID)) throw new Error(`addRecording: recording ${recordID} already exists`);
  const name = spec.name ?? ctx.meetings.get(spec.meetingID)?.name ?? spec.meetingID;
  const mediaPath = spec.media ?? (await faststartClip());
  const recording: DoubleRecording = {
    recordID,
    meetingID: spec.meetingID,
    name,
    startTime,
    endTime,
    participants: spec.participants ?? 1,
    formats: [...spec.formats],
    captions: [...(spec.captions ?? [])],
    // What record-and-playback writes into every recording's metadata, then the meta_* of create.
    metadata: { isBreakout: 'false', meetingName: name, meetingId: spec.meetingID, ...spec.metadata },
    viaToken: spec.viaToken ?? ctx.protectedRecordings,
    mediaPath,
    mediaSize: (await stat(mediaPath)).size,
    podcastPath: spec.formats.includes('podcast') ? await podcastAudio() : '',
    processingTime: 7177,
    state: spec.state ?? 'published',
  };
  await writeRecordingFiles(recording);
  ctx.recordings.set(recordID, recording);
  return recording;
}

export async function recordEndedMeeting(ctx: DoubleContext, meetingID: string, spec: Partial<RecordingSpec> = {}): Promise<DoubleRecording> {
  const meeting = ctx.meetings.get(meetingID);
  if (!meeting) throw new Error(`endWithRecording: no meeting ${meetingID} was created`);
  if (meeting.params['record'] !== 'true') throw new Error(`endWithRecording: meeting ${meetingID} was created without record=true, BBB would make no recording`);
  if (!meeting.forciblyEnded) endMeeting(meeting);
  const recording = await buildRecording(ctx, {
    recordID: meeting.internalMeetingID,
    name: meeting.name,
    startTime: new Date(meeting.startTime || meeting.createTime),
    endTime: new Date(meeting.endTime),
    formats: ['presentation', 'video'],
    participants: new Set(meeting.attendees.map((a) => a.userID)).size,
    ...spec,
    metadata: { ...meeting.meta, ...spec.metadata },
    meetingID,
  });
  const url = meeting.meta['bbb-recording-ready-url'];
  if (url && (recording.state === 'published' || recording.state === 'unpublished')) {
    const answer = await postRecordingReady(url, recordingReadyJwt({ meeting_id: meetingID, record_id: recording.recordID }, ctx.secret));
    recording.recordingReady = { url, ...answer };
  }
  return recording;
}
