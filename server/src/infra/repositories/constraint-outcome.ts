import type { SaveOutcome } from '../../domain/enrichments/enrichment-repository.js';

/** PostgreSQL error codes a save can meet when a concurrent request got there first. */
const UNIQUE_VIOLATION = '23505';
const EXCLUSION_VIOLATION = '23P01';
const FOREIGN_KEY_VIOLATION = '23503';

/**
 * Runs an insert or update and turns the constraint errors it may meet into outcomes: a unique
 * or exclusion violation is a `conflict` (the service explains it), a missing video a
 * `not_found`; no row returned is a `not_found` too. Anything else is rethrown.
 */
export async function saveOutcome<T>(work: () => Promise<T | undefined>): Promise<SaveOutcome<T>> {
  try {
    const item = await work();
    return item === undefined ? { kind: 'not_found' } : { kind: 'saved', item };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === UNIQUE_VIOLATION || code === EXCLUSION_VIOLATION) return { kind: 'conflict' };
    if (code === FOREIGN_KEY_VIOLATION) return { kind: 'not_found' };
    throw error;
  }
}
