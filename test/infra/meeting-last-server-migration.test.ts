import { expect } from 'chai';
import { openDatabase } from '../../server/src/infra/db.js';
import { createLogger } from '../../server/src/infra/logger.js';
import { migrate } from '../../server/src/infra/migrator.js';
import { migrations } from '../../server/src/infra/migrations/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const logger = createLogger({ level: 'silent' });

/** Migration 0010 on meetings that existed before it: each gets its best-known server. */
describe('migration 0010 (meetings.last_server_id)', () => {
  let testDb: TestDatabase;
  beforeEach(async () => {
    testDb = await createTestDatabase();
  });
  afterEach(async () => {
    await testDb.drop();
  });

  it('fills the server of the latest import, else of a recorded start (own or default), and leaves never-started meetings empty', async () => {
    const handle = openDatabase(testDb.url, logger);
    const query = async (text: string, values: unknown[] = []) => (await handle.pool.query(text, values)).rows as Record<string, number>[];
    try {
      await query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
      await migrate(handle.pool, logger, migrations.filter((migration) => migration.version < 10));
      const [owner] = await query("INSERT INTO users (site_id, username) VALUES (1, 'owner') RETURNING id");
      const addServer = async (name: string, isDefault: boolean) =>
        (await query("INSERT INTO bbb_servers (site_id, name, api_url, secret, is_default) VALUES (1, $1, 'https://bbb.example.org/bigbluebutton/api/', 'a-long-secret', $2) RETURNING id", [name, isDefault]))[0]!.id!;
      const byDefault = await addServer('Default', true);
      const chosen = await addServer('Chosen', false);
      const importedFrom = await addServer('Imported from', false);
      const addMeeting = async (bbbId: string, serverId: number | null, started: boolean) =>
        (await query(
          "INSERT INTO meetings (site_id, owner_id, server_id, bbb_meeting_id, name, start_at, invite_salt, last_started_at) VALUES (1, $1, $2, $3, 'Meeting', now(), 'salt', $4) RETURNING id",
          [owner!.id, serverId, bbbId, started ? new Date() : null],
        ))[0]!.id!;
      const imported = await addMeeting('imported', chosen, true);
      for (const [serverId, recordId, at] of [[byDefault, 'old', '2025-01-01'], [importedFrom, 'new', '2025-02-01']] as const) {
        await query("INSERT INTO bbb_recording_imports (site_id, server_id, record_id, bbb_meeting_id, meeting_id, name, recorded_at, owner_id, trigger, created_at) VALUES (1, $1, $2, 'imported', $3, 'Rec', now(), $4, 'callback', $5)", [serverId, recordId, imported, owner!.id, at]);
      }
      const ownStarted = await addMeeting('own-started', chosen, true);
      const defaultStarted = await addMeeting('default-started', null, true);
      const neverStarted = await addMeeting('never-started', chosen, false);

      await migrate(handle.pool, logger);
      const rows = await query('SELECT id, last_server_id FROM meetings');
      const lastOf = (id: number) => rows.find((row) => row.id === id)!.last_server_id;
      expect([lastOf(imported), lastOf(ownStarted), lastOf(defaultStarted), lastOf(neverStarted)]).to.deep.equal([importedFrom, chosen, byDefault, null]);
    } finally {
      await handle.close();
    }
  });
});
