/**
 * Reading a metadata document (pure, CPU-bound): verify the signature against the pinned
 * certificate when there is one (then parse only what it covers), and parse. A federation's
 * aggregate takes seconds (1,000 IdPs, 2.7 MB: about 1.8 s, 1.3 s of it the signature), so
 * the reader runs it in a worker thread (metadata-read-worker.ts), off the web process's loop.
 */
import { SamlMetadataError, type SamlMetadataDocument } from '../../domain/sso/saml-metadata.js';
import { parseIdpMetadata } from './idp-metadata.js';
import { verifyEnvelopedSignature, XmlSignatureError } from './xml-signature.js';

/** The signed content, or a SamlMetadataError: signature_invalid, or invalid for a document that is not XML. */
function signedContent(xml: string, signingCert: string): string {
  try {
    return verifyEnvelopedSignature(xml, signingCert).signedXml;
  } catch (error) {
    if (!(error instanceof XmlSignatureError)) throw error;
    if (error.problem === 'malformed') throw new SamlMetadataError('saml_metadata_invalid', error.message);
    throw new SamlMetadataError('saml_metadata_signature_invalid', `${error.message} (${error.problem})`);
  }
}

export function readMetadataDocument(xml: string, signingCert: string | null, now: Date): SamlMetadataDocument {
  const content = signingCert ? signedContent(xml, signingCert) : xml;
  return { ...parseIdpMetadata(content, now), signatureChecked: signingCert !== null };
}
