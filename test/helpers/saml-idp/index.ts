import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSelfSignedCertificate } from '../../../server/src/infra/saml/sp-certificate.js';
import { freePort, outputTail, stopProcess } from '../processes.js';
import { authsourcesPhp, configPhp, idpHostedPhp, LOG_FILE, spRemotePhp, type IdpFolders, type IdpUser, type ServiceProvider } from './config-files.js';
import { IdpBrowser, type IdpLoginResponse, type IdpRequest } from './idp-browser.js';

export type { IdpUser, ServiceProvider } from './config-files.js';
export { IdpBrowser, visibleText, type IdpLoginAttempt, type IdpLoginResponse, type IdpRequest, type SamlMessageToSp } from './idp-browser.js';

/**
 * A real SAML 2.0 identity provider for tests: Debian's SimpleSAMLphp 1.19 under PHP's built-in
 * server on a loopback port, with a throwaway configuration that trusts one service provider.
 * See README.md in this folder.
 */

export const SIMPLESAMLPHP_DIR = '/usr/share/simplesamlphp';
export const SSO_TEST_PACKAGES = 'simplesamlphp php-cli php-xml php-mbstring php-curl';
const ROUTER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'router.php');
const READY_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;
const SERVER_TAIL_LINES = 20;
const MAX_LOG_LINE = 400;

export interface SimpleSamlIdpUsers {
  /** `etudiant`: eduPersonAffiliation student + member, primary student. */
  readonly student: IdpUser;
  /** `prof`: eduPersonAffiliation faculty + member, primary faculty. */
  readonly teacher: IdpUser;
}

export interface SimpleSamlIdp {
  /** http://127.0.0.1:<port> */
  readonly origin: string;
  readonly entityId: string;
  /** The IdP's own metadata (XML), as an SP or a federation would fetch it. */
  readonly metadataUrl: string;
  readonly ssoUrl: string;
  readonly sloUrl: string;
  /** The IdP's signing certificate (PEM). */
  readonly certificatePem: string;
  readonly users: SimpleSamlIdpUsers;
  /** A fresh browser (its own IdP session) for flows of several steps (login, then logout). */
  browser(): IdpBrowser;
  /** Logs in from a fresh browser: `request` is where the SP sent the browser (its AuthnRequest). */
  login(request: IdpRequest, username: string, password: string): Promise<IdpLoginResponse>;
  /** The end of SimpleSAMLphp's log and of PHP's server output, to explain a failure. */
  logTail(lines?: number): Promise<string>;
  close(): Promise<void>;
}

export const STUDENT: IdpUser = {
  username: 'etudiant',
  password: 'etudiant-pass',
  attributes: {
    uid: ['etudiant'],
    eduPersonPrincipalName: ['etudiant@univ-test.fr'],
    mail: ['elodie.martin@etu.univ-test.fr'],
    givenName: ['Élodie'],
    sn: ['Martin'],
    displayName: ['Élodie Martin'],
    eduPersonAffiliation: ['student', 'member'],
    eduPersonPrimaryAffiliation: ['student'],
  },
};

export const TEACHER: IdpUser = {
  username: 'prof',
  password: 'prof-pass',
  attributes: {
    uid: ['prof'],
    eduPersonPrincipalName: ['prof@univ-test.fr'],
    mail: ['jean.lefevre@univ-test.fr'],
    givenName: ['Jean'],
    sn: ['Lefèvre'],
    displayName: ['Jean Lefèvre'],
    eduPersonAffiliation: ['faculty', 'member'],
    eduPersonPrimaryAffiliation: ['faculty'],
  },
};

/**
 * The SP an IdP needs to know, read from Lectern's SP metadata (GET /sso/saml/metadata): the IdP
 * then trusts exactly what Lectern publishes, as a federation would.
 */
export function serviceProviderFromMetadata(xml: string): ServiceProvider {
  const attribute = (element: string, name: string) => new RegExp(`<(?:\\w+:)?${element}\\b[^>]*\\s${name}="([^"]+)"`).exec(xml)?.[1];
  const certificate = /<(?:\w+:)?X509Certificate>([^<]+)<\//.exec(xml)?.[1];
  const sp = {
    entityId: attribute('EntityDescriptor', 'entityID'),
    acsUrl: attribute('AssertionConsumerService', 'Location'),
    sloUrl: attribute('SingleLogoutService', 'Location'),
    certificatePem: certificate && `-----BEGIN CERTIFICATE-----\n${certificate.replace(/\s+/g, '')}\n-----END CERTIFICATE-----\n`,
  };
  const missing = Object.entries(sp).filter(([, value]) => !value);
  if (missing.length) throw new Error(`the SP metadata lacks ${missing.map(([key]) => key).join(', ')}:\n${xml}`);
  return sp as ServiceProvider;
}

/** Throws, saying what to install, when PHP or SimpleSAMLphp is missing. */
export function requireSimpleSamlPhp(): void {
  const install = `Install them with: apt-get install -y --no-install-recommends ${SSO_TEST_PACKAGES}`;
  const php = spawnSync('php', ['-r', 'exit(extension_loaded("dom") && extension_loaded("mbstring") && extension_loaded("openssl") ? 0 : 3);'], { stdio: 'ignore' });
  if (php.error) throw new Error(`The SAML IdP tests need PHP (php on the PATH), which is missing. ${install}`);
  if (php.status !== 0) throw new Error(`PHP lacks the dom, mbstring or openssl extension that SimpleSAMLphp needs. ${install}`);
  if (!existsSync(path.join(SIMPLESAMLPHP_DIR, 'www', 'module.php'))) {
    throw new Error(`The SAML IdP tests need Debian's SimpleSAMLphp under ${SIMPLESAMLPHP_DIR}, which is missing. ${install}`);
  }
}

/** Child processes still running, killed if the test process exits without closing them. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function killOnExit(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const orphan of running) orphan.kill('SIGKILL');
  });
}

async function writeConfiguration(dir: string, origin: string, entityId: string, sp: ServiceProvider, users: readonly IdpUser[]): Promise<string> {
  const folders: IdpFolders = {
    cert: path.join(dir, 'cert'),
    metadata: path.join(dir, 'metadata'),
    data: path.join(dir, 'data'),
    tmp: path.join(dir, 'tmp'),
    log: path.join(dir, 'log'),
    sessions: path.join(dir, 'sessions'),
  };
  const configDir = path.join(dir, 'config');
  await Promise.all([configDir, ...Object.values(folders)].map((folder) => mkdir(folder, { recursive: true })));
  const idpKeys = await generateSelfSignedCertificate('Lectern test IdP', 30);
  await Promise.all([
    writeFile(path.join(folders.cert, 'idp.key'), idpKeys.privateKeyPem, { mode: 0o600 }),
    writeFile(path.join(folders.cert, 'idp.crt'), idpKeys.certificatePem),
    writeFile(path.join(configDir, 'config.php'), configPhp({
        origin,
        folders,
        secretSalt: randomBytes(24).toString('hex'),
        adminPassword: randomBytes(24).toString('hex'),
        trustedHosts: [new URL(sp.acsUrl).host],
      }),),
    writeFile(path.join(configDir, 'authsources.php'), authsourcesPhp(users)),
    writeFile(path.join(folders.metadata, 'saml20-idp-hosted.php'), idpHostedPhp(entityId)),
    writeFile(path.join(folders.metadata, 'saml20-sp-remote.php'), spRemotePhp(sp)),
  ]);
  return idpKeys.certificatePem;
}

function startPhpServer(port: number, configDir: string): { child: ChildProcess; serverTail(): string } {
  const child = spawn('php', ['-S', `127.0.0.1:${port}`, '-t', path.join(SIMPLESAMLPHP_DIR, 'www'), ROUTER], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, SIMPLESAMLPHP_CONFIG_DIR: configDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  killOnExit(child);
  return { child, serverTail: outputTail(child, SERVER_TAIL_LINES) };
}

async function waitUntilReady(metadataUrl: string, child: ChildProcess, tail: () => Promise<string>): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`php -S exited (code ${child.exitCode}) before SimpleSAMLphp was ready:\n${await tail()}`);
    try {
      const response = await fetch(metadataUrl);
      const body = await response.text();
      if (response.status === 200 && body.includes('IDPSSODescriptor')) return;
      last = `status ${response.status}: ${body.slice(0, 300)}`;
    } catch (error) {
      last = (error as Error).message; // not listening yet: poll again
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`SimpleSAMLphp did not serve ${metadataUrl} within ${READY_TIMEOUT_MS / 1000} s (${last}):\n${await tail()}`);
}

/** Starts SimpleSAMLphp as an IdP that trusts `sp`, with the users `etudiant` and `prof`. */
export async function startSimpleSamlIdp(options: { sp: ServiceProvider }): Promise<SimpleSamlIdp> {
  requireSimpleSamlPhp();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-saml-idp-'));
  const origin = `http://127.0.0.1:${await freePort()}`;
  const entityId = `${origin}/saml2/idp/metadata.php`;
  const users: SimpleSamlIdpUsers = { student: STUDENT, teacher: TEACHER };
  const certificatePem = await writeConfiguration(dir, origin, entityId, options.sp, [STUDENT, TEACHER]);
  const server = startPhpServer(Number(new URL(origin).port), path.join(dir, 'config'));

  const logTail = async (lines = 40) => {
    const logFile = path.join(dir, 'log', LOG_FILE);
    const log = existsSync(logFile)
      ? (await readFile(logFile, 'utf8'))
          .split('\n')
          .slice(-lines - 1)
          .map((line) => (line.length > MAX_LOG_LINE ? `${line.slice(0, MAX_LOG_LINE)}…` : line))
          .join('\n')
      : '(no log file yet)';
    return `--- SimpleSAMLphp log (${logFile}) ---\n${log}\n--- php -S output ---\n${server.serverTail()}`;
  };
  const failure = async (message: string) => new Error(`${message}\n${await logTail()}`);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await stopProcess(server.child, STOP_TIMEOUT_MS);
    await rm(dir, { recursive: true, force: true });
  };

  try {
    await waitUntilReady(entityId, server.child, logTail);
  } catch (error) {
    await close();
    throw error;
  }
  const browser = () => new IdpBrowser(origin, failure);
  return {
    origin,
    entityId,
    metadataUrl: entityId,
    ssoUrl: `${origin}/saml2/idp/SSOService.php`,
    sloUrl: `${origin}/saml2/idp/SingleLogoutService.php`,
    certificatePem,
    users,
    browser,
    login: (request, username, password) => browser().login(request, username, password),
    logTail,
    close,
  };
}
