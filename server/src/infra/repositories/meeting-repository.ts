import { sql, type Selectable, type Transaction } from 'kysely';
import type { Meeting, MeetingAudience, MeetingCourse, MeetingRecurrence, MeetingRepository, MeetingSettings, MonthlyType, NewMeeting } from '../../domain/meetings/meeting.js';
import type { Db } from '../db.js';
import type { Database } from '../db-schema.js';
import type { MeetingsTable } from '../db-schema-meetings.js';

type MeetingRow = Selectable<MeetingsTable> & { group_ids: number[] | null };

function toMeeting(row: MeetingRow): Meeting {
  return {
    id: row.id,
    siteId: row.site_id,
    ownerId: row.owner_id,
    serverId: row.server_id,
    bbbMeetingId: row.bbb_meeting_id,
    name: row.name,
    isPersonal: row.is_personal,
    startAt: row.start_at,
    durationMinutes: row.duration_minutes,
    recurrence: row.recurrence as MeetingRecurrence | null,
    frequency: row.frequency,
    recurringUntil: row.recurring_until,
    occurrences: row.occurrences,
    weekdays: [...row.weekdays].map(Number),
    monthlyType: row.monthly_type as MonthlyType,
    audience: row.audience as MeetingAudience,
    groupIds: [...(row.group_ids ?? [])].sort((a, b) => a - b),
    courseId: row.course_id,
    maxParticipants: row.max_participants,
    welcomeText: row.welcome_text,
    record: row.record,
    autoStartRecording: row.auto_start_recording,
    allowStartStopRecording: row.allow_start_stop_recording,
    autoImport: row.auto_import,
    inviteSalt: row.invite_salt,
    internalMeetingId: row.internal_meeting_id,
    bbbCreateTime: row.bbb_create_time === null ? null : Number(row.bbb_create_time),
    lastStartedAt: row.last_started_at,
    lastServerId: row.last_server_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The columns of the settings (the domain's camelCase → the table's snake_case). */
function settingsColumns(settings: MeetingSettings) {
  return {
    name: settings.name,
    server_id: settings.serverId,
    start_at: settings.startAt,
    duration_minutes: settings.durationMinutes,
    recurrence: settings.recurrence,
    frequency: settings.frequency,
    recurring_until: settings.recurringUntil,
    occurrences: settings.occurrences,
    weekdays: settings.weekdays.join(''),
    monthly_type: settings.monthlyType,
    audience: settings.audience,
    course_id: settings.courseId,
    max_participants: settings.maxParticipants,
    welcome_text: settings.welcomeText,
    record: settings.record,
    auto_start_recording: settings.autoStartRecording,
    allow_start_stop_recording: settings.allowStartStopRecording,
    auto_import: settings.autoImport,
  };
}

function newRowColumns(meeting: NewMeeting) {
  return { ...settingsColumns(meeting), site_id: meeting.siteId, owner_id: meeting.ownerId, bbb_meeting_id: meeting.bbbMeetingId, is_personal: meeting.isPersonal, invite_salt: meeting.inviteSalt };
}

async function replaceGroups(trx: Transaction<Database>, meetingId: number, groupIds: readonly number[]): Promise<void> {
  await trx.deleteFrom('meeting_access_groups').where('meeting_id', '=', meetingId).execute();
  if (groupIds.length) await trx.insertInto('meeting_access_groups').values(groupIds.map((groupId) => ({ meeting_id: meetingId, group_id: groupId }))).execute();
}

export function createMeetingRepository(db: Db): MeetingRepository {
  const withGroups = () =>
    db
      .selectFrom('meetings as m')
      .selectAll('m')
      .select(sql<number[] | null>`(SELECT array_agg(g.group_id) FROM meeting_access_groups g WHERE g.meeting_id = m.id)`.as('group_ids'));
  const one = async (id: number) => {
    const row = await withGroups().where('m.id', '=', id).executeTakeFirst();
    return row ? toMeeting(row) : null;
  };
  const courses = () =>
    db.selectFrom('courses as c').select(['c.id', 'c.site_id', 'c.title', 'c.label']).orderBy('c.title').orderBy('c.label').orderBy('c.id');
  const toCourse = (row: { id: number; site_id: number; title: string; label: string; roles?: string[] }): MeetingCourse => ({ id: row.id, siteId: row.site_id, title: row.title, label: row.label, roles: row.roles ?? [] });

  return {
    async insert(meeting) {
      const id = await db.transaction().execute(async (trx) => {
        const row = await trx.insertInto('meetings').values(newRowColumns(meeting)).returning('id').executeTakeFirstOrThrow();
        await replaceGroups(trx, row.id, meeting.groupIds);
        return row.id;
      });
      return (await one(id))!;
    },
    async ensurePersonal(room) {
      const personal = () => withGroups().where('m.owner_id', '=', room.ownerId).where('m.is_personal', '=', true).executeTakeFirst();
      const existing = await personal();
      if (existing) return toMeeting(existing);
      // meetings_personal_key (owner_id WHERE is_personal): concurrent first visits insert once.
      await db
        .insertInto('meetings')
        .values(newRowColumns({ ...room, isPersonal: true }))
        .onConflict((conflict) => conflict.column('owner_id').where('is_personal', '=', true).doNothing())
        .execute();
      const row = await personal();
      if (!row) throw new Error(`personal room of user ${room.ownerId} neither inserted nor found`);
      return toMeeting(row);
    },
    findById: one,
    async findByBbbMeetingId(bbbMeetingId) {
      const row = await withGroups().where('m.bbb_meeting_id', '=', bbbMeetingId).executeTakeFirst();
      return row ? toMeeting(row) : null;
    },
    async findByBbbMeetingIds(bbbMeetingIds) {
      if (bbbMeetingIds.length === 0) return [];
      const rows = await withGroups().where('m.bbb_meeting_id', 'in', [...bbbMeetingIds]).execute();
      return rows.map(toMeeting);
    },
    async listByOwner(ownerId) {
      const rows = await withGroups().where('m.owner_id', '=', ownerId).orderBy('m.start_at').orderBy('m.id').execute();
      return rows.map(toMeeting);
    },
    async update(id, settings) {
      const updated = await db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('meetings')
          .set({ ...settingsColumns(settings), updated_at: sql`now()` })
          .where('id', '=', id)
          .returning('id')
          .executeTakeFirst();
        if (row) await replaceGroups(trx, id, settings.groupIds);
        return row !== undefined;
      });
      return updated ? one(id) : null;
    },
    async setInviteSalt(id, salt) {
      const row = await db.updateTable('meetings').set({ invite_salt: salt, updated_at: sql`now()` }).where('id', '=', id).returning('id').executeTakeFirst();
      return row ? one(id) : null;
    },
    async recordStart(id, start) {
      await db
        .updateTable('meetings')
        .set({ last_server_id: start.serverId, internal_meeting_id: start.internalMeetingId, bbb_create_time: start.createTime, last_started_at: sql`now()` })
        .where('id', '=', id)
        .execute();
    },
    async remove(id) {
      const result = await db.deleteFrom('meetings').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async coursesOfMember(userId) {
      const rows = await courses().innerJoin('course_members as cm', 'cm.course_id', 'c.id').select('cm.roles').where('cm.user_id', '=', userId).execute();
      return rows.map(toCourse);
    },
    async coursesOfSite(siteId) {
      return (await courses().where('c.site_id', '=', siteId).execute()).map(toCourse);
    },
  };
}
