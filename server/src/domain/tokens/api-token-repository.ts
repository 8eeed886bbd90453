import type { User } from '../users/user.js';
import type { ApiToken, BridgeSettings } from './api-token.js';

export interface TokenLookup {
  readonly token: ApiToken;
  /** The token's user, read in the same query (every authenticated request needs it). */
  readonly user: User;
}

/** Port: where API tokens are stored (hashed). */
export interface ApiTokenRepository {
  insert(input: { userId: number; name: string; hash: string; prefix: string; bridge?: BridgeSettings }): Promise<ApiToken>;
  findByHash(hash: string): Promise<TokenLookup | null>;
  listForUser(userId: number): Promise<ApiToken[]>;
  findById(tokenId: number): Promise<ApiToken | null>;
  /** Bridge keys whose user belongs to the site or that are bound to it, newest first. */
  listBridgeKeys(siteId: number): Promise<ApiToken[]>;
  updateBridgeSettings(tokenId: number, name: string, settings: BridgeSettings): Promise<ApiToken | null>;
  /** Revokes a live token whatever its user (administrators revoking bridge keys). */
  revokeById(tokenId: number): Promise<ApiToken | null>;
  /** Revokes a live token of that user; returns it, or null when none matched. */
  revoke(userId: number, tokenId: number): Promise<ApiToken | null>;
  /** Records use (the service calls it at most once a minute per token). */
  touch(tokenId: number): Promise<void>;
}
