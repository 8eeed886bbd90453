import { sql, type Selectable } from 'kysely';
import type { RecordingImport, RecordingImportRepository, RecordingImportStatus, RecordingImportTrigger } from '../../domain/meetings/recording-import.js';
import type { Db } from '../db.js';
import type { BbbRecordingImportsTable } from '../db-schema-meetings.js';

function toImport(row: Selectable<BbbRecordingImportsTable>): RecordingImport {
  return {
    id: row.id,
    siteId: row.site_id,
    serverId: row.server_id,
    recordId: row.record_id,
    bbbMeetingId: row.bbb_meeting_id,
    meetingId: row.meeting_id,
    name: row.name,
    recordedAt: row.recorded_at,
    ownerId: row.owner_id,
    requestedBy: row.requested_by,
    trigger: row.trigger as RecordingImportTrigger,
    status: row.status as RecordingImportStatus,
    videoId: row.video_id,
    mediaUrl: row.media_url,
    bytesExpected: row.bytes_expected === null ? null : Number(row.bytes_expected),
    bytesReceived: Number(row.bytes_received),
    attempts: row.attempts,
    captions: row.captions,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}

/** The recording imports (bbb_recording_imports); state changes are conditional on the current status. */
export function createRecordingImportRepository(db: Db): RecordingImportRepository {
  const one = (row: Selectable<BbbRecordingImportsTable> | undefined) => (row ? toImport(row) : null);
  const findById = async (id: number) => one(await db.selectFrom('bbb_recording_imports').selectAll().where('id', '=', id).executeTakeFirst());
  const update = (id: number) => db.updateTable('bbb_recording_imports').where('id', '=', id);

  return {
    async insert(row) {
      const inserted = await db
        .insertInto('bbb_recording_imports')
        .values({
          site_id: row.siteId,
          server_id: row.serverId,
          record_id: row.recordId,
          bbb_meeting_id: row.bbbMeetingId,
          meeting_id: row.meetingId,
          name: row.name,
          recorded_at: row.recordedAt,
          owner_id: row.ownerId,
          requested_by: row.requestedBy,
          trigger: row.trigger,
        })
        .onConflict((conflict) => conflict.columns(['server_id', 'record_id']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted) return { created: true, import: toImport(inserted) };
      const existing = await db.selectFrom('bbb_recording_imports').selectAll().where('server_id', '=', row.serverId).where('record_id', '=', row.recordId).executeTakeFirstOrThrow();
      return { created: false, import: toImport(existing) };
    },
    findById,
    async findByRecords(serverId, recordIds) {
      if (recordIds.length === 0) return [];
      const rows = await db.selectFrom('bbb_recording_imports').selectAll().where('server_id', '=', serverId).where('record_id', 'in', [...recordIds]).execute();
      return rows.map(toImport);
    },
    async listForOwner(ownerId, limit) {
      const rows = await db.selectFrom('bbb_recording_imports').selectAll().where('owner_id', '=', ownerId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map(toImport);
    },
    async requeue(id, requestedBy) {
      const row = await update(id)
        .set({
          status: 'queued',
          attempts: 0,
          bytes_received: 0,
          bytes_expected: null,
          error_code: null,
          error_message: null,
          finished_at: null,
          ...(requestedBy === null ? {} : { requested_by: requestedBy }),
          updated_at: sql`now()`,
        })
        // Failed, or done but its video deleted since: the recording may be imported again.
        .where((eb) => eb.or([eb('status', '=', 'failed'), eb.and([eb('status', '=', 'done'), eb('video_id', 'is', null)])]))
        .returningAll()
        .executeTakeFirst();
      return one(row);
    },
    async startAttempt(id) {
      const row = await update(id)
        .set({ status: 'downloading', attempts: sql`attempts + 1`, updated_at: sql`now()` })
        .where('status', 'in', ['queued', 'downloading'])
        .returningAll()
        .executeTakeFirst();
      return one(row);
    },
    async setMedia(id, media) {
      await update(id).set({ media_url: media.mediaUrl, bytes_expected: media.bytesExpected, updated_at: sql`now()` }).where('status', '=', 'downloading').execute();
    },
    async setProgress(id, bytesReceived) {
      await update(id).set({ bytes_received: bytesReceived, updated_at: sql`now()` }).where('status', '=', 'downloading').execute();
    },
    async finish(id, result) {
      const row = await update(id)
        .set({
          status: 'done',
          video_id: result.videoId,
          captions: result.captions,
          bytes_received: result.bytesReceived,
          error_code: null,
          error_message: null,
          finished_at: sql`now()`,
          updated_at: sql`now()`,
        })
        .where('status', '=', 'downloading')
        .returningAll()
        .executeTakeFirst();
      return one(row);
    },
    async fail(id, error) {
      const row = await update(id)
        .set({ status: 'failed', error_code: error.code, error_message: error.message.slice(0, 2000), finished_at: sql`now()`, updated_at: sql`now()` })
        .where('status', '<>', 'done')
        .returningAll()
        .executeTakeFirst();
      return one(row);
    },
    async noteRetry(id, error) {
      await update(id).set({ error_code: error.code, error_message: error.message.slice(0, 2000), updated_at: sql`now()` }).where('status', '=', 'downloading').execute();
    },
    async findMeeting(siteId, { bbbMeetingId, meetingId }) {
      if (!bbbMeetingId && !meetingId) return null;
      const row = await db
        .selectFrom('meetings')
        .select(['id', 'owner_id', 'name'])
        .where('site_id', '=', siteId)
        .where((eb) => eb.or([...(bbbMeetingId ? [eb('bbb_meeting_id', '=', bbbMeetingId)] : []), ...(meetingId ? [eb('id', '=', meetingId)] : [])]))
        // The recording's own meetingID wins over the tag.
        .orderBy(sql`bbb_meeting_id = ${bbbMeetingId ?? ''}`, 'desc')
        .limit(1)
        .executeTakeFirst();
      return row ? { id: row.id, ownerId: row.owner_id, name: row.name } : null;
    },
  };
}
