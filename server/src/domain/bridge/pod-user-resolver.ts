import type { DomainLogger } from '../logger.js';
import type { UserIdentityRepository } from '../users/user-identity.js';
import type { UserRepository } from '../users/user-repository.js';
import type { User } from '../users/user.js';
import type { BridgeClient } from './bridge-client.js';

export type ResolvedPodUser = { readonly kind: 'found'; readonly user: User } | { readonly kind: 'unknown' } | { readonly kind: 'ambiguous'; readonly count: number };

/**
 * The Lectern user a Moodle site means by `username`, under the key's mapping. Several matches
 * (two accounts with one e-mail address, one login name on two platforms) resolve to nobody:
 * listing someone else's videos would be worse than listing none.
 */
export function createPodUserResolver(deps: { users: UserRepository; identities: UserIdentityRepository; logger: DomainLogger }) {
  const { users, identities, logger } = deps;

  async function candidates(client: BridgeClient, value: string): Promise<User[]> {
    switch (client.usernameMapping) {
      case 'username': {
        const user = await users.findByUsername(client.siteId, value);
        return user ? [user] : [];
      }
      case 'email':
        return users.findByEmail(client.siteId, value);
      default: {
        const field = client.usernameMapping === 'lti' ? 'username' : 'subject';
        const ids = await identities.findUserIds(client.siteId, { provider: client.usernameMapping, field, value, issuer: client.identityIssuer });
        const found = await Promise.all(ids.map((id) => users.findById(id)));
        return found.filter((user): user is User => user !== null);
      }
    }
  }

  return {
    async resolve(client: BridgeClient, username: string): Promise<ResolvedPodUser> {
      const value = username.trim();
      if (!value || value.length > 500) return { kind: 'unknown' };
      const found = await candidates(client, value);
      if (found.length === 1) return { kind: 'found', user: found[0]! };
      if (found.length > 1) {
        logger.warn({ tokenId: client.tokenId, siteId: client.siteId, mapping: client.usernameMapping, count: found.length }, 'Pod username matches several users: none is listed');
        return { kind: 'ambiguous', count: found.length };
      }
      return { kind: 'unknown' };
    },
  };
}

export type PodUserResolver = ReturnType<typeof createPodUserResolver>;
