import type { ApiToken } from './api-token.js';

export interface TokenLookup {
  readonly token: ApiToken;
  readonly userActive: boolean;
}

/** Port: where API tokens are stored (hashed). */
export interface ApiTokenRepository {
  insert(input: { userId: number; name: string; hash: string; prefix: string }): Promise<ApiToken>;
  findByHash(hash: string): Promise<TokenLookup | null>;
  listForUser(userId: number): Promise<ApiToken[]>;
  /** Revokes a live token of that user; returns it, or null when none matched. */
  revoke(userId: number, tokenId: number): Promise<ApiToken | null>;
  /** Records use (the service calls it at most once a minute per token). */
  touch(tokenId: number): Promise<void>;
}
