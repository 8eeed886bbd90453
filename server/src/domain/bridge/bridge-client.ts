import { DEFAULT_POD_PAGE_SIZE, type ApiToken, type UsernameMapping } from '../tokens/api-token.js';
import type { User } from '../users/user.js';

/**
 * Who is calling the Esup-Pod dialect: an administrator (Pod's `IsAdminUser`) through one of
 * their keys or HTTP Basic, with the settings of that key. `actor` is the user acting on the
 * key's site: for a key an administrator of the main site bound to another site, that user with
 * the bound site, so the domain's site checks apply to the bound site.
 */
export interface BridgeClient {
  readonly actor: User;
  readonly siteId: number;
  readonly tokenId: number | null;
  readonly usernameMapping: UsernameMapping;
  readonly identityIssuer: string | null;
  readonly pageSize: number;
}

export function bridgeClientFor(user: User, token: ApiToken | null): BridgeClient {
  const siteId = token?.siteId ?? user.siteId;
  return {
    actor: siteId === user.siteId ? user : { ...user, siteId },
    siteId,
    tokenId: token?.id ?? null,
    usernameMapping: token?.usernameMapping ?? 'username',
    identityIssuer: token?.identityIssuer ?? null,
    pageSize: token?.pageSize ?? DEFAULT_POD_PAGE_SIZE,
  };
}

/** Pod lets only staff (`is_staff`) use its REST API; Lectern's equivalent is a site administrator. */
export function mayUsePodApi(user: Pick<User, 'role' | 'isActive'>): boolean {
  return user.isActive && user.role === 'admin';
}
