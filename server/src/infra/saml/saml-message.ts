import { promisify } from 'node:util';
import { inflateRaw } from 'node:zlib';
import { createXmlTreeReader, type XmlNode } from '../xml/xml-tree.js';
import { SamlRefusedError } from './saml-refusal.js';

/**
 * A first look at a SAML message before node-saml checks it: which request it answers (so that
 * we pick the IdP from our own records, not from what the message claims), and whether the
 * signatures we require are there at all (an absent signature is "unsigned", a wrong one
 * "signature"). Nothing read here is trusted until node-saml has verified the signature.
 */

export interface SamlMessageSummary {
  /** Local name of the root element: Response, LogoutRequest, LogoutResponse… */
  readonly root: string;
  readonly inResponseTo: string | null;
  readonly destination: string | null;
  readonly issuer: string | null;
  /** The root element carries a ds:Signature. */
  readonly signed: boolean;
  readonly assertion: 'signed' | 'unsigned' | 'encrypted' | 'none' | 'several';
  /** Top-level StatusCode value. */
  readonly status: string | null;
}

const reader = createXmlTreeReader({ removeNamespacePrefixes: true });
const inflateRawAsync = promisify(inflateRaw);
const MAX_MESSAGE_BYTES = 1_000_000;

/** The XML of a SAMLRequest/SAMLResponse parameter: base64, DEFLATEd in the HTTP-Redirect binding. */
export async function decodeSamlMessage(value: unknown, deflated: boolean): Promise<string> {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_MESSAGE_BYTES * 2) {
    throw new SamlRefusedError('malformed', 'no SAML message in the request, or one too large');
  }
  const bytes = Buffer.from(value, 'base64');
  let xml: string;
  try {
    xml = (deflated ? await inflateRawAsync(bytes, { maxOutputLength: MAX_MESSAGE_BYTES }) : bytes).toString('utf8');
  } catch (error) {
    throw new SamlRefusedError('malformed', `the message does not inflate: ${(error as Error).message}`);
  }
  // SAML messages have no DTD; one could only serve entity-expansion tricks.
  if (/<!DOCTYPE/i.test(xml)) throw new SamlRefusedError('malformed', 'the message has a DOCTYPE');
  return xml;
}

function text(node: unknown): string | null {
  if (typeof node === 'string') return node.trim() || null;
  if (node && typeof node === 'object' && !Array.isArray(node)) return text((node as XmlNode)['#text']);
  return null;
}

function attribute(node: XmlNode, name: string): string | null {
  const value = node[`@_${name}`];
  return typeof value === 'string' && value !== '' ? value : null;
}

function assertionState(root: XmlNode): SamlMessageSummary['assertion'] {
  const plain = root['Assertion'];
  const encrypted = root['EncryptedAssertion'];
  const count = [plain, encrypted].flatMap((node) => (node === undefined ? [] : Array.isArray(node) ? node : [node])).length;
  if (count === 0) return 'none';
  if (count > 1) return 'several';
  if (encrypted !== undefined) return 'encrypted';
  return plain && typeof plain === 'object' && 'Signature' in plain ? 'signed' : 'unsigned';
}

/** What the message says about itself; throws a "malformed" refusal when it is not XML. */
export function summariseSamlMessage(xml: string): SamlMessageSummary {
  const tree = reader.parse(xml);
  const rootName = tree ? Object.keys(tree).find((key) => !key.startsWith('?')) : undefined;
  const root = rootName ? tree?.[rootName] : undefined;
  if (!rootName || !root || typeof root !== 'object' || Array.isArray(root)) throw new SamlRefusedError('malformed', 'the message is not well-formed XML');
  const node = root as XmlNode;
  const status = node['Status'] as XmlNode | undefined;
  const statusCode = status && typeof status === 'object' ? (status['StatusCode'] as XmlNode | undefined) : undefined;
  return {
    root: rootName,
    inResponseTo: attribute(node, 'InResponseTo'),
    destination: attribute(node, 'Destination'),
    issuer: text(node['Issuer']),
    signed: 'Signature' in node,
    assertion: assertionState(node),
    status: statusCode && typeof statusCode === 'object' ? attribute(statusCode, 'Value') : null,
  };
}
