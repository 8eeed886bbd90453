/**
 * Each video's current access epoch, kept in process for a couple of seconds so that media
 * requests (a player fetches a segment every few seconds, hundreds of viewers at once) do not
 * cost a database query each. A grant issued under an older epoch is refused once the cached
 * value moves on: revocation takes effect within `ttlMs` here, at once where `forget` is called
 * (other processes still wait out their TTL). A video that is gone is remembered as gone for as
 * long. Concurrent misses share one lookup; failed lookups are not cached.
 */
export interface AccessEpochCache {
  /** The video's current epoch, or null when it does not exist. */
  epochOf(videoId: number): Promise<number | null>;
  /** Drops what is known of a video (its epoch changed, or it was deleted). */
  forget(videoId: number): void;
  clear(): void;
}

export interface AccessEpochCacheOptions {
  readonly lookup: (videoId: number) => Promise<number | null>;
  readonly ttlMs?: number;
  readonly now?: () => number;
  /** Beyond this many videos, expired entries are swept (and all of them if none had expired). */
  readonly maxEntries?: number;
}

interface Entry {
  readonly value: Promise<number | null>;
  readonly expiresAt: number;
}

export const ACCESS_EPOCH_TTL_MS = 2000;

export function createAccessEpochCache({ lookup, ttlMs = ACCESS_EPOCH_TTL_MS, now = Date.now, maxEntries = 100_000 }: AccessEpochCacheOptions): AccessEpochCache {
  const entries = new Map<number, Entry>();

  function sweep(at: number): void {
    for (const [videoId, entry] of entries) if (entry.expiresAt <= at) entries.delete(videoId);
    if (entries.size >= maxEntries) entries.clear();
  }

  return {
    epochOf(videoId) {
      const at = now();
      const cached = entries.get(videoId);
      if (cached && cached.expiresAt > at) return cached.value;
      if (entries.size >= maxEntries) sweep(at);
      const value = lookup(videoId);
      const entry: Entry = { value, expiresAt: at + ttlMs };
      entries.set(videoId, entry);
      // A failed lookup is the caller's error to report; it must not be served from the cache.
      value.catch(() => {
        if (entries.get(videoId) === entry) entries.delete(videoId);
      });
      return value;
    },
    forget(videoId) {
      entries.delete(videoId);
    },
    clear() {
      entries.clear();
    },
  };
}
