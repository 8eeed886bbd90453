/**
 * XML signatures (XML-DSig), the only importer of xml-crypto and @xmldom/xmldom. One check for
 * now, written for any SAML document that is signed as a whole (metadata today): an enveloped
 * signature on the document's root element, verified against certificates we trust (never the
 * one the document carries in its KeyInfo), RSA-SHA256 or stronger. What comes back is the
 * content the signature covers, canonicalised by xml-crypto: callers parse THAT, never the text
 * they were given, so that nothing injected beside the signed element (signature wrapping) can
 * be read as signed.
 */
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';

export type XmlSignatureProblem =
  /** Not well-formed XML, or a DOCTYPE (never needed by SAML, the door to entity expansion). */
  | 'malformed'
  /** No signature on the root element. */
  | 'unsigned'
  /** Several signatures on the root, several references, or a reference to another element than the root. */
  | 'not_root'
  /** SHA-1 or an algorithm we do not know. */
  | 'weak_algorithm'
  /** The digest or the signature value does not match (tampered content, another key). */
  | 'invalid';

export class XmlSignatureError extends Error {
  constructor(
    readonly problem: XmlSignatureProblem,
    message: string,
  ) {
    super(message);
    this.name = 'XmlSignatureError';
  }
}

export interface VerifiedXml {
  /** The signed element, canonicalised, without its signature: the text to parse. */
  readonly signedXml: string;
  readonly signatureAlgorithm: string;
  readonly digestAlgorithm: string;
}

const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
/** RSA with SHA-256 or SHA-512 (xml-crypto's list without rsa-sha1). */
const SIGNATURE_ALGORITHMS = new Set([
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  'http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
]);
const DIGEST_ALGORITHMS = new Set(['http://www.w3.org/2001/04/xmlenc#sha256', 'http://www.w3.org/2001/04/xmlenc#sha512']);
const ID_ATTRIBUTES = ['ID', 'Id', 'id'];
const ELEMENT_NODE = 1;

/** Whether the text declares a document type (refused: SAML never needs one). */
export function hasDoctype(xml: string): boolean {
  return /<!DOCTYPE/i.test(xml);
}

/** A strict parse: any warning or error of xmldom is a malformed document. */
function parseStrict(xml: string): Document {
  if (hasDoctype(xml)) throw new XmlSignatureError('malformed', 'The document declares a DOCTYPE, which is refused.');
  const refuse = (message: string) => {
    throw new XmlSignatureError('malformed', `The document is not well-formed XML: ${message}`);
  };
  const doc = new DOMParser({ errorHandler: { warning: refuse, error: refuse, fatalError: refuse } }).parseFromString(xml, 'text/xml');
  if (!doc?.documentElement) refuse('no root element');
  return doc as unknown as Document;
}

/** The ds:Signature children of the root element (an enveloped signature sits there). */
function rootSignatures(root: Element): Element[] {
  const found: Element[] = [];
  for (let node = root.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === ELEMENT_NODE && (node as Element).localName === 'Signature' && (node as Element).namespaceURI === DSIG_NS) found.push(node as Element);
  }
  return found;
}

/** Whether a Reference URI names the root: '' (the whole document) or '#' + the root's ID. */
function referencesRoot(uri: string | undefined, root: Element): boolean {
  if (uri === undefined || uri === '') return true;
  if (!uri.startsWith('#')) return false;
  return ID_ATTRIBUTES.some((name) => root.getAttribute(name) === uri.slice(1));
}

/** One pinned certificate's check: the verifier, or why it refused (a wrong key, a broken digest). */
function checkWith(xml: string, signature: Element, certificatePem: string): SignedXml | string {
  // getCertFromKeyInfo: never trust the certificate the document brings along.
  const signed = new SignedXml({ publicCert: certificatePem, getCertFromKeyInfo: () => null });
  signed.loadSignature(signature);
  if (!signed.signatureAlgorithm || !SIGNATURE_ALGORITHMS.has(signed.signatureAlgorithm)) {
    throw new XmlSignatureError('weak_algorithm', `Signature algorithm ${signed.signatureAlgorithm ?? '(none)'} is refused: RSA-SHA256 or stronger is required.`);
  }
  try {
    return signed.checkSignature(xml) ? signed : 'a reference does not match its digest';
  } catch (error) {
    // xml-crypto throws for a wrong signature value as well as for a broken reference: both
    // mean the document is not what the key signed (its message says which, and holds no secret).
    if (error instanceof Error) return error.message;
    throw error;
  }
}

/**
 * Verifies the enveloped signature of the document's root element against `certificatePems`
 * (one, or several during a key rollover) and returns the signed content.
 */
export function verifyEnvelopedSignature(xml: string, certificatePems: string | readonly string[]): VerifiedXml {
  const root = parseStrict(xml).documentElement;
  const signatures = rootSignatures(root);
  if (signatures.length === 0) throw new XmlSignatureError('unsigned', 'The root element carries no signature.');
  if (signatures.length > 1) throw new XmlSignatureError('not_root', 'The root element carries several signatures.');
  const pems = typeof certificatePems === 'string' ? [certificatePems] : certificatePems;
  let verified: SignedXml | null = null;
  const refusals: string[] = [];
  for (const pem of pems) {
    const outcome = checkWith(xml, signatures[0]!, pem);
    if (typeof outcome !== 'string') {
      verified = outcome;
      break;
    }
    refusals.push(outcome);
  }
  if (!verified) throw new XmlSignatureError('invalid', `The signature does not match the content, or was not made with the trusted key (${refusals.join('; ')}).`);
  const references = verified.getReferences();
  if (references.length !== 1 || !referencesRoot(references[0]!.uri, root)) {
    throw new XmlSignatureError('not_root', 'The signature must cover the root element, and only it.');
  }
  const digestAlgorithm = references[0]!.digestAlgorithm ?? '';
  if (!DIGEST_ALGORITHMS.has(digestAlgorithm)) throw new XmlSignatureError('weak_algorithm', `Digest algorithm ${digestAlgorithm || '(none)'} is refused: SHA-256 or stronger is required.`);
  const signedXml = verified.getSignedReferences();
  if (signedXml.length !== 1) throw new XmlSignatureError('not_root', 'The signature must cover exactly one element.');
  return { signedXml: signedXml[0]!, signatureAlgorithm: verified.signatureAlgorithm!, digestAlgorithm };
}
