import { NotFoundError, UnauthenticatedError } from '../errors.js';
import type { User } from '../users/user.js';
import type { ApiTokenRepository } from './api-token-repository.js';
import { generateTokenKey, hashTokenKey, tokenPrefix, type ApiToken } from './api-token.js';

export interface CreatedToken {
  readonly token: ApiToken;
  /** The key itself: shown once, never stored. */
  readonly key: string;
}

const TOUCH_INTERVAL_MS = 60_000;

export function createApiTokenService({ tokens }: { tokens: ApiTokenRepository }) {
  return {
    async create(userId: number, name = ''): Promise<CreatedToken> {
      const key = generateTokenKey();
      const token = await tokens.insert({ userId, name: name.slice(0, 100), hash: hashTokenKey(key), prefix: tokenPrefix(key) });
      return { token, key };
    },

    /** The token behind a key (and so its user); throws `invalid_token` or `token_revoked`. */
    async authenticate(key: string): Promise<{ userId: number; tokenId: number; token: ApiToken; user: User }> {
      const found = /^[\x21-\x7e]{1,200}$/.test(key) ? await tokens.findByHash(hashTokenKey(key)) : null;
      if (!found || !found.user.isActive) throw new UnauthenticatedError('invalid_token', 'Invalid token.');
      if (found.token.revokedAt) throw new UnauthenticatedError('token_revoked', 'This token has been revoked.');
      // One write a minute at most per token, not one per request.
      const lastUsed = found.token.lastUsedAt?.getTime() ?? 0;
      if (Date.now() - lastUsed > TOUCH_INTERVAL_MS) await tokens.touch(found.token.id);
      return { userId: found.token.userId, tokenId: found.token.id, token: found.token, user: found.user };
    },

    list(userId: number): Promise<ApiToken[]> {
      return tokens.listForUser(userId);
    },

    async revoke(userId: number, tokenId: number): Promise<ApiToken> {
      const revoked = await tokens.revoke(userId, tokenId);
      if (!revoked) throw new NotFoundError('token_not_found', `No live token ${tokenId} for this user.`);
      return revoked;
    },
  };
}

export type ApiTokenService = ReturnType<typeof createApiTokenService>;
