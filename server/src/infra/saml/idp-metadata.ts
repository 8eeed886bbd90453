/**
 * SAML 2.0 metadata → the identity providers it describes (pure). One md:EntityDescriptor, or
 * an md:EntitiesDescriptor aggregate (Renater's holds hundreds of IdPs), groups nested in groups
 * too; namespace prefixes vary between publishers (md:, none…), so they are dropped. An entity
 * becomes an IdP when it has an IDPSSODescriptor for the SAML 2.0 protocol, a SingleSignOnService
 * with the HTTP-Redirect binding (preferred) or HTTP-POST, and a signing certificate (a
 * KeyDescriptor with use="signing" or without use); the others are skipped, with the reason.
 */
import { X509Certificate } from 'node:crypto';
import type { SamlBinding } from '../../domain/sso/saml-idp.js';
import { SamlMetadataError, type MetadataIdp, type SkippedEntity, type SkipReason } from '../../domain/sso/saml-metadata.js';
import { createXmlTreeReader, type XmlNode } from '../xml/xml-tree.js';
import { hasDoctype } from './xml-signature.js';

const SAML2_PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
const BINDINGS: readonly (readonly [string, SamlBinding])[] = [
  ['urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', 'redirect'],
  ['urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', 'post'],
];
/** Column limits of saml_idps (migration 0011). */
const MAX_ENTITY_ID = 500;
const MAX_URL = 2000;
const MAX_DISPLAY_NAME = 300;

/** What the metadata says, before the service decides (expired document, nothing usable). */
export interface ParsedIdpMetadata {
  readonly idps: MetadataIdp[];
  readonly skipped: SkippedEntity[];
  /** The root's validUntil, or the earliest of the IdPs taken when sooner; null: none given. */
  readonly validUntil: Date | null;
  readonly cacheDurationSeconds: number | null;
}

const reader = createXmlTreeReader({ removeNamespacePrefixes: true, decodeCharacterReferences: true });

const invalid = (message: string) => new SamlMetadataError('saml_metadata_invalid', message);

/** The child elements called `name` (an element with text only reads as its text). */
function children(node: XmlNode, name: string): XmlNode[] {
  const value = node[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((item: unknown) => (item !== null && typeof item === 'object' ? (item as XmlNode) : { '#text': String(item) }));
}

const descendants = (node: XmlNode, path: readonly string[]): XmlNode[] =>
  path.reduce<XmlNode[]>((nodes, name) => nodes.flatMap((item) => children(item, name)), [node]);

function attribute(node: XmlNode, name: string): string | undefined {
  const value = node[`@_${name}`];
  return typeof value === 'string' ? value.trim() : undefined;
}

function textOf(node: XmlNode): string {
  const value = node['#text'];
  return typeof value === 'string' ? value : '';
}

/** An xs:dateTime; null when absent; 'invalid' when unreadable. */
function dateAttribute(node: XmlNode, name: string): Date | null | 'invalid' {
  const text = attribute(node, name);
  if (!text) return null;
  const time = Date.parse(text);
  return Number.isNaN(time) ? 'invalid' : new Date(time);
}

const earliest = (a: Date | null, b: Date | null): Date | null => (a && b ? (a < b ? a : b) : (a ?? b));

/** xs:duration (P1D, PT6H, PT1H30M…) in seconds; null when absent or unreadable. */
export function durationSeconds(text: string | undefined): number | null {
  const match = text ? /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text) : null;
  if (!match || text === 'P' || text?.endsWith('T')) return null;
  const [years, months, days, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0));
  return Math.round(((((years! * 365 + months! * 30 + days!) * 24 + hours!) * 60 + minutes!) * 60 + seconds!));
}

function httpUrl(text: string | undefined): string | null {
  if (!text || text.length > MAX_URL || !/^https?:\/\//i.test(text)) return null;
  return URL.canParse(text) ? text : null;
}

/** The endpoint with the binding we prefer (HTTP-Redirect, then HTTP-POST). */
function endpoint(descriptor: XmlNode, element: string): { url: string; binding: SamlBinding } | null {
  const services = children(descriptor, element);
  for (const [bindingUri, binding] of BINDINGS) {
    const service = services.find((item) => attribute(item, 'Binding') === bindingUri);
    const url = service ? httpUrl(attribute(service, 'Location')) : null;
    if (url) return { url, binding };
  }
  return null;
}

/** Base64 DER → PEM, when it is a certificate node:crypto can read. */
function pemOf(base64: string): string | null {
  const body = base64.replace(/\s+/g, '');
  if (!body || !/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return null;
  const pem = `-----BEGIN CERTIFICATE-----\n${body.replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`;
  try {
    new X509Certificate(pem);
    return pem;
  } catch (error) {
    // An unreadable certificate is left out; the entity is skipped if no other one is usable.
    if (error instanceof Error) return null;
    throw error;
  }
}

function signingCertificates(descriptor: XmlNode): string[] {
  const keys = children(descriptor, 'KeyDescriptor').filter((key) => (attribute(key, 'use') ?? 'signing') === 'signing');
  const pems = keys.flatMap((key) => descendants(key, ['KeyInfo', 'X509Data', 'X509Certificate'])).map((cert) => pemOf(textOf(cert)));
  return [...new Set(pems.filter((pem): pem is string => pem !== null))];
}

/** Names by language (`fr-FR` also answers for `fr`), from the first of `nodes` that has any. */
function namesByLanguage(nodes: readonly XmlNode[]): Record<string, string> {
  const names: Record<string, string> = {};
  for (const node of nodes) {
    const name = textOf(node).replace(/\s+/g, ' ').trim().slice(0, MAX_DISPLAY_NAME);
    const lang = (attribute(node, 'lang') ?? 'en').toLowerCase();
    if (!name) continue;
    names[lang] ??= name;
    names[lang.split('-')[0]!] ??= name;
  }
  return names;
}

function displayNames(entity: XmlNode, descriptor: XmlNode): Record<string, string> {
  const ui = [descriptor, entity].flatMap((node) => descendants(node, ['Extensions', 'UIInfo', 'DisplayName']));
  const fromUi = namesByLanguage(ui);
  return Object.keys(fromUi).length ? fromUi : namesByLanguage(descendants(entity, ['Organization', 'OrganizationDisplayName']));
}

type EntityOutcome = { idp: MetadataIdp; validUntil: Date | null } | { skip: SkipReason };

function readEntity(entity: XmlNode, entityId: string, inheritedValidUntil: Date | null, now: Date): EntityOutcome {
  const own = dateAttribute(entity, 'validUntil');
  if (own === 'invalid' || entityId.length > MAX_ENTITY_ID) return { skip: 'invalid' };
  const validUntil = earliest(inheritedValidUntil, own);
  if (validUntil && validUntil <= now) return { skip: 'expired' };
  const descriptor = children(entity, 'IDPSSODescriptor').find((item) => (attribute(item, 'protocolSupportEnumeration') ?? '').split(/\s+/).includes(SAML2_PROTOCOL));
  if (!descriptor) return { skip: 'not_saml2_idp' };
  const sso = endpoint(descriptor, 'SingleSignOnService');
  if (!sso) return { skip: 'no_sso_endpoint' };
  const certificates = signingCertificates(descriptor);
  if (!certificates.length) return { skip: 'no_signing_certificate' };
  const slo = endpoint(descriptor, 'SingleLogoutService');
  const idp: MetadataIdp = {
    entityId,
    displayNames: displayNames(entity, descriptor),
    ssoUrl: sso.url,
    ssoBinding: sso.binding,
    sloUrl: slo?.url ?? null,
    sloBinding: slo?.binding ?? null,
    certificates,
  };
  return { idp, validUntil };
}

interface Collected {
  readonly idps: MetadataIdp[];
  readonly skipped: SkippedEntity[];
  readonly seen: Set<string>;
  validUntil: Date | null;
}

function collectEntity(entity: XmlNode, inherited: Date | null, now: Date, into: Collected): void {
  const entityId = attribute(entity, 'entityID') ?? '';
  const outcome: EntityOutcome = !entityId ? { skip: 'invalid' } : into.seen.has(entityId) ? { skip: 'duplicate' } : readEntity(entity, entityId, inherited, now);
  if ('skip' in outcome) {
    into.skipped.push({ entityId, reason: outcome.skip });
    return;
  }
  into.seen.add(entityId);
  into.idps.push(outcome.idp);
  into.validUntil = earliest(into.validUntil, outcome.validUntil);
}

/** Walks a group and the groups nested in it; their validUntil applies to the entities inside. */
function collectGroup(group: XmlNode, inherited: Date | null, now: Date, into: Collected): void {
  const own = dateAttribute(group, 'validUntil');
  if (own === 'invalid') throw invalid('An EntitiesDescriptor has an unreadable validUntil.');
  const validUntil = earliest(inherited, own);
  for (const entity of children(group, 'EntityDescriptor')) collectEntity(entity, validUntil, now, into);
  for (const nested of children(group, 'EntitiesDescriptor')) collectGroup(nested, validUntil, now, into);
}

/** The document's root element: an EntityDescriptor or an EntitiesDescriptor. */
function rootOf(xml: string): { name: 'EntityDescriptor' | 'EntitiesDescriptor'; node: XmlNode } {
  if (hasDoctype(xml)) throw invalid('The document declares a DOCTYPE, which is refused.');
  const tree = reader.parse(xml);
  if (!tree) throw invalid('The document is not well-formed XML.');
  const roots = Object.keys(tree).filter((key) => !key.startsWith('?') && !key.startsWith('#'));
  const name = roots[0];
  if (roots.length !== 1 || (name !== 'EntityDescriptor' && name !== 'EntitiesDescriptor')) {
    throw invalid(`The document is not SAML metadata: its root is ${roots.join(', ') || 'missing'}, not EntityDescriptor or EntitiesDescriptor.`);
  }
  const node = children(tree, name)[0]!;
  return { name, node };
}

/** Parses metadata; entities whose own validUntil is before `now` are skipped. Throws saml_metadata_invalid. */
export function parseIdpMetadata(xml: string, now: Date): ParsedIdpMetadata {
  const root = rootOf(xml);
  const rootValidUntil = dateAttribute(root.node, 'validUntil');
  if (rootValidUntil === 'invalid') throw invalid('The root element has an unreadable validUntil.');
  const into: Collected = { idps: [], skipped: [], seen: new Set(), validUntil: null };
  if (root.name === 'EntityDescriptor') collectEntity(root.node, null, now, into);
  else collectGroup(root.node, null, now, into);
  return {
    idps: into.idps,
    skipped: into.skipped,
    validUntil: earliest(rootValidUntil, into.validUntil),
    cacheDurationSeconds: durationSeconds(attribute(root.node, 'cacheDuration')),
  };
}
