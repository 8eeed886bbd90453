/**
 * The XML documents of CAS 3.0 (Apereo CAS-Protocol-Specification 3.0.3): the
 * `<cas:serviceResponse>` of `/p3/serviceValidate` (Appendix A) and the SAML 2.0
 * `<samlp:LogoutRequest>` a CAS server posts for single logout (Appendix C). Namespace prefixes
 * vary between servers (`cas:`, none): they are dropped before reading.
 */
import { createXmlTreeReader, type XmlNode } from '../xml/xml-tree.js';

// Names such as « Hélène » may come as character references (&#233;).
const reader = createXmlTreeReader({ removeNamespacePrefixes: true, decodeCharacterReferences: true });

/** What a `<cas:serviceResponse>` said, or `not_cas` when the text is not one. */
export type CasServiceResponse =
  | { readonly kind: 'success'; readonly user: string; readonly attributes: Record<string, string[]> }
  | { readonly kind: 'failure'; readonly code: string; readonly description: string }
  | { readonly kind: 'not_cas'; readonly why: string };

const isNode = (value: unknown): value is XmlNode => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The text of an element read as a string (`<x>v</x>`) or as an object (`<x a="1">v</x>`); null for nested elements. */
function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (isNode(value) && typeof value['#text'] === 'string') return value['#text'];
  if (isNode(value) && Object.keys(value).every((key) => key.startsWith('@_'))) return '';
  return null;
}

/** Failure codes are upper-case words (spec §2.5.3); anything else is reported as UNKNOWN, never echoed. */
function failureCode(value: unknown): string {
  return typeof value === 'string' && /^[A-Z][A-Z_]{0,63}$/.test(value) ? value : 'UNKNOWN';
}

/** Descriptions name the ticket ("Ticket ST-… not recognized"): tickets are blanked out, and the text kept short. */
export function withoutTickets(text: string): string {
  return text
    .replace(/\b(ST|PT|PGT|PGTIOU|TGT)-[A-Za-z0-9-]+/g, '$1-…')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
}

/** Each attribute as a list: repeated elements are several values; empty or nested elements are left out. */
function attributesOf(node: unknown): Record<string, string[]> {
  const attributes: Record<string, string[]> = {};
  if (!isNode(node)) return attributes;
  for (const [name, value] of Object.entries(node)) {
    if (name.startsWith('@_') || name === '#text') continue;
    const values = (Array.isArray(value) ? value : [value]).map(textOf).filter((text): text is string => text !== null && text !== '');
    if (values.length) attributes[name] = values;
  }
  return attributes;
}

export function parseServiceResponse(text: string): CasServiceResponse {
  const root = reader.parse(text);
  const response = root?.serviceResponse;
  if (!isNode(response)) return { kind: 'not_cas', why: root ? 'no serviceResponse element' : 'not XML' };
  const failure = response.authenticationFailure;
  if (failure !== undefined) {
    const code = isNode(failure) ? failure['@_code'] : undefined;
    return { kind: 'failure', code: failureCode(code), description: withoutTickets(textOf(failure) ?? '') };
  }
  const success = response.authenticationSuccess;
  if (!isNode(success)) return { kind: 'not_cas', why: 'neither authenticationSuccess nor authenticationFailure' };
  const user = textOf(success.user)?.trim() ?? '';
  if (!user) return { kind: 'not_cas', why: 'authenticationSuccess without a user' };
  return { kind: 'success', user, attributes: attributesOf(success.attributes) };
}

/**
 * The service ticket a single-logout request names (`<samlp:SessionIndex>`), or null when the
 * text is not a SAML 2.0 LogoutRequest with one. The NameID is `@NOT_USED@` by the spec: unread.
 */
export function parseLogoutRequest(text: string): { readonly sessionIndex: string } | null {
  const request = reader.parse(text)?.LogoutRequest;
  if (!isNode(request)) return null;
  const sessionIndex = textOf(request.SessionIndex)?.trim();
  return sessionIndex ? { sessionIndex } : null;
}
