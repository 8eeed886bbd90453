import { sql, type Selectable } from 'kysely';
import type { LtiLink, LtiLinkRepository } from '../../domain/lms/lti-link.js';
import type { Db } from '../db.js';
import type { LtiLinksTable } from '../db-schema.js';

function toLink(row: Selectable<LtiLinksTable>): LtiLink {
  return {
    id: row.id,
    platformId: row.platform_id,
    deploymentId: row.deployment_id,
    resourceLinkId: row.resource_link_id,
    courseId: row.course_id,
    videoId: row.video_id,
    title: row.title,
    lineItemUrl: row.line_item_url,
    agsScopes: row.ags_scopes,
    membershipsUrl: row.memberships_url,
    completionThreshold: row.completion_threshold,
    createdAt: row.created_at,
    lastLaunchAt: row.last_launch_at,
  };
}

function unchanged(row: Selectable<LtiLinksTable>, changes: Record<string, unknown>): boolean {
  return Object.entries(changes).every(([column, value]) => JSON.stringify(row[column as keyof typeof row]) === JSON.stringify(value));
}

export function createLtiLinkRepository(db: Db): LtiLinkRepository {
  return {
    async upsert(link) {
      const values = {
        platform_id: link.platformId,
        deployment_id: link.deploymentId,
        resource_link_id: link.resourceLinkId,
        course_id: link.courseId,
        video_id: link.videoId,
        title: link.title,
        line_item_url: link.lineItemUrl,
        ags_scopes: [...link.agsScopes],
        memberships_url: link.membershipsUrl,
        completion_threshold: link.completionThreshold,
      };
      const { platform_id: _platform, resource_link_id: _resource, ...changes } = values;
      // Every launch of the link repeats it: no write when nothing changed within the hour.
      const current = await db
        .selectFrom('lti_links')
        .selectAll()
        .select(sql<boolean>`last_launch_at > now() - interval '1 hour'`.as('recent'))
        .where('platform_id', '=', link.platformId)
        .where('resource_link_id', '=', link.resourceLinkId)
        .executeTakeFirst();
      if (current?.recent && unchanged(current, changes)) return toLink(current);
      const row = await db
        .insertInto('lti_links')
        .values(values)
        .onConflict((oc) => oc.columns(['platform_id', 'resource_link_id']).doUpdateSet({ ...changes, last_launch_at: sql`now()` }))
        .returningAll()
        .executeTakeFirstOrThrow();
      return toLink(row);
    },
    async findById(id) {
      const row = await db.selectFrom('lti_links').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toLink(row) : null;
    },
    async listForCourse(courseId) {
      return (await db.selectFrom('lti_links').selectAll().where('course_id', '=', courseId).orderBy('last_launch_at', 'desc').orderBy('id').execute()).map(toLink);
    },
  };
}
