import { sql, type Transaction } from 'kysely';
import type { NewVideoRow, VideoChanges, VideoFilter, VideoRepository } from '../../domain/videos/video-repository.js';
import type { Licence, UserRef, Video, VideoEncodingState, VideoStatus } from '../../domain/videos/video.js';
import type { EncodedMedia } from '../../domain/encoding/encoded-media.js';
import type { EncodingJobStatus, EncodingStep } from '../../domain/encoding/encoding-job.js';
import type { Db } from '../db.js';
import type { Database } from '../db-schema.js';
import { videoSlug } from '../../domain/videos/slug.js';

interface UserRefRow {
  id: number;
  username: string;
  first_name: string;
  last_name: string;
}

const toUserRef = (row: UserRefRow): UserRef => ({ id: row.id, username: row.username, firstName: row.first_name, lastName: row.last_name });

function baseQuery(db: Db | Transaction<Database>) {
  return db
    .selectFrom('videos as v')
    .innerJoin('users as o', 'o.id', 'v.owner_id')
    .selectAll('v')
    .select([
      sql<UserRefRow>`json_build_object('id', o.id, 'username', o.username, 'first_name', o.first_name, 'last_name', o.last_name)`.as('owner'),
      sql<UserRefRow[]>`coalesce((
        SELECT json_agg(json_build_object('id', u.id, 'username', u.username, 'first_name', u.first_name, 'last_name', u.last_name) ORDER BY u.username)
        FROM video_additional_owners ao JOIN users u ON u.id = ao.user_id WHERE ao.video_id = v.id), '[]'::json)`.as('additional_owners'),
      sql<{ id: number; code_name: string; display_name: string }[]>`coalesce((
        SELECT json_agg(json_build_object('id', g.id, 'code_name', g.code_name, 'display_name', g.display_name) ORDER BY g.code_name)
        FROM video_access_groups vg JOIN access_groups g ON g.id = vg.group_id WHERE vg.video_id = v.id), '[]'::json)`.as('access_groups'),
      sql<{ id: number; title: string; label: string }[]>`coalesce((
        SELECT json_agg(json_build_object('id', c.id, 'title', c.title, 'label', c.label) ORDER BY c.title, c.id)
        FROM video_courses vc JOIN courses c ON c.id = vc.course_id WHERE vc.video_id = v.id), '[]'::json)`.as('courses'),
      sql<number[]>`coalesce((SELECT array_agg(vd.discipline_id ORDER BY vd.discipline_id) FROM video_disciplines vd WHERE vd.video_id = v.id), '{}')`.as('discipline_ids'),
      sql<EncodingRow | null>`(SELECT to_json(ej) FROM (SELECT id, status, step, progress, attempts, error_code, error_message, queued_at, retry_at, started_at, finished_at
        FROM encoding_jobs WHERE encoding_jobs.id = v.encoding_job_id) ej)`.as('encoding'),
    ]);
}

interface EncodingRow {
  id: string;
  status: EncodingJobStatus;
  step: EncodingStep | null;
  progress: number;
  attempts: number;
  error_code: string | null;
  error_message: string | null;
  queued_at: string;
  retry_at: string | null;
  started_at: string | null;
  finished_at: string | null;
}

const dateOrNull = (text: string | null): Date | null => (text === null ? null : new Date(text));

function toEncodingState(row: EncodingRow | null): VideoEncodingState | null {
  if (!row) return null;
  return {
    jobId: row.id,
    status: row.status,
    step: row.step,
    progress: Number(row.progress),
    attempts: row.attempts,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    queuedAt: new Date(row.queued_at),
    retryAt: dateOrNull(row.retry_at),
    startedAt: dateOrNull(row.started_at),
    finishedAt: dateOrNull(row.finished_at),
  };
}

type VideoRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

function toVideo(row: VideoRow): Video {
  return {
    id: row.id,
    siteId: row.site_id,
    slug: row.slug,
    title: row.title,
    description: row.description,
    typeId: row.type_id,
    owner: toUserRef(row.owner),
    additionalOwners: row.additional_owners.map(toUserRef),
    tags: row.tags,
    disciplineIds: row.discipline_ids,
    licence: row.licence as Licence | null,
    mainLang: row.main_lang,
    dateEvt: row.date_evt,
    isDraft: row.is_draft,
    isRestricted: row.is_restricted,
    hasPassword: row.password_hash !== null,
    accessGroups: row.access_groups.map((g) => ({ id: g.id, codeName: g.code_name, displayName: g.display_name })),
    courses: row.courses.map((c) => ({ id: c.id, title: c.title, label: c.label })),
    allowDownloading: row.allow_downloading,
    status: row.status as VideoStatus,
    durationSeconds: row.duration_seconds,
    source: row.source_key && row.source_filename ? { filename: row.source_filename, size: Number(row.source_size), key: row.source_key } : null,
    encoding: toEncodingState(row.encoding),
    media:
      row.media_folder && row.media && row.encoded_at
        ? { folder: row.media_folder, manifest: row.media as EncodedMedia, thumbnailIndex: row.thumbnail_index, encodedAt: row.encoded_at }
        : null,
    accessEpoch: row.access_epoch,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function columnsOf(changes: VideoChanges) {
  const columns: Record<string, unknown> = {};
  if (changes.ownerId !== undefined) columns.owner_id = changes.ownerId;
  if (changes.title !== undefined) columns.title = changes.title;
  if (changes.description !== undefined) columns.description = changes.description;
  if (changes.typeId !== undefined) columns.type_id = changes.typeId;
  if (changes.tags !== undefined) columns.tags = [...changes.tags];
  if (changes.licence !== undefined) columns.licence = changes.licence;
  if (changes.mainLang !== undefined) columns.main_lang = changes.mainLang;
  if (changes.dateEvt !== undefined) columns.date_evt = changes.dateEvt;
  if (changes.isDraft !== undefined) columns.is_draft = changes.isDraft;
  if (changes.isRestricted !== undefined) columns.is_restricted = changes.isRestricted;
  if (changes.passwordHash !== undefined) columns.password_hash = changes.passwordHash;
  if (changes.allowDownloading !== undefined) columns.allow_downloading = changes.allowDownloading;
  return columns;
}

async function replaceRelations(trx: Transaction<Database>, videoId: number, changes: VideoChanges): Promise<void> {
  if (changes.additionalOwnerIds !== undefined) {
    await trx.deleteFrom('video_additional_owners').where('video_id', '=', videoId).execute();
    if (changes.additionalOwnerIds.length) {
      await trx.insertInto('video_additional_owners').values(changes.additionalOwnerIds.map((userId) => ({ video_id: videoId, user_id: userId }))).execute();
    }
  }
  if (changes.accessGroupIds !== undefined) {
    await trx.deleteFrom('video_access_groups').where('video_id', '=', videoId).execute();
    if (changes.accessGroupIds.length) {
      await trx.insertInto('video_access_groups').values(changes.accessGroupIds.map((id) => ({ video_id: videoId, group_id: id }))).execute();
    }
  }
  if (changes.courseIds !== undefined) {
    await trx.deleteFrom('video_courses').where('video_id', '=', videoId).execute();
    if (changes.courseIds.length) {
      await trx.insertInto('video_courses').values(changes.courseIds.map((id) => ({ video_id: videoId, course_id: id }))).execute();
    }
  }
  if (changes.disciplineIds !== undefined) {
    await trx.deleteFrom('video_disciplines').where('video_id', '=', videoId).execute();
    if (changes.disciplineIds.length) {
      await trx.insertInto('video_disciplines').values(changes.disciplineIds.map((id) => ({ video_id: videoId, discipline_id: id }))).execute();
    }
  }
}

const sameIds = (a: readonly number[], b: readonly number[]) => a.length === b.length && [...a].sort().every((id, i) => id === [...b].sort()[i]);

/**
 * Whether a change touches who may watch (draft, audience, password, owners): then the access
 * epoch moves on and every media grant issued before stops working.
 */
function changesAccess(before: Video, changes: VideoChanges): boolean {
  return (
    (changes.ownerId !== undefined && changes.ownerId !== before.owner.id) ||
    (changes.isDraft !== undefined && changes.isDraft !== before.isDraft) ||
    (changes.isRestricted !== undefined && changes.isRestricted !== before.isRestricted) ||
    changes.passwordHash !== undefined ||
    (changes.accessGroupIds !== undefined && !sameIds(changes.accessGroupIds, before.accessGroups.map((g) => g.id))) ||
    (changes.courseIds !== undefined && !sameIds(changes.courseIds, before.courses.map((c) => c.id))) ||
    (changes.additionalOwnerIds !== undefined && !sameIds(changes.additionalOwnerIds, before.additionalOwners.map((o) => o.id)))
  );
}

/** `%` and `_` in a user's search are literal characters, not wildcards. */
function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

type FilteredVideos = ReturnType<typeof filteredVideos>;

function filteredVideos(db: Db, siteId: number) {
  return db.selectFrom('videos as v').where('v.site_id', '=', siteId);
}

function applyFilter(query: FilteredVideos, filter: VideoFilter): FilteredVideos {
  let filtered = query;
  if (filter.ownerId !== undefined) filtered = filtered.where('v.owner_id', '=', filter.ownerId);
  if (filter.typeId !== undefined) filtered = filtered.where('v.type_id', '=', filter.typeId);
  if (filter.isDraft !== undefined) filtered = filtered.where('v.is_draft', '=', filter.isDraft);
  if (filter.isRestricted !== undefined) filtered = filtered.where('v.is_restricted', '=', filter.isRestricted);
  if (filter.encodingInProgress !== undefined) {
    filtered = filtered.where('v.status', filter.encodingInProgress ? 'in' : 'not in', ['queued', 'encoding']);
  }
  if (filter.titleContains) filtered = filtered.where(sql<boolean>`unaccent(v.title) ILIKE unaccent(${likePattern(filter.titleContains)})`);
  if (filter.addedFrom) filtered = filtered.where('v.created_at', '>=', filter.addedFrom);
  if (filter.addedBefore) filtered = filtered.where('v.created_at', '<', filter.addedBefore);
  return filtered;
}

/**
 * One page of the filtered videos, newest first, in one round trip: the page's ids and the
 * filtered total (a window count, taken before the limit) joined to the full rows. A page past
 * the end has no row to carry the total: only then is it counted on its own.
 */
async function pageOf(db: Db, filtered: FilteredVideos, offset: number, limit: number): Promise<{ items: Video[]; total: number }> {
  const count = async () => Number((await filtered.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow()).total);
  if (limit <= 0) return { items: [], total: await count() };
  const page = filtered
    .select(['v.id', sql<string>`count(*) OVER ()`.as('total')])
    .orderBy('v.created_at', 'desc')
    .orderBy('v.id', 'desc')
    .offset(offset)
    .limit(limit)
    .as('p');
  const rows = await baseQuery(db).innerJoin(page, 'p.id', 'v.id').select('p.total').orderBy('v.created_at', 'desc').orderBy('v.id', 'desc').execute();
  if (rows.length === 0) return { items: [], total: await count() };
  return { items: rows.map(toVideo), total: Number(rows[0]!.total) };
}

export function createVideoRepository(db: Db): VideoRepository {
  return {
    async insert(row: NewVideoRow) {
      return db.transaction().execute(async (trx) => {
        const { id } = await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence('videos', 'id'))::int AS id`.execute(trx).then((r) => r.rows[0]!);
        await trx
          .insertInto('videos')
          .values({ id, site_id: row.siteId, owner_id: row.ownerId, type_id: row.typeId, slug: videoSlug(id, row.title), ...columnsOf(row), title: row.title, import_key: row.importKey ?? null } as never)
          .execute();
        await replaceRelations(trx, id, row);
        return toVideo(await baseQuery(trx).where('v.id', '=', id).executeTakeFirstOrThrow());
      });
    },

    async findById(id) {
      const row = await baseQuery(db).where('v.id', '=', id).executeTakeFirst();
      return row ? toVideo(row) : null;
    },

    async list(query) {
      let filtered = filteredVideos(db, query.siteId);
      if (query.managerId !== null) {
        const managerId = query.managerId;
        filtered = filtered.where((eb) =>
          eb.or([eb('v.owner_id', '=', managerId), eb.exists(eb.selectFrom('video_additional_owners as ao').select('ao.video_id').whereRef('ao.video_id', '=', 'v.id').where('ao.user_id', '=', managerId))]),
        );
      }
      if (query.search) {
        const pattern = likePattern(query.search);
        filtered = filtered.where(
          sql<boolean>`(unaccent(v.title) ILIKE unaccent(${pattern}) OR unaccent(v.description) ILIKE unaccent(${pattern}) OR v.slug ILIKE ${pattern}
            OR EXISTS (SELECT 1 FROM unnest(v.tags) tag WHERE unaccent(tag) ILIKE unaccent(${pattern})))`,
        );
      }
      if (query.statuses?.length) filtered = filtered.where('v.status', 'in', [...query.statuses]);
      return pageOf(db, filtered, query.offset, query.limit);
    },

    async findPage(filter, offset, limit) {
      return pageOf(db, applyFilter(filteredVideos(db, filter.siteId), filter), offset, limit);
    },

    async update(id, changes, expectedVersion) {
      return db.transaction().execute(async (trx) => {
        const current = await trx.selectFrom('videos').select(['version']).where('id', '=', id).forUpdate().executeTakeFirst();
        if (!current) return { kind: 'not_found' as const };
        if (expectedVersion !== null && current.version !== expectedVersion) return { kind: 'version_mismatch' as const, current: current.version };
        const before = await baseQuery(trx).where('v.id', '=', id).executeTakeFirstOrThrow();
        const columns = columnsOf(changes);
        if (changes.title !== undefined) columns.slug = videoSlug(id, changes.title);
        if (changesAccess(toVideo(before), changes)) columns.access_epoch = sql`access_epoch + 1`;
        await trx
          .updateTable('videos')
          .set({ ...columns, version: sql`version + 1`, updated_at: sql`now()` } as never)
          .where('id', '=', id)
          .execute();
        await replaceRelations(trx, id, changes);
        return { kind: 'updated' as const, video: toVideo(await baseQuery(trx).where('v.id', '=', id).executeTakeFirstOrThrow()) };
      });
    },

    async setSource(id, source) {
      return db.transaction().execute(async (trx) => {
        const current = await trx.selectFrom('videos').select('source_key').where('id', '=', id).forUpdate().executeTakeFirst();
        if (!current) return null;
        await trx
          .updateTable('videos')
          .set({
            source_filename: source.filename,
            source_size: source.size,
            source_key: source.key,
            source_info: JSON.stringify(source.info),
            duration_seconds: source.info.durationSeconds,
            status: source.status,
            version: sql`version + 1`,
            updated_at: sql`now()`,
          })
          .where('id', '=', id)
          .execute();
        return { previousKey: current.source_key };
      });
    },

    async setThumbnailIndex(id, index) {
      await db.updateTable('videos').set({ thumbnail_index: index, version: sql`version + 1`, updated_at: sql`now()` }).where('id', '=', id).execute();
      return this.findById(id);
    },

    async delete(id) {
      const result = await db.deleteFrom('videos').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async passwordHashOf(id) {
      const row = await db.selectFrom('videos').select('password_hash').where('id', '=', id).executeTakeFirst();
      return row?.password_hash ?? null;
    },

    async accessEpochOf(id) {
      const row = await db.selectFrom('videos').select(['access_epoch', 'site_id']).where('id', '=', id).executeTakeFirst();
      return row ? { epoch: row.access_epoch, siteId: row.site_id } : null;
    },

    async storageUsedBy(userId) {
      const row = await db
        .selectFrom('videos')
        .select(sql<string>`coalesce(sum(source_size), 0)`.as('used'))
        .where('owner_id', '=', userId)
        .executeTakeFirstOrThrow();
      return Number(row.used);
    },
  };
}
