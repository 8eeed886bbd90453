import type { BbbApis, BbbServer } from '../../domain/meetings/bbb-server.js';
import { createBbbClient, type BbbClient } from './bbb-client.js';

export interface BbbApisOptions {
  readonly timeoutMs: number;
  readonly retries: number;
  readonly retryDelayMs?: number;
  readonly fetch?: typeof globalThis.fetch;
}

/**
 * One API client per server, rebuilt when the server's settings change (its `updatedAt`), so
 * an edited secret or algorithm is used at the next call without a restart.
 */
export function createBbbApis(options: BbbApisOptions): BbbApis {
  const clients = new Map<number, { readonly version: number; readonly client: BbbClient }>();
  return {
    forServer(server: BbbServer) {
      const version = server.updatedAt.getTime();
      const cached = clients.get(server.id);
      if (cached && cached.version === version) return cached.client;
      const client = createBbbClient({ baseUrl: server.apiUrl, secret: server.secret, algorithm: server.checksumAlgorithm, ...options });
      clients.set(server.id, { version, client });
      return client;
    },
  };
}
