import type { Request, RequestHandler, Response } from 'express';
import { bridgeClientFor, mayUsePodApi, type BridgeClient } from '../../server/src/domain/bridge/bridge-client.js';
import { ForbiddenError, UnauthenticatedError } from '../../server/src/domain/errors.js';
import type { ApiToken } from '../../server/src/domain/tokens/api-token.js';
import type { ApiTokenService } from '../../server/src/domain/tokens/api-token-service.js';
import { DEFAULT_SITE_ID, type UserService } from '../../server/src/domain/users/user-service.js';
import type { User } from '../../server/src/domain/users/user.js';

/**
 * Esup-Pod's authentication (DRF: BasicAuthentication, then TokenAuthentication) and permission
 * (IsAdminUser). `Authorization: Token <key>` with an API token or a bridge key, or HTTP Basic
 * with a local account's username and password; the user must be an active administrator.
 * The resulting client (user, site, username mapping, page size) is kept in res.locals.
 */
const TOKEN = /^token(?:\s+(.*))?$/i;
const BASIC = /^basic\s+([A-Za-z0-9+/=]+)\s*$/i;

export function basicUsername(req: Request): string {
  const match = BASIC.exec(req.get('authorization') ?? '');
  if (!match) return '';
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  return decoded.slice(0, Math.max(0, decoded.indexOf(':')));
}

export function podAuthentication(deps: { tokens: ApiTokenService; users: UserService; basicRateLimit: RequestHandler }): RequestHandler[] {
  const { tokens, users } = deps;

  async function byToken(header: string): Promise<{ user: User; token: ApiToken }> {
    const key = TOKEN.exec(header)?.[1]?.trim() ?? '';
    if (!key) throw new UnauthenticatedError('invalid_token_header', 'Invalid token header. No credentials provided.');
    if (/\s/.test(key)) throw new UnauthenticatedError('invalid_token_header', 'Invalid token header. Token string should not contain spaces.');
    const { user, token } = await tokens.authenticate(key);
    return { user, token };
  }

  async function byPassword(header: string): Promise<User> {
    const decoded = Buffer.from(BASIC.exec(header)![1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new UnauthenticatedError('invalid_basic_header', 'Invalid basic header. Credentials not correctly base64 encoded.');
    const user = await users.authenticate(DEFAULT_SITE_ID, decoded.slice(0, colon), decoded.slice(colon + 1));
    if (!user) throw new UnauthenticatedError('invalid_credentials', 'Invalid username/password.');
    return user;
  }

  const authenticate: RequestHandler = async (req, res, next) => {
    const header = req.get('authorization')?.trim() ?? '';
    let client: BridgeClient;
    if (TOKEN.test(header)) {
      const { user, token } = await byToken(header);
      client = bridgeClientFor(user, token);
    } else if (BASIC.test(header)) {
      client = bridgeClientFor(await byPassword(header), null);
    } else {
      throw new UnauthenticatedError('not_authenticated', 'Authentication credentials were not provided.');
    }
    if (!mayUsePodApi(client.actor)) throw new ForbiddenError('permission_denied', 'You do not have permission to perform this action.');
    res.locals.bridgeClient = client;
    req.log = req.log.child({ userId: client.actor.id, tokenId: client.tokenId, siteId: client.siteId });
    next();
  };

  const limitBasic: RequestHandler = (req, res, next) => (BASIC.test(req.get('authorization') ?? '') ? deps.basicRateLimit(req, res, next) : next());
  return [limitBasic, authenticate];
}

/** The authenticated Pod client of this request (routes run after podAuthentication). */
export function bridgeClientOf(res: Response): BridgeClient {
  const client = res.locals.bridgeClient as BridgeClient | undefined;
  if (!client) throw new Error('the Pod routes run after podAuthentication');
  return client;
}
