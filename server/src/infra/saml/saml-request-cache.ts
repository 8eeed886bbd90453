import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../db.js';

/**
 * The SAML requests we sent and await an answer to (table saml_requests), shared by every
 * process: node-saml's cache provider (validateInResponseTo 'always') keyed by the request id,
 * with what we meant to do kept beside it. The intent never travels through the IdP: the
 * RelayState is not used, and a `next` path comes from our row, never from the response.
 * A request is answered once: `take` removes it atomically before the response is checked.
 */

export type SamlRequestIntent =
  | { readonly kind: 'login'; readonly idpId: number; readonly next: string; readonly linkUserId: number | null }
  | { readonly kind: 'logout'; readonly idpId: number };

export interface SamlPendingRequest {
  /** The request's IssueInstant, as node-saml saved it. */
  readonly instant: string;
  readonly intent: SamlRequestIntent;
}

/** node-saml's CacheProvider interface (saml-provider.ts hands it over as is). */
export interface SamlCacheProvider {
  saveAsync(key: string, value: string): Promise<{ value: string; createdAt: number } | null>;
  getAsync(key: string): Promise<string | null>;
  removeAsync(key: string | null): Promise<string | null>;
}

export interface SamlRequestCache {
  /** A cache provider whose saved request ids carry `intent`. */
  providerFor(intent: SamlRequestIntent): SamlCacheProvider;
  /** The pending request with this id, removed: null when unknown, already answered or expired. */
  take(id: string): Promise<SamlPendingRequest | null>;
}

const MAX_VALUE_LENGTH = 4000;

const stored = z.object({
  instant: z.string(),
  intent: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('login'), idpId: z.number().int(), next: z.string(), linkUserId: z.number().int().nullable() }),
    z.object({ kind: z.literal('logout'), idpId: z.number().int() }),
  ]),
});

function parseValue(value: string): SamlPendingRequest {
  return stored.parse(JSON.parse(value));
}

export function createSamlRequestCache(db: Db, ttlMs: number): SamlRequestCache {
  const cutoff = sql<Date>`now() - make_interval(secs => ${ttlMs / 1000})`;
  const pending = () => db.selectFrom('saml_requests').where('created_at', '>', cutoff);
  return {
    providerFor(intent) {
      return {
        async saveAsync(key, instant) {
          const value = JSON.stringify({ instant, intent });
          if (value.length > MAX_VALUE_LENGTH) throw new Error(`SAML request ${key}: its intent is too long to keep`);
          // Answers that never came: forget them as new requests go out (the index makes it cheap).
          await db.deleteFrom('saml_requests').where('created_at', '<=', cutoff).execute();
          const row = await db.insertInto('saml_requests').values({ id: key, value }).onConflict((oc) => oc.column('id').doNothing()).returning('created_at').executeTakeFirst();
          return row ? { value: instant, createdAt: row.created_at.getTime() } : null;
        },
        async getAsync(key) {
          const row = await pending().select('value').where('id', '=', key).executeTakeFirst();
          return row ? parseValue(row.value).instant : null;
        },
        async removeAsync(key) {
          if (key === null) return null;
          const row = await db.deleteFrom('saml_requests').where('id', '=', key).returning('value').executeTakeFirst();
          return row ? parseValue(row.value).instant : null;
        },
      };
    },
    async take(id) {
      const row = await db.deleteFrom('saml_requests').where('id', '=', id).where('created_at', '>', cutoff).returning('value').executeTakeFirst();
      return row ? parseValue(row.value) : null;
    },
  };
}

/**
 * A provider that knows one request only, already taken from the table: node-saml checks the
 * response's InResponseTo against it (and its age), and nothing else can answer it again.
 */
export function takenRequestProvider(id: string, request: SamlPendingRequest): SamlCacheProvider {
  return {
    saveAsync: () => Promise.reject(new Error('a taken SAML request cannot save new ones')),
    getAsync: (key) => Promise.resolve(key === id ? request.instant : null),
    removeAsync: (key) => Promise.resolve(key === id ? request.instant : null),
  };
}
