import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseByteSize } from './byte-size.js';

/**
 * The one reader of the process environment. `loadConfig(env)` turns an environment into a
 * frozen, typed Config, or throws a ConfigError listing every problem at once.
 */

const byteSize = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const bytes = parseByteSize(text);
      if (bytes === null) {
        ctx.addIssue({ code: 'custom', message: `"${text}" is not a size (examples: 8GiB, 500MB, 1048576)` });
        return z.NEVER;
      }
      return bytes;
    });

const booleanFlag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((value) => (value === undefined ? fallback : ['true', '1', 'yes'].includes(value)));

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

const postgresUrl = z
  .string()
  .url()
  .refine((url) => /^postgres(ql)?:\/\//.test(url), 'must start with postgres:// or postgresql://');

const seconds = (fallback: number) => z.coerce.number().positive().max(86_400).default(fallback);

/** `<height>p:<video maxrate kbps>:<audio kbps>[:mp4]`, comma-separated, e.g. `360p:1000:96:mp4,720p:3000:128:mp4,1080p:4500:192`. */
const LADDER_PATTERN = /^\d{3,4}p:\d+:\d+(:mp4)?(,\d{3,4}p:\d+:\d+(:mp4)?)*$/;
const X264_PRESETS = ['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow', 'slower', 'veryslow'] as const;

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  PORT: port(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: z.string().url().optional(),
  LECTERN_VAR_DIR: z.string().min(1).default('./var'),
  DATABASE_URL: postgresUrl.optional(),
  EMBEDDED_PG_PORT: port(54329),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  LECTERN_ADMIN_USERNAME: z.string().regex(/^[\w.@+-]{1,150}$/).default('admin'),
  LECTERN_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  UPLOAD_MAX_SIZE: byteSize('8GiB'),
  USER_QUOTA: byteSize('100GiB'),
  INCOMPLETE_UPLOAD_TTL_HOURS: z.coerce.number().int().min(1).default(72),
  FFMPEG_PATH: z.string().min(1).optional(),
  FFPROBE_PATH: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: z.string().default('loopback'),
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
  LOGIN_RATE_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  DEFAULT_LOCALE: z.enum(['fr', 'en']).default('fr'),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).default(12),
  COOKIE_SECURE: booleanFlag(false).optional(),
  ENCODING_WORKERS: z.coerce.number().int().min(0).max(64).default(1),
  ENCODING_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  ENCODING_LADDER: z
    .string()
    .regex(LADDER_PATTERN, 'must look like 360p:1000:96:mp4,720p:3000:128:mp4,1080p:4500:192 (name:maxrate kbps:audio kbps[:mp4])')
    .default('360p:1000:96:mp4,720p:3000:128:mp4,1080p:4500:192'),
  ENCODING_PRESET: z.enum(X264_PRESETS).default('veryfast'),
  ENCODING_CRF: z.coerce.number().int().min(0).max(51).default(23),
  ENCODING_THREADS: z.coerce.number().int().min(0).max(256).default(0),
  ENCODING_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(3),
  ENCODING_RETRY_DELAY_SECONDS: seconds(30),
  ENCODING_LOCK_SECONDS: seconds(120),
  ENCODING_POLL_SECONDS: seconds(5),
  ENCODING_SHUTDOWN_GRACE_SECONDS: seconds(20),
  MEDIA_DELIVERY: z.enum(['node', 'x-accel-redirect']).default('node'),
  MEDIA_ACCEL_PREFIX: z
    .string()
    .regex(/^\/([\w.-]+\/)+$/, 'must be a path starting and ending with "/", e.g. /_lectern_media/')
    .default('/_lectern_media/'),
  MEDIA_GRANT_TTL: z.coerce.number().int().min(60).max(30 * 86_400).default(21_600),
  MEDIA_PUBLIC_GRANT_TTL: z.coerce.number().int().min(60).max(365 * 86_400).default(604_800),
  IMPORT_DIR: z.string().min(1).optional(),
  LTI_AUTO_APPROVE: booleanFlag(false),
  BBB_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(300).default(10),
  BBB_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  BBB_RECORDING_MAX_SIZE: byteSize('20GiB'),
  BBB_DOWNLOAD_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  SAML_SP_ENTITY_ID: z.string().min(1).max(500).optional(),
  SAML_SP_KEY_FILE: z.string().min(1).optional(),
  SAML_SP_CERT_FILE: z.string().min(1).optional(),
  SSO_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(300).default(60),
  SAML_REQUEST_TTL_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  CAS_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(120).default(10),
  SAML_METADATA_MAX_BYTES: byteSize('64MiB'),
  SAML_METADATA_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(60),
});

export type Locale = 'fr' | 'en';

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly http: { readonly port: number; readonly host: string; readonly trustProxy: string };
  readonly publicUrl: string;
  readonly varDir: string;
  readonly database: { readonly url: string | null; readonly embeddedPort: number };
  readonly sessionSecret: string | null;
  readonly sessionTtlHours: number;
  readonly cookieSecure: boolean;
  readonly admin: { readonly username: string; readonly password: string | null };
  readonly uploads: { readonly maxSize: number; readonly userQuota: number; readonly incompleteTtlHours: number };
  readonly ffmpeg: { readonly ffmpegPath: string | null; readonly ffprobePath: string | null };
  readonly logLevel: string;
  readonly login: { readonly rateLimit: number; readonly rateWindowMinutes: number };
  readonly defaultLocale: Locale;
  readonly encoding: EncodingConfig;
  readonly media: MediaConfig;
  /** The folder whose files CSV video imports may name (copied, never moved); absolute. */
  readonly importDir: string;
  readonly lti: LtiConfig;
  readonly bbb: BbbConfig;
  readonly saml: SamlSpConfig;
  readonly sso: SsoConfig;
  readonly cas: CasConfig;
  readonly samlMetadata: SamlMetadataConfig;
}

export interface SamlMetadataConfig {
  /** Largest IdP metadata document read from a URL or an upload (bytes). */
  readonly maxBytes: number;
  /** For a whole metadata download. */
  readonly timeoutMs: number;
}

export interface CasConfig {
  /** Per ticket validation (and per connection test) sent to a CAS server. */
  readonly timeoutMs: number;
}

export interface SamlSpConfig {
  /** Our SP entityID (default `${PUBLIC_URL}/sso/saml/metadata`). */
  readonly entityId: string;
  /** Configured signing/decryption key and certificate (PEM files), or null: generated under var/secrets. */
  readonly keyFile: string | null;
  readonly certFile: string | null;
  /** An AuthnRequest's id is accepted once, within this time (ms). */
  readonly requestTtlMs: number;
}

export interface SsoConfig {
  /** Tolerated clock difference with IdPs (ms): bounded (at most 5 minutes), never disabled. */
  readonly clockSkewMs: number;
}

export interface BbbConfig {
  /** Per API call and per silent stretch of a recording download. */
  readonly timeoutMs: number;
  /** Extra attempts of an API call after a network error, a timeout or a 5xx. */
  readonly retries: number;
  /** Recordings larger than this are refused before downloading (bytes). */
  readonly recordingMaxSize: number;
  /** Attempts of a recording import's download (each resumes where the last stopped). */
  readonly downloadAttempts: number;
}

export interface LtiConfig {
  /** Platforms that register themselves (dynamic registration) are active at once instead of pending. */
  readonly autoApprove: boolean;
}

export interface MediaConfig {
  /** `node`: Lectern streams media files; `x-accel-redirect`: it checks access and nginx sends the bytes. */
  readonly delivery: 'node' | 'x-accel-redirect';
  /** The nginx `internal` location aliasing the media folder (x-accel-redirect mode). */
  readonly accelPrefix: string;
  /** Lifetime of the media grants of videos that are not public, and of public ones. */
  readonly grantTtlSeconds: number;
  readonly publicGrantTtlSeconds: number;
}

export interface EncodingConfig {
  /** Workers started inside the web process (0: only standalone `npm run worker` processes encode). */
  readonly inProcessWorkers: number;
  /** Jobs one worker runs at a time. */
  readonly concurrency: number;
  /** Rendition ladder text, parsed by the worker (encoding/src/ffmpeg/rendition-ladder.ts). */
  readonly ladder: string;
  readonly preset: string;
  readonly crf: number;
  readonly threads: number;
  readonly maxAttempts: number;
  readonly retryDelayMs: number;
  /** A job whose worker stopped sending heartbeats for this long is taken by another worker. */
  readonly lockLifetimeMs: number;
  readonly pollIntervalMs: number;
  readonly shutdownGraceMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined>, cwd = process.cwd()): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`));
  }
  const e = parsed.data;
  if (Boolean(e.SAML_SP_KEY_FILE) !== Boolean(e.SAML_SP_CERT_FILE)) throw new ConfigError(['SAML_SP_KEY_FILE, SAML_SP_CERT_FILE: give both or neither']);
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  const varDir = path.resolve(cwd, e.LECTERN_VAR_DIR);
  return Object.freeze({
    env: e.NODE_ENV,
    http: Object.freeze({ port: e.PORT, host: e.HOST, trustProxy: e.TRUST_PROXY }),
    publicUrl,
    varDir,
    database: Object.freeze({ url: e.DATABASE_URL ?? null, embeddedPort: e.EMBEDDED_PG_PORT }),
    sessionSecret: e.SESSION_SECRET ?? null,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    cookieSecure: e.COOKIE_SECURE ?? publicUrl.startsWith('https://'),
    admin: Object.freeze({ username: e.LECTERN_ADMIN_USERNAME, password: e.LECTERN_ADMIN_PASSWORD ?? null }),
    uploads: Object.freeze({
      maxSize: e.UPLOAD_MAX_SIZE,
      userQuota: e.USER_QUOTA,
      incompleteTtlHours: e.INCOMPLETE_UPLOAD_TTL_HOURS,
    }),
    ffmpeg: Object.freeze({ ffmpegPath: e.FFMPEG_PATH ?? null, ffprobePath: e.FFPROBE_PATH ?? null }),
    logLevel: e.LOG_LEVEL,
    login: Object.freeze({ rateLimit: e.LOGIN_RATE_LIMIT, rateWindowMinutes: e.LOGIN_RATE_WINDOW_MINUTES }),
    defaultLocale: e.DEFAULT_LOCALE,
    encoding: Object.freeze({
      inProcessWorkers: e.ENCODING_WORKERS,
      concurrency: e.ENCODING_CONCURRENCY,
      ladder: e.ENCODING_LADDER,
      preset: e.ENCODING_PRESET,
      crf: e.ENCODING_CRF,
      threads: e.ENCODING_THREADS,
      maxAttempts: e.ENCODING_MAX_ATTEMPTS,
      retryDelayMs: Math.round(e.ENCODING_RETRY_DELAY_SECONDS * 1000),
      lockLifetimeMs: Math.round(e.ENCODING_LOCK_SECONDS * 1000),
      pollIntervalMs: Math.round(e.ENCODING_POLL_SECONDS * 1000),
      shutdownGraceMs: Math.round(e.ENCODING_SHUTDOWN_GRACE_SECONDS * 1000),
    }),
    media: Object.freeze({
      delivery: e.MEDIA_DELIVERY,
      accelPrefix: e.MEDIA_ACCEL_PREFIX,
      grantTtlSeconds: e.MEDIA_GRANT_TTL,
      publicGrantTtlSeconds: e.MEDIA_PUBLIC_GRANT_TTL,
    }),
    importDir: e.IMPORT_DIR ? path.resolve(cwd, e.IMPORT_DIR) : path.join(varDir, 'import'),
    lti: Object.freeze({ autoApprove: e.LTI_AUTO_APPROVE }),
    bbb: Object.freeze({
      timeoutMs: e.BBB_TIMEOUT_SECONDS * 1000,
      retries: e.BBB_RETRIES,
      recordingMaxSize: e.BBB_RECORDING_MAX_SIZE,
      downloadAttempts: e.BBB_DOWNLOAD_ATTEMPTS,
    }),
    saml: Object.freeze({
      entityId: e.SAML_SP_ENTITY_ID ?? `${publicUrl}/sso/saml/metadata`,
      keyFile: e.SAML_SP_KEY_FILE ? path.resolve(cwd, e.SAML_SP_KEY_FILE) : null,
      certFile: e.SAML_SP_CERT_FILE ? path.resolve(cwd, e.SAML_SP_CERT_FILE) : null,
      requestTtlMs: e.SAML_REQUEST_TTL_MINUTES * 60_000,
    }),
    sso: Object.freeze({ clockSkewMs: e.SSO_CLOCK_SKEW_SECONDS * 1000 }),
    cas: Object.freeze({ timeoutMs: e.CAS_TIMEOUT_SECONDS * 1000 }),
    samlMetadata: Object.freeze({ maxBytes: e.SAML_METADATA_MAX_BYTES, timeoutMs: e.SAML_METADATA_TIMEOUT_SECONDS * 1000 }),
  });
}

/**
 * Reads `.env` from the working directory (if present) into the environment, then the
 * environment into a Config. Only composition roots call this.
 */
export function loadConfigFromProcess(cwd = process.cwd()): Config {
  const envFile = path.join(cwd, '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  return loadConfig(process.env, cwd);
}

/** Environment for test processes: TEST_DATABASE_URL selects an external server. */
export function testDatabaseUrl(): string | null {
  return process.env.TEST_DATABASE_URL || null;
}
