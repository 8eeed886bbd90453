import { randomBytes } from 'node:crypto';
import type { BbbServer } from '../../server/src/domain/meetings/bbb-server.js';
import type { User } from '../../server/src/domain/users/user.js';
import type { BbbServerDouble } from './bbb-server/index.js';
import type { TestApp } from './test-app.js';

/** A BBB server of the site pointing at a double (the first one of a site is its default). */
export async function addBbbServer(ctx: TestApp, double: Pick<BbbServerDouble, 'apiUrl' | 'secret'>, options: { name?: string; isDefault?: boolean; siteId?: number } = {}): Promise<BbbServer> {
  const server = await ctx.services.bbbServers.insert(
    options.siteId ?? 1,
    { name: options.name ?? `BBB ${randomBytes(3).toString('hex')}`, apiUrl: double.apiUrl, secret: double.secret, checksumAlgorithm: 'sha256' },
    { isDefault: options.isDefault ?? false },
  );
  if (!server) throw new Error('addBbbServer: the name is taken');
  return server;
}

export interface TestMeeting {
  readonly id: number;
  readonly bbbMeetingId: string;
  readonly name: string;
}

/** A meeting row of `owner` (null server: the site's default one; null autoImport: the site's choice). */
export async function addMeeting(ctx: TestApp, owner: User, options: { name?: string; serverId?: number | null; autoImport?: boolean | null; bbbMeetingId?: string } = {}): Promise<TestMeeting> {
  const bbbMeetingId = options.bbbMeetingId ?? `lectern-${randomBytes(8).toString('hex')}`;
  const name = options.name ?? 'Weekly lecture';
  const row = await ctx.database.db
    .insertInto('meetings')
    .values({
      site_id: owner.siteId,
      owner_id: owner.id,
      server_id: options.serverId ?? null,
      bbb_meeting_id: bbbMeetingId,
      name,
      start_at: new Date('2025-03-03T09:00:00Z'),
      auto_import: options.autoImport ?? null,
      invite_salt: randomBytes(16).toString('hex'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, bbbMeetingId, name };
}

/** The import rows of a recording (there must never be more than one). */
export async function importRowsOf(ctx: TestApp, recordId: string) {
  return ctx.database.db.selectFrom('bbb_recording_imports').selectAll().where('record_id', '=', recordId).execute();
}
