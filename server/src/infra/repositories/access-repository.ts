import { sql } from 'kysely';
import type { AccessGroup, AccessRepository, Course } from '../../domain/access/access-repository.js';
import type { Db } from '../db.js';

interface GroupRow {
  id: number;
  site_id: number;
  code_name: string;
  display_name: string;
  created_at: Date;
  member_count: string | number;
}

const toGroup = (row: GroupRow): AccessGroup => ({
  id: row.id,
  siteId: row.site_id,
  codeName: row.code_name,
  displayName: row.display_name,
  memberCount: Number(row.member_count),
  createdAt: row.created_at,
});

const sameRoles = (stored: readonly string[] | null, roles: readonly string[]) => stored !== null && stored.length === roles.length && stored.every((role, i) => role === roles[i]);

const toCourse = (row: { id: number; site_id: number; platform: string; context_id: string; title: string; label: string }): Course => ({
  id: row.id,
  siteId: row.site_id,
  platform: row.platform,
  contextId: row.context_id,
  title: row.title,
  label: row.label,
});

export function createAccessRepository(db: Db): AccessRepository {
  const groups = () =>
    db
      .selectFrom('access_groups as g')
      .selectAll('g')
      .select(sql<string>`(SELECT count(*) FROM access_group_members m WHERE m.group_id = g.id)`.as('member_count'));
  const groupById = async (id: number) => {
    const row = await groups().where('g.id', '=', id).executeTakeFirst();
    return row ? toGroup(row) : null;
  };
  return {
    async listGroups(siteId) {
      return (await groups().where('g.site_id', '=', siteId).orderBy('g.code_name').execute()).map(toGroup);
    },
    async findGroupsByCodes(siteId, codes) {
      if (codes.length === 0) return [];
      const lower = codes.map((code) => code.toLowerCase());
      return (await groups().where('g.site_id', '=', siteId).where(sql<string>`lower(g.code_name)`, 'in', lower).execute()).map(toGroup);
    },
    async createGroup(siteId, codeName, displayName, options) {
      const row = await db
        .insertInto('access_groups')
        .values({ site_id: siteId, code_name: codeName, display_name: displayName, auto_sync: options?.autoSync ?? false })
        .onConflict((oc) => oc.expression(sql`site_id, lower(code_name)`).doNothing())
        .returning('id')
        .executeTakeFirst();
      return row ? groupById(row.id) : null;
    },
    async renameGroup(id, displayName) {
      await db.updateTable('access_groups').set({ display_name: displayName }).where('id', '=', id).execute();
      return groupById(id);
    },
    async deleteGroup(id) {
      return db.transaction().execute(async (trx) => {
        // Videos restricted to this group lose a restriction: their grants must be re-checked.
        await trx.updateTable('videos').set({ access_epoch: sql`access_epoch + 1` }).where('id', 'in', trx.selectFrom('video_access_groups').select('video_id').where('group_id', '=', id)).execute();
        const result = await trx.deleteFrom('access_groups').where('id', '=', id).executeTakeFirst();
        return Number(result.numDeletedRows) > 0;
      });
    },
    async autoSyncGroupIdsOf(userId) {
      const rows = await db
        .selectFrom('access_group_members as m')
        .innerJoin('access_groups as g', 'g.id', 'm.group_id')
        .select('g.id')
        .where('m.user_id', '=', userId)
        .where('g.auto_sync', '=', true)
        .execute();
      return rows.map((row) => row.id);
    },
    async groupMembers(groupId) {
      const rows = await db
        .selectFrom('access_group_members as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['u.id', 'u.username', 'u.first_name', 'u.last_name'])
        .where('m.group_id', '=', groupId)
        .orderBy('u.username')
        .execute();
      return rows.map((row) => ({ id: row.id, username: row.username, firstName: row.first_name, lastName: row.last_name }));
    },
    async addGroupMembers(groupId, userIds) {
      if (userIds.length === 0) return;
      await db.insertInto('access_group_members').values(userIds.map((userId) => ({ group_id: groupId, user_id: userId }))).onConflict((oc) => oc.doNothing()).execute();
    },
    async removeGroupMembers(groupId, userIds) {
      if (userIds.length === 0) return;
      await db.deleteFrom('access_group_members').where('group_id', '=', groupId).where('user_id', 'in', [...userIds]).execute();
    },
    async membershipsOf(userId) {
      const [groupRows, courseRows] = await Promise.all([
        db.selectFrom('access_group_members').select('group_id').where('user_id', '=', userId).execute(),
        db.selectFrom('course_members').select('course_id').where('user_id', '=', userId).execute(),
      ]);
      return { groupIds: groupRows.map((row) => row.group_id), courseIds: courseRows.map((row) => row.course_id) };
    },
    async coursesOf(userId) {
      const rows = await db.selectFrom('courses as c').innerJoin('course_members as m', 'm.course_id', 'c.id').selectAll('c').where('m.user_id', '=', userId).orderBy('c.title').execute();
      return rows.map(toCourse);
    },
    async findCourses(siteId, ids) {
      if (ids.length === 0) return [];
      return (await db.selectFrom('courses').selectAll().where('site_id', '=', siteId).where('id', 'in', [...ids]).execute()).map(toCourse);
    },
    async upsertCourseMember(course, userId, roles) {
      // Every LTI launch repeats it: when nothing changed (and the member was seen within the
      // hour), one read and no write, so launches in one course do not queue on its row lock.
      const current = await db
        .selectFrom('courses as c')
        .leftJoin('course_members as m', (join) => join.onRef('m.course_id', '=', 'c.id').on('m.user_id', '=', userId))
        .selectAll('c')
        .select(['m.roles as member_roles', sql<boolean>`m.last_seen_at > now() - interval '1 hour'`.as('seen_recently')])
        .where('c.site_id', '=', course.siteId)
        .where('c.platform', '=', course.platform)
        .where('c.context_id', '=', course.contextId)
        .executeTakeFirst();
      if (current && current.title === course.title && current.label === course.label && current.seen_recently && sameRoles(current.member_roles, roles)) return toCourse(current);
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('courses')
          .values({ site_id: course.siteId, platform: course.platform, context_id: course.contextId, title: course.title, label: course.label })
          .onConflict((oc) => oc.columns(['site_id', 'platform', 'context_id']).doUpdateSet({ title: course.title, label: course.label, updated_at: sql`now()` }))
          .returningAll()
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('course_members')
          .values({ course_id: row.id, user_id: userId, roles: [...roles] })
          .onConflict((oc) => oc.columns(['course_id', 'user_id']).doUpdateSet({ roles: [...roles], last_seen_at: sql`now()` }))
          .execute();
        return toCourse(row);
      });
    },
  };
}
