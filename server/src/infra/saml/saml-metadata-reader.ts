/**
 * The metadata service's reader (domain/sso/saml-metadata.ts): download, then read (verify the
 * signature against the pinned certificate when there is one, parse) in a worker thread, so that
 * a federation's aggregate does not hold up the web process's requests for seconds.
 */
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { SamlMetadataError, type SamlMetadataDocument, type SamlMetadataReader } from '../../domain/sso/saml-metadata.js';
import { fetchMetadata, type MetadataFetchOptions } from './metadata-fetch.js';
import type { MetadataReadAnswer, MetadataReadRequest } from './metadata-read-worker.js';

const EXTENSION = path.extname(fileURLToPath(import.meta.url));
// The worker file beside this one: compiled (dist/…/.js), or the source (.ts) under tsx.
const WORKER_URL = new URL(`./metadata-read-worker${EXTENSION}`, import.meta.url);

/** tsx's ESM API module (`tsx/esm/api`, its `import` export), as a file URL. */
function tsxEsmApi(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const { exports } = require(manifest) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(path.join(path.dirname(manifest), exports['./esm/api']!.import.default)).href;
}

function startWorker(request: MetadataReadRequest): Worker {
  if (EXTENSION !== '.ts') return new Worker(WORKER_URL, { workerData: request });
  // Run from source (tests, tsx): Node 20's workers do not inherit tsx's --import hooks, so the
  // worker registers tsx's loader before importing its entry.
  const bootstrap = `import(${JSON.stringify(tsxEsmApi())}).then(({ register }) => { register(); return import(${JSON.stringify(WORKER_URL.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData: request });
}

function readInWorker(request: MetadataReadRequest): Promise<SamlMetadataDocument> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(request);
    let settled = false;
    worker.once('message', (answer: MetadataReadAnswer) => {
      settled = true;
      if (answer.ok) resolve(answer.document);
      else if (answer.code) reject(new SamlMetadataError(answer.code, answer.message));
      else reject(Object.assign(new Error(answer.message), { stack: answer.stack }));
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the metadata reader's worker thread stopped (exit code ${code}) without an answer`));
    });
  });
}

export function createSamlMetadataReader(options: MetadataFetchOptions): SamlMetadataReader {
  return {
    download: (url) => fetchMetadata(url, options),
    read: (xml, signingCert, now) => readInWorker({ xml, signingCert, now }),
  };
}
