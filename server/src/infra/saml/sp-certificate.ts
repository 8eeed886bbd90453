import { KeyObject, randomBytes, webcrypto } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as x509 from '@peculiar/x509';
import type { Config } from '../../config/config.js';

/** A key pair and its self-signed certificate, both PEM (the key PKCS#8). */
export interface SpCredentials {
  privateKeyPem: string;
  certificatePem: string;
}

const RSA_SHA256 = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 3072,
} as const;

/** A self-signed RSA 3072 / SHA-256 certificate: SAML certificates are trusted through metadata, not a CA. */
export async function generateSelfSignedCertificate(commonName: string, validDays: number): Promise<SpCredentials> {
  const crypto = webcrypto as unknown as Crypto;
  const keys = (await crypto.subtle.generateKey(RSA_SHA256, true, ['sign', 'verify'])) as CryptoKeyPair;
  const notBefore = new Date(Date.now() - 60_000);
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: `01${randomBytes(15).toString('hex')}`,
      name: [{ CN: [commonName] }],
      notBefore,
      notAfter: new Date(notBefore.getTime() + validDays * 86_400_000),
      signingAlgorithm: RSA_SHA256,
      keys,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      ],
    },
    crypto,
  );
  const privateKeyPem = KeyObject.from(keys.privateKey).export({ type: 'pkcs8', format: 'pem' }).toString();
  return { privateKeyPem, certificatePem: cert.toString('pem') };
}

export interface SpCredentialFiles {
  /** Both or neither: configured files (SAML_SP_KEY_FILE / SAML_SP_CERT_FILE). */
  keyFile?: string;
  certFile?: string;
  /** The generated certificate's subject CN (the public host). */
  commonName: string;
}

const GENERATED_VALID_DAYS = 3650;
const KEY_NAME = 'saml-sp.key';
const CERT_NAME = 'saml-sp.crt';

/**
 * The SP's signing and decryption credentials: the configured files when given, else a pair
 * generated once under var/secrets (0600). Race-safe: the key is published with link() (which
 * fails if another process published first), then the certificate, whose presence means "done".
 */
export async function readOrCreateSpCredentials(varDir: string, files: SpCredentialFiles): Promise<SpCredentials> {
  if (files.keyFile || files.certFile) {
    if (!files.keyFile || !files.certFile) throw new Error('SAML_SP_KEY_FILE and SAML_SP_CERT_FILE go together');
    return readPair(files.keyFile, files.certFile);
  }
  const dir = path.join(varDir, 'secrets');
  const keyFile = path.join(dir, KEY_NAME);
  const certFile = path.join(dir, CERT_NAME);
  if (existsSync(certFile)) return readPair(keyFile, certFile);
  if (existsSync(keyFile)) return waitForCertificate(keyFile, certFile);
  await fs.mkdir(varDir, { recursive: true });
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const generated = await generateSelfSignedCertificate(files.commonName, GENERATED_VALID_DAYS);
  const suffix = `.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await fs.writeFile(keyFile + suffix, generated.privateKeyPem, { mode: 0o600, flag: 'wx' });
  await fs.writeFile(certFile + suffix, generated.certificatePem, { mode: 0o600, flag: 'wx' });
  try {
    await fs.link(keyFile + suffix, keyFile);
  } catch (error) {
    await Promise.all([fs.rm(keyFile + suffix), fs.rm(certFile + suffix)]);
    // Another process published its key first: use its pair.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return waitForCertificate(keyFile, certFile);
    throw error;
  }
  await fs.rm(keyFile + suffix);
  await fs.rename(certFile + suffix, certFile);
  return generated;
}

/** The credentials configured for this server (SAML_SP_KEY_FILE / SAML_SP_CERT_FILE), or generated for its host. */
export function configuredSpCredentials(config: Pick<Config, 'varDir' | 'publicUrl' | 'saml'>): Promise<SpCredentials> {
  const { keyFile, certFile } = config.saml;
  return readOrCreateSpCredentials(config.varDir, { keyFile: keyFile ?? undefined, certFile: certFile ?? undefined, commonName: new URL(config.publicUrl).hostname });
}

async function readPair(keyFile: string, certFile: string): Promise<SpCredentials> {
  const [privateKeyPem, certificatePem] = await Promise.all([fs.readFile(keyFile, 'utf8'), fs.readFile(certFile, 'utf8')]);
  return { privateKeyPem, certificatePem };
}

/** The key is there but not yet its certificate: another process is finishing (a few ms). */
async function waitForCertificate(keyFile: string, certFile: string): Promise<SpCredentials> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (existsSync(certFile)) return readPair(keyFile, certFile);
    await sleep(50);
  }
  throw new Error(`${keyFile} exists without ${certFile}: remove the key to generate a new pair`);
}
