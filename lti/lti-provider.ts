import { sign } from 'node:crypto';
import { createRequire } from 'node:module';
import type { RequestHandler, Request, Response } from 'express';

/**
 * The one file that imports ltijs (and its sequelize storage). ltijs runs in serverless mode:
 * its Express 4 app is mounted at /lti by the composition root and answers the OIDC login
 * (`/lti/login`), the keyset (`/lti/keys`), dynamic registration (`/lti/register`) and validates
 * id_tokens posted to `/lti/launch` and `/lti/deeplink`. It stores platforms, keys, nonces and
 * states in its own PostgreSQL database.
 *
 * Cookies: nothing after the launch depends on them (`ltiaas` mode: ltijs sets no platform
 * session cookie and hands the validated token to our handler in the same request). The state
 * cookie ltijs sets at login cannot come back from a cross-site iframe where third-party cookies
 * are blocked, so ltijs's cookie check is off (`devMode`) and the state carries its own proof
 * (login-state.ts, checked by lti-router.ts). When the cookie does come back, ltijs still
 * compares it with the token's issuer.
 */
const require = createRequire(import.meta.url);

/** What ltijs's validated launch gives our handlers (its `res.locals.token`). */
export interface LtijsToken {
  readonly iss: string;
  readonly user: string;
  readonly userInfo: { readonly given_name?: string; readonly family_name?: string; readonly name?: string; readonly email?: string };
  readonly platformInfo?: Record<string, unknown>;
  readonly clientId: string;
  readonly platformId: string;
  readonly deploymentId: string;
  readonly platformContext: {
    readonly context?: { readonly id: string; readonly label?: string; readonly title?: string; readonly type?: readonly string[] };
    readonly resource?: { readonly id: string; readonly title?: string; readonly description?: string };
    readonly messageType: string;
    readonly version: string;
    readonly roles?: readonly string[];
    readonly targetLinkUri?: string;
    readonly custom?: Record<string, unknown>;
    readonly launchPresentation?: { readonly locale?: string; readonly document_target?: string; readonly return_url?: string };
    readonly endpoint?: { readonly scope?: readonly string[]; readonly lineitems?: string; readonly lineitem?: string };
    readonly namesRoles?: { readonly context_memberships_url: string; readonly service_versions?: readonly string[] };
    readonly deepLinkingSettings?: Record<string, unknown>;
  };
}

export type LaunchHandler = (token: LtijsToken, req: Request, res: Response) => Promise<void>;

export interface LtiPlatformRegistration {
  readonly name: string;
  readonly issuer: string;
  readonly clientId: string;
  readonly authenticationEndpoint: string;
  readonly accessTokenEndpoint: string;
  readonly jwksUrl: string;
}

export interface LtiProviderOptions {
  /** URL of the LTI tool's own database (created beforehand on the same server). */
  readonly databaseUrl: string;
  /** Signs ltijs's ltik tokens and encrypts its stored private keys. */
  readonly encryptionKey: string;
  readonly cookieSecure: boolean;
  readonly onLaunch: LaunchHandler;
  readonly onDeepLinking: LaunchHandler;
  /** Refusals ltijs reports (bad token, unknown platform…): our handler answers them. */
  readonly onRefusal: (reason: string, req: Request, res: Response) => void;
  /** Where ltijs's storage reports its migrations (debug). */
  readonly log?: (entry: unknown) => void;
}

export interface LtiAccessToken {
  readonly tokenType: string;
  readonly accessToken: string;
}

export interface LtiProvider {
  /** Mount at /lti. */
  readonly handler: RequestHandler;
  /** Registers or updates ltijs's copy of a platform; answers the kid of the tool key pair ltijs holds for it. */
  registerPlatform(platform: LtiPlatformRegistration): Promise<string>;
  /** Forgets a platform (its key pair too); unknown ones are ignored. */
  unregisterPlatform(issuer: string, clientId: string): Promise<void>;
  /** Every platform ltijs knows (issuer and client id). */
  listPlatforms(): Promise<{ issuer: string; clientId: string }[]>;
  /**
   * An OAuth 2 access token from the platform's token endpoint (client_credentials with a
   * private_key_jwt assertion signed by the platform's tool key), cached by ltijs until it expires.
   */
  accessToken(issuer: string, clientId: string, scopes: readonly string[]): Promise<LtiAccessToken>;
  /** Drops ltijs's cached token for these scopes (the platform refused it with a 401): the next call asks for a new one. */
  forgetAccessToken(issuer: string, clientId: string, scopes: readonly string[]): Promise<void>;
  /** Signs a JWT as the tool for this platform (RS256 with its tool key, `kid` in the header). */
  signAsTool(issuer: string, clientId: string, claims: Record<string, unknown>, expiresInSeconds: number): Promise<string>;
  close(): Promise<void>;
}

interface LtijsPlatform {
  platformKid(): Promise<string>;
  platformUrl(): Promise<string>;
  platformClientId(): Promise<string>;
  platformPrivateKey(): Promise<string>;
  platformAccessToken(scopes: string): Promise<{ token_type: string; access_token: string }>;
}

interface LtijsInstance {
  setup(key: string, database: { plugin: object }, options: Record<string, unknown>): unknown;
  deploy(options: Record<string, unknown>): Promise<boolean>;
  close(options?: Record<string, unknown>): Promise<boolean>;
  onConnect(callback: (token: LtijsToken, req: Request, res: Response) => unknown): void;
  onDeepLinking(callback: (token: LtijsToken, req: Request, res: Response) => unknown): void;
  onInvalidToken(callback: (req: Request, res: Response) => unknown): void;
  onUnregisteredPlatform(callback: (req: Request, res: Response) => unknown): void;
  onInactivePlatform(callback: (req: Request, res: Response) => unknown): void;
  onSessionTimeout(callback: (req: Request, res: Response) => unknown): void;
  registerPlatform(platform: Record<string, unknown>): Promise<LtijsPlatform>;
  getPlatform(url: string, clientId: string): Promise<LtijsPlatform | false>;
  getAllPlatforms(): Promise<LtijsPlatform[]>;
  deletePlatform(url: string, clientId: string): Promise<boolean>;
  readonly app: RequestHandler;
  readonly Database: { Delete(collection: string, query: Record<string, unknown>): Promise<unknown> };
}

function newLtijsInstance(): LtijsInstance {
  // ltijs exports one shared instance; each Lectern app (and each test app) gets its own.
  const { Provider } = require('ltijs') as { Provider: { constructor: new () => LtijsInstance } };
  return new Provider.constructor();
}

function sequelizeStorage(databaseUrl: string): object {
  const Database = require('ltijs-sequelize') as new (db: string, user: string, pass: string, options: Record<string, unknown>) => object;
  const url = new URL(databaseUrl);
  return new Database(decodeURIComponent(url.pathname.slice(1)), decodeURIComponent(url.username), decodeURIComponent(url.password), {
    host: url.hostname,
    port: Number(url.port || 5432),
    dialect: 'postgres',
    logging: false,
  });
}

/**
 * Runs ltijs's deploy without the SIGINT handler it installs (our composition root stops it).
 * ltijs-sequelize's migrations report to `console.info` (Umzug's console logger): those lines go
 * to `log` instead of stdout while it deploys.
 */
async function deployQuietly(provider: LtijsInstance, log: (entry: unknown) => void): Promise<void> {
  const before = new Set(process.listeners('SIGINT'));
  /* eslint-disable no-console -- Umzug's console logger is redirected for the deploy, then restored. */
  const info = console.info;
  console.info = (entry: unknown) => log(entry);
  try {
    await provider.deploy({ serverless: true, silent: true });
  } finally {
    console.info = info;
    /* eslint-enable no-console */
    for (const listener of process.listeners('SIGINT')) if (!before.has(listener)) process.removeListener('SIGINT', listener);
  }
}

export async function createLtiProvider(options: LtiProviderOptions): Promise<LtiProvider> {
  const provider = newLtijsInstance();
  provider.setup(
    options.encryptionKey,
    { plugin: sequelizeStorage(options.databaseUrl) },
    {
      appRoute: '/launch',
      loginRoute: '/login',
      keysetRoute: '/keys',
      dynRegRoute: '/register',
      ltiaas: true,
      devMode: true,
      tokenMaxAge: 60,
      cors: false,
      cookies: { secure: options.cookieSecure, sameSite: options.cookieSecure ? 'None' : 'Lax' },
    },
  );
  const wrap = (handler: LaunchHandler) => (token: LtijsToken, req: Request, res: Response) => handler(token, req, res);
  provider.onConnect(wrap(options.onLaunch));
  provider.onDeepLinking(wrap(options.onDeepLinking));
  provider.onInvalidToken((req, res) => options.onRefusal(refusalOf(res, 'invalid_token'), req, res));
  provider.onUnregisteredPlatform((req, res) => options.onRefusal('unregistered_platform', req, res));
  provider.onInactivePlatform((req, res) => options.onRefusal('inactive_platform', req, res));
  provider.onSessionTimeout((req, res) => options.onRefusal('session_timeout', req, res));
  await deployQuietly(provider, options.log ?? (() => undefined));

  async function platformOf(issuer: string, clientId: string): Promise<LtijsPlatform> {
    const platform = await provider.getPlatform(issuer, clientId);
    if (!platform) throw new Error(`ltijs has no platform ${issuer} (client id ${clientId})`);
    return platform;
  }

  return {
    handler: provider.app,
    async registerPlatform(platform) {
      const registered = await provider.registerPlatform({
        url: platform.issuer,
        name: platform.name,
        clientId: platform.clientId,
        authenticationEndpoint: platform.authenticationEndpoint,
        accesstokenEndpoint: platform.accessTokenEndpoint,
        authConfig: { method: 'JWK_SET', key: platform.jwksUrl },
      });
      return registered.platformKid();
    },
    async unregisterPlatform(issuer, clientId) {
      await provider.deletePlatform(issuer, clientId);
    },
    async listPlatforms() {
      const platforms = await provider.getAllPlatforms();
      return Promise.all(platforms.map(async (platform) => ({ issuer: await platform.platformUrl(), clientId: await platform.platformClientId() })));
    },
    async accessToken(issuer, clientId, scopes) {
      const token = await (await platformOf(issuer, clientId)).platformAccessToken(scopeKey(scopes));
      return { tokenType: token.token_type, accessToken: token.access_token };
    },
    async forgetAccessToken(issuer, clientId, scopes) {
      await provider.Database.Delete('accesstoken', { platformUrl: issuer, clientId, scopes: scopeKey(scopes) });
    },
    async signAsTool(issuer, clientId, claims, expiresInSeconds) {
      const platform = await platformOf(issuer, clientId);
      const now = Math.floor(Date.now() / 1000);
      const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const signingInput = `${part({ typ: 'JWT', alg: 'RS256', kid: await platform.platformKid() })}.${part({ ...claims, iat: now, exp: now + expiresInSeconds })}`;
      return `${signingInput}.${sign('sha256', Buffer.from(signingInput), await platform.platformPrivateKey()).toString('base64url')}`;
    },
    async close() {
      await provider.close({ silent: true });
    },
  };
}

/** How ltijs keys cached access tokens: the scopes, space-separated (sorted, so that one set has one key). */
function scopeKey(scopes: readonly string[]): string {
  return [...scopes].sort().join(' ');
}

/** ltijs puts its reason in res.locals.err.details.message (e.g. NONCE_ALREADY_RECEIVED). */
function refusalOf(res: Response, fallback: string): string {
  const details = (res.locals.err as { details?: { message?: string } } | undefined)?.details;
  return details?.message ? String(details.message) : fallback;
}
