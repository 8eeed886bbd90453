import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignedXml } from 'xml-crypto';
import type { SpCredentials } from '../../server/src/infra/saml/sp-certificate.js';

/**
 * SAML metadata written as federations and IdPs publish it: one md:EntityDescriptor, or an
 * md:EntitiesDescriptor aggregate (Renater's), with mdui names, KeyDescriptors and endpoints;
 * signed with a test key (xml-crypto directly; the reader under test verifies it), and a tiny
 * HTTP server to fetch it from.
 */

const NS = {
  md: 'urn:oasis:names:tc:SAML:2.0:metadata',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
  mdui: 'urn:oasis:names:tc:SAML:metadata:ui',
  saml2: 'urn:oasis:names:tc:SAML:2.0:protocol',
  redirect: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
  post: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
};

export interface EntityOptions {
  readonly entityId: string;
  /** `md` (the default) or '' for the default namespace. */
  readonly prefix?: string;
  /** IDPSSODescriptor (default), SPSSODescriptor, or SAML 1.1 only. */
  readonly role?: 'idp' | 'sp' | 'idp-saml1';
  /** SingleSignOnService bindings (default both, Redirect first). */
  readonly sso?: readonly ('redirect' | 'post' | 'artifact')[];
  readonly slo?: readonly ('redirect' | 'post')[];
  /** Signing certificates (PEM); `keyUse` null: KeyDescriptors without use. */
  readonly certificates?: readonly string[];
  readonly keyUse?: 'signing' | 'encryption' | null;
  readonly names?: Readonly<Record<string, string>>;
  readonly organizationNames?: Readonly<Record<string, string>>;
  readonly validUntil?: Date;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The base64 body of a PEM certificate, as metadata carries it. */
export const certificateBody = (pem: string) => pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');

const host = (entityId: string) => new URL(entityId).host;

function namespaces(prefix: string): string {
  const md = prefix ? `xmlns:${prefix}="${NS.md}"` : `xmlns="${NS.md}"`;
  return `${md} xmlns:ds="${NS.ds}" xmlns:mdui="${NS.mdui}"`;
}

function localised(tag: string, names: Readonly<Record<string, string>> | undefined): string {
  return Object.entries(names ?? {})
    .map(([lang, name]) => `<${tag} xml:lang="${lang}">${escape(name)}</${tag}>`)
    .join('');
}

function descriptor(options: EntityOptions, p: string): string {
  const base = `https://${host(options.entityId)}/idp/profile/SAML2`;
  const keys = (options.certificates ?? []).map((pem) => {
    const use = options.keyUse === undefined ? ' use="signing"' : options.keyUse ? ` use="${options.keyUse}"` : '';
    return `<${p}KeyDescriptor${use}><ds:KeyInfo><ds:X509Data><ds:X509Certificate>\n${certificateBody(pem).replace(/.{1,64}/g, '$&\n')}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></${p}KeyDescriptor>`;
  });
  const ui = options.names ? `<${p}Extensions><mdui:UIInfo>${localised('mdui:DisplayName', options.names)}</mdui:UIInfo></${p}Extensions>` : '';
  if (options.role === 'sp') {
    return `<${p}SPSSODescriptor protocolSupportEnumeration="${NS.saml2}">${keys.join('')}<${p}AssertionConsumerService Binding="${NS.post}" Location="https://${host(options.entityId)}/acs" index="0"/></${p}SPSSODescriptor>`;
  }
  const protocols = options.role === 'idp-saml1' ? 'urn:oasis:names:tc:SAML:1.1:protocol urn:mace:shibboleth:1.0' : `urn:oasis:names:tc:SAML:1.1:protocol ${NS.saml2}`;
  const bindingOf = { redirect: NS.redirect, post: NS.post, artifact: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact' };
  const slo = (options.slo ?? []).map((binding) => `<${p}SingleLogoutService Binding="${bindingOf[binding]}" Location="${base}/${binding}/SLO"/>`);
  const sso = (options.sso ?? ['redirect', 'post']).map((binding) => `<${p}SingleSignOnService Binding="${bindingOf[binding]}" Location="${base}/${binding}/SSO"/>`);
  return `<${p}IDPSSODescriptor protocolSupportEnumeration="${protocols}">${ui}${keys.join('')}${slo.join('')}<${p}NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:transient</${p}NameIDFormat>${sso.join('')}</${p}IDPSSODescriptor>`;
}

/** One md:EntityDescriptor (with its own namespace declarations: it may be a document's root). */
export function entityXml(options: EntityOptions): string {
  const prefix = options.prefix ?? 'md';
  const p = prefix ? `${prefix}:` : '';
  const validUntil = options.validUntil ? ` validUntil="${options.validUntil.toISOString()}"` : '';
  const organization = options.organizationNames
    ? `<${p}Organization>${localised(`${p}OrganizationName`, options.organizationNames)}${localised(`${p}OrganizationDisplayName`, options.organizationNames)}<${p}OrganizationURL xml:lang="fr">https://${host(options.entityId)}/</${p}OrganizationURL></${p}Organization>`
    : '';
  return `<${p}EntityDescriptor ${namespaces(prefix)} entityID="${escape(options.entityId)}"${validUntil}>${descriptor(options, p)}${organization}</${p}EntityDescriptor>`;
}

/** An md:EntitiesDescriptor around `children` (entities or nested groups). */
export function entitiesXml(children: readonly string[], options: { id?: string; name?: string; validUntil?: Date; cacheDuration?: string; prefix?: string } = {}): string {
  const prefix = options.prefix ?? 'md';
  const p = prefix ? `${prefix}:` : '';
  const attributes = [
    options.id ? ` ID="${options.id}"` : '',
    options.name ? ` Name="${escape(options.name)}"` : '',
    options.validUntil ? ` validUntil="${options.validUntil.toISOString()}"` : '',
    options.cacheDuration ? ` cacheDuration="${options.cacheDuration}"` : '',
  ].join('');
  return `<${p}EntitiesDescriptor ${namespaces(prefix)}${attributes}>${children.join('\n')}</${p}EntitiesDescriptor>`;
}

/** With the XML declaration, as served. */
export const metadataDocument = (root: string) => `<?xml version="1.0" encoding="UTF-8"?>\n${root}`;

const ALGORITHMS = {
  sha256: { signature: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', digest: 'http://www.w3.org/2001/04/xmlenc#sha256' },
  sha1: { signature: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1', digest: 'http://www.w3.org/2000/09/xmldsig#sha1' },
};

/**
 * The document with an enveloped signature of its root as federations sign metadata (first
 * child of the root, exclusive c14n, Reference URI `#<ID>`, or '' with `emptyUri`).
 */
export function signMetadata(xml: string, keys: SpCredentials, options: { algorithm?: keyof typeof ALGORITHMS; emptyUri?: boolean } = {}): string {
  const algorithm = ALGORITHMS[options.algorithm ?? 'sha256'];
  const signer = new SignedXml({ privateKey: keys.privateKeyPem, publicCert: keys.certificatePem, signatureAlgorithm: algorithm.signature, canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#' });
  signer.addReference({
    xpath: '/*',
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    digestAlgorithm: algorithm.digest,
    isEmptyUri: options.emptyUri ?? false,
  });
  signer.computeSignature(xml, { prefix: 'ds', location: { reference: '/*', action: 'prepend' } });
  return signer.getSignedXml();
}

/** `count` IdPs, as in a federation's aggregate (every one with this certificate). */
export function generatedIdps(count: number, certificatePem: string, prefix = 'idp'): string[] {
  return Array.from({ length: count }, (_, index) =>
    entityXml({
      entityId: `https://${prefix}${index}.univ-test.fr/idp/shibboleth`,
      certificates: [certificatePem],
      names: { fr: `Université de test n° ${index}`, en: `Test University #${index}` },
      organizationNames: { fr: `Université ${index}` },
    }),
  );
}

export interface MetadataAnswer {
  readonly status?: number;
  readonly body?: string;
  readonly contentType?: string;
  readonly delayMs?: number;
  readonly chunked?: boolean;
  /** Answers a redirect to this location instead. */
  readonly location?: string;
}

export interface MetadataServer {
  readonly origin: string;
  /** What GET <path> answers: a body (200, XML), or a status and body, or a delay before answering; `chunked`: no Content-Length. */
  route(path: string, answer: MetadataAnswer): void;
  close(): Promise<void>;
}

/** An HTTP server on loopback serving metadata documents (and failures) from memory. */
export async function startMetadataServer(): Promise<MetadataServer> {
  const routes = new Map<string, MetadataAnswer>();
  const server: Server = createServer((req, res) => {
    const answer = routes.get(req.url ?? '');
    const send = () => {
      if (!answer) return res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      if (answer.location) return res.writeHead(302, { location: answer.location }).end();
      const body = answer.body ?? '';
      res.writeHead(answer.status ?? 200, { 'content-type': answer.contentType ?? 'application/samlmetadata+xml', ...(answer.chunked ? {} : { 'content-length': Buffer.byteLength(body) }) });
      if (!answer.chunked) return res.end(body);
      res.write(body.slice(0, body.length / 2));
      res.end(body.slice(body.length / 2));
    };
    if (answer?.delayMs) setTimeout(send, answer.delayMs).unref();
    else send();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    route: (path, answer) => routes.set(path, answer),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
