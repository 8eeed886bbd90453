/**
 * Worker thread entry (saml-metadata-reader.ts starts one per read): reads the document it is
 * given and posts the result, or the SamlMetadataError's code and message (anything else is
 * a bug: its message and stack go back to be thrown in the web process).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SamlMetadataError } from '../../domain/sso/saml-metadata.js';
import { readMetadataDocument } from './metadata-read.js';

export interface MetadataReadRequest {
  readonly xml: string;
  readonly signingCert: string | null;
  readonly now: Date;
}

export type MetadataReadAnswer =
  | { readonly ok: true; readonly document: ReturnType<typeof readMetadataDocument> }
  | { readonly ok: false; readonly code: SamlMetadataError['code'] | null; readonly message: string; readonly stack?: string };

function answer(request: MetadataReadRequest): MetadataReadAnswer {
  try {
    return { ok: true, document: readMetadataDocument(request.xml, request.signingCert, request.now) };
  } catch (error) {
    if (error instanceof SamlMetadataError) return { ok: false, code: error.code, message: error.message };
    const failure = error instanceof Error ? error : new Error(String(error));
    return { ok: false, code: null, message: failure.message, stack: failure.stack };
  }
}

parentPort?.postMessage(answer(workerData as MetadataReadRequest));
