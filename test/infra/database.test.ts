import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { openDatabase } from '../../server/src/infra/db.js';
import { createLogger } from '../../server/src/infra/logger.js';
import { migrate } from '../../server/src/infra/migrator.js';
import { migrations } from '../../server/src/infra/migrations/index.js';
import { projectRoot } from '../../server/src/infra/project-root.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const logger = createLogger({ level: 'silent' });

describe('database', () => {
  describe('migrations', () => {
    let testDb: TestDatabase;
    beforeEach(async () => {
      testDb = await createTestDatabase();
    });
    afterEach(async () => {
      await testDb.drop();
    });

    it('are recorded and not applied twice', async () => {
      const handle = openDatabase(testDb.url, logger);
      try {
        // The template is migrated already: nothing to do.
        expect(await migrate(handle.pool, logger)).to.deep.equal({ applied: [], current: migrations.length });
        const rows = await handle.pool.query('SELECT version, name FROM schema_migrations ORDER BY version');
        expect(rows.rows.map((r) => r.version)).to.deep.equal(migrations.map((m) => m.version));
      } finally {
        await handle.close();
      }
    });

    it('apply once when several processes start together', async () => {
      const handles = [openDatabase(testDb.url, logger), openDatabase(testDb.url, logger), openDatabase(testDb.url, logger)];
      try {
        await handles[0]!.pool.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
        const results = await Promise.all(handles.map((h) => migrate(h.pool, logger)));
        expect(results.map((r) => r.applied.length).sort()).to.deep.equal([0, 0, migrations.length]);
        const sites = await handles[0]!.pool.query('SELECT id, name FROM sites');
        expect(sites.rows).to.deep.equal([{ id: 1, name: 'Lectern' }]);
      } finally {
        await Promise.all(handles.map((h) => h.close()));
      }
    });

    it('refuse a database newer than this code, changing nothing', async () => {
      const handle = openDatabase(testDb.url, logger);
      try {
        await handle.pool.query("INSERT INTO schema_migrations (version, name) VALUES (9999, 'from the future')");
        let error: Error | null = null;
        await migrate(handle.pool, logger).catch((e: Error) => {
          error = e;
        });
        expect(String(error)).to.include('newer than this Lectern knows');
      } finally {
        await handle.close();
      }
    });

    it('roll a failing migration back entirely', async () => {
      const handle = openDatabase(testDb.url, logger);
      try {
        const broken = [...migrations, { version: migrations.length + 1, name: 'broken', sql: 'CREATE TABLE half_done (id int); SELECT no_such_function();' }];
        let error: Error | null = null;
        await migrate(handle.pool, logger, broken).catch((e: Error) => {
          error = e;
        });
        expect(String(error)).to.include(`Migration ${migrations.length + 1} (broken) failed`);
        const table = await handle.pool.query("SELECT to_regclass('half_done') AS t");
        expect(table.rows[0].t).to.equal(null);
        const versions = await handle.pool.query('SELECT max(version)::int AS v FROM schema_migrations');
        expect(versions.rows[0].v).to.equal(migrations.length);
      } finally {
        await handle.close();
      }
    });
  });

  describe('embedded PostgreSQL', () => {
    it('runs the cluster as an unprivileged user when started as root', function () {
      const dataDir = path.join(projectRoot(), 'var', 'test-postgres');
      if (process.env.TEST_DATABASE_URL) {
        console.log('    (TEST_DATABASE_URL is set: the embedded cluster is not used in this run)');
        this.skip();
      }
      expect(existsSync(path.join(dataDir, 'PG_VERSION'))).to.equal(true);
      const owner = statSync(dataDir).uid;
      if (os.userInfo().uid === 0) expect(owner).to.not.equal(0);
      else expect(owner).to.equal(os.userInfo().uid);
    });
  });
});
