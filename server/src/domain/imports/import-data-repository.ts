import type { ImportedVideoState } from './import-run.js';
import type { UserCandidate } from './user-import-rules.js';

/** Port: the bulk reads and writes of imports and exports that the everyday repositories do not need. */
export interface ImportDataRepository {
  /** Inserts the users in one statement (a username taken meanwhile is skipped); returns the usernames created. */
  insertUsers(siteId: number, users: readonly UserCandidate[]): Promise<string[]>;
  /** Which of these import keys the site's videos already carry. */
  existingImportKeys(siteId: number, keys: readonly string[]): Promise<Set<string>>;
  /** Import key and viewing password hash of each video of the site (what `Video` does not show), for exports. */
  videoSecrets(siteId: number): Promise<Map<number, { readonly importKey: string | null; readonly passwordHash: string | null }>>;
  /** The current state and encoding of these videos, in the order given (missing ones left out). */
  encodingOf(videoIds: readonly number[]): Promise<ImportedVideoState[]>;
}
