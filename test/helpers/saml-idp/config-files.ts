/**
 * The throwaway configuration of a SimpleSAMLphp 1.19 IdP (config.php, authsources.php and the
 * two metadata files), written as PHP array literals from plain objects.
 */

export const SAML_BINDING_REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
export const SAML_BINDING_POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';
const NAMEID_TRANSIENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient';
const ATTRNAME_FORMAT_URI = 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
/** SimpleSAML\Logger::INFO (PHP's LOG_INFO): each request and its outcome; DEBUG would dump whole attribute maps. */
const LOG_INFO = 6;

type PhpValue = string | number | boolean | null | readonly PhpValue[] | { readonly [key: string]: PhpValue };

/** A PHP literal for `value` (objects become associative arrays; numeric keys stay numeric in PHP). */
export function phpLiteral(value: PhpValue, indent = ''): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const inner = `${indent}    `;
  const entries = Array.isArray(value)
    ? value.map((item: PhpValue) => `${inner}${phpLiteral(item, inner)},`)
    : Object.entries(value).map(([key, item]) => `${inner}${phpLiteral(key)} => ${phpLiteral(item, inner)},`);
  return entries.length === 0 ? '[]' : `[\n${entries.join('\n')}\n${indent}]`;
}

function phpFile(variable: string, value: PhpValue): string {
  return `<?php\n// Written by test/helpers/saml-idp (a throwaway test IdP).\n${variable} = ${phpLiteral(value)};\n`;
}

export interface IdpUser {
  readonly username: string;
  readonly password: string;
  /** Attribute names as in /etc/simplesamlphp/attributemap/name2oid.php; sent as OIDs. */
  readonly attributes: Readonly<Record<string, readonly string[]>>;
}

export interface ServiceProvider {
  readonly entityId: string;
  readonly acsUrl: string;
  readonly sloUrl: string;
  readonly certificatePem: string;
}

export interface IdpFolders {
  readonly cert: string;
  readonly metadata: string;
  readonly data: string;
  readonly tmp: string;
  readonly log: string;
  readonly sessions: string;
}

export const AUTH_SOURCE = 'example-userpass';
export const LOG_FILE = 'simplesamlphp.log';

export function configPhp(options: { origin: string; folders: IdpFolders; secretSalt: string; adminPassword: string; trustedHosts: readonly string[] }): string {
  const { folders } = options;
  return phpFile('$config', {
    baseurlpath: `${options.origin}/`,
    certdir: `${folders.cert}/`,
    metadatadir: `${folders.metadata}/`,
    datadir: `${folders.data}/`,
    tempdir: folders.tmp,
    loggingdir: `${folders.log}/`,
    attributenamemapdir: '/etc/simplesamlphp/attributemap/',
    secretsalt: options.secretSalt,
    'auth.adminpassword': options.adminPassword,
    'admin.protectindexpage': true,
    'admin.protectmetadata': false,
    technicalcontact_name: 'Lectern tests',
    technicalcontact_email: 'tests@lectern.invalid',
    timezone: 'Europe/Paris',
    'logging.level': LOG_INFO,
    'logging.handler': 'file',
    'logging.logfile': LOG_FILE,
    showerrors: true,
    errorreporting: false,
    debug: { saml: false, backtraces: true, validatexml: false },
    'enable.saml20-idp': true,
    'enable.shib13-idp': false,
    'enable.adfs-idp': false,
    'module.enable': { exampleauth: true, core: true, saml: true, admin: false },
    'store.type': 'phpsession',
    'session.phpsession.savepath': folders.sessions,
    'session.phpsession.cookiename': 'SimpleSAMLTestIdP',
    'session.authtoken.cookiename': 'SimpleSAMLTestIdPAuthToken',
    'language.available': ['en', 'fr'],
    'language.default': 'en',
    'metadata.sources': [{ type: 'flatfile' }],
    // Where SimpleSAMLphp may send people back to (ReturnTo of an IdP-initiated logout): the SP's host.
    'trusted.url.domains': options.trustedHosts,
  });
}

export function authsourcesPhp(users: readonly IdpUser[]): string {
  const userPass: Record<string, PhpValue> = { 0: 'exampleauth:UserPass' };
  for (const user of users) userPass[`${user.username}:${user.password}`] = user.attributes;
  return phpFile('$config', { [AUTH_SOURCE]: userPass });
}

export function idpHostedPhp(entityId: string): string {
  return phpFile(`$metadata[${phpLiteral(entityId)}]`, {
    host: '__DEFAULT__',
    privatekey: 'idp.key',
    certificate: 'idp.crt',
    auth: AUTH_SOURCE,
    'attributes.NameFormat': ATTRNAME_FORMAT_URI,
    authproc: { 100: { class: 'core:AttributeMap', 0: 'name2oid' } },
    'sign.response': true,
    'sign.assertion': true,
    'signature.algorithm': RSA_SHA256,
    NameIDFormat: NAMEID_TRANSIENT,
    SingleSignOnServiceBinding: [SAML_BINDING_REDIRECT, SAML_BINDING_POST],
    SingleLogoutServiceBinding: [SAML_BINDING_REDIRECT, SAML_BINDING_POST],
    OrganizationName: { en: 'Test University', fr: 'Université de test' },
    OrganizationDisplayName: { en: 'Test University', fr: 'Université de test' },
    OrganizationURL: { en: 'https://univ-test.invalid/' },
    UIInfo: { DisplayName: { en: 'Test University (SimpleSAMLphp)', fr: 'Université de test (SimpleSAMLphp)' } },
  });
}

/** The certificate's base64 body, as SimpleSAMLphp's `certData` wants it. */
export function certData(certificatePem: string): string {
  return certificatePem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
}

export function spRemotePhp(sp: ServiceProvider): string {
  return phpFile(`$metadata[${phpLiteral(sp.entityId)}]`, {
    AssertionConsumerService: [{ Binding: SAML_BINDING_POST, Location: sp.acsUrl, index: 0 }],
    SingleLogoutService: [{ Binding: SAML_BINDING_REDIRECT, Location: sp.sloUrl }],
    certData: certData(sp.certificatePem),
    NameIDFormat: NAMEID_TRANSIENT,
    'assertion.encryption': true,
    'validate.authnrequest': true,
    'sign.logout': true,
    'validate.logout': true,
    'signature.algorithm': RSA_SHA256,
  });
}
