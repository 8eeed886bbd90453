/**
 * The metadata service's reader (domain/sso/saml-metadata.ts): download, verify the signature
 * against the pinned certificate when there is one (then parse only what it covers), parse.
 */
import { SamlMetadataError, type SamlMetadataReader } from '../../domain/sso/saml-metadata.js';
import { parseIdpMetadata } from './idp-metadata.js';
import { fetchMetadata, type MetadataFetchOptions } from './metadata-fetch.js';
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

export function createSamlMetadataReader(options: MetadataFetchOptions): SamlMetadataReader {
  return {
    download: (url) => fetchMetadata(url, options),
    read(xml, signingCert, now) {
      const content = signingCert ? signedContent(xml, signingCert) : xml;
      const parsed = parseIdpMetadata(content, now);
      return { ...parsed, signatureChecked: signingCert !== null };
    },
  };
}
