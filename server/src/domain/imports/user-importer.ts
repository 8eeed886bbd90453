import type { DomainLogger } from '../logger.js';
import type { UserRepository } from '../users/user-repository.js';
import type { UserRole } from '../users/user.js';
import { USER_COLUMNS } from './import-columns.js';
import type { ImportDataRepository } from './import-data-repository.js';
import { planRows, readImportRows, unreadablePlan, type ImportPlan } from './import-plan.js';
import { chunks, type ImportScope, type PreparedImport } from './prepared-import.js';
import { userImportRules, type UserCandidate } from './user-import-rules.js';

/** Users per INSERT statement, and usernames per lookup. */
const BATCH = 500;
const LOOKUP = 1000;

export interface UserImporterDeps {
  readonly users: UserRepository;
  readonly data: ImportDataRepository;
  readonly logger: DomainLogger;
}

/**
 * Users from a CSV file: every row is checked and the usernames already on the site are looked
 * up in a few queries (sets, not a query per row); then the new users are inserted in batches.
 * Imported users have no password: they sign in through the university's single sign-on
 * (matched by username); local sign-in needs a password an administrator sets.
 */
export function createUserImporter(deps: UserImporterDeps) {
  const { users, data, logger } = deps;

  async function existingUsernames(siteId: number, usernames: readonly string[]): Promise<Set<string>> {
    const existing = new Set<string>();
    for (const part of chunks(usernames, LOOKUP)) {
      for (const user of await users.findManyByUsernames(siteId, part)) existing.add(user.username.toLowerCase());
    }
    return existing;
  }

  async function plan(siteId: number, bytes: Uint8Array, defaultRole: UserRole): Promise<ImportPlan<UserCandidate>> {
    const reading = readImportRows(bytes, USER_COLUMNS);
    if (!reading.ok) return unreadablePlan(reading.problems);
    const named = reading.rows.map((row) => row.cells.get('username')?.value ?? '').filter(Boolean);
    return planRows(reading, userImportRules(defaultRole, await existingUsernames(siteId, named)));
  }

  return {
    async prepare(scope: ImportScope, bytes: Uint8Array, defaultRole: UserRole): Promise<PreparedImport> {
      const planned = await plan(scope.siteId, bytes, defaultRole);
      return {
        plan: planned,
        async execute(tally, progress) {
          for (const batch of chunks(planned.creates, BATCH)) {
            const created = await data.insertUsers(scope.siteId, batch.map((row) => row.item));
            tally.created(created.length);
            // Taken between the check and now (another import, a sign-in): left as it is.
            tally.unchanged(batch.length - created.length);
            await progress();
          }
          logger.info({ runId: scope.runId, siteId: scope.siteId, created: tally.counts.created }, 'users imported');
        },
      };
    },
  };
}

export type UserImporter = ReturnType<typeof createUserImporter>;
