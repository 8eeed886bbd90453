/**
 * What a metadata source's settings must look like (pure): a name, a URL (https, or http on this
 * machine) or an uploaded document, an optional pinned signing certificate (one PEM
 * certificate), and how often a URL is read again.
 */
import { X509Certificate } from 'node:crypto';
import { problemReason, type FieldProblem } from '../errors.js';
import { readServerUrl } from '../server-url.js';
import type { SamlSourceSettings } from './saml-metadata.js';

/** Settings as typed by a person (form, CLI): the refresh interval is still text, blank for the default. */
export interface SamlSourceInput {
  readonly name: string;
  /** A URL source, or… */
  readonly url?: string;
  /** …an uploaded document. */
  readonly xml?: string;
  /** PEM; blank: the signature is not checked. */
  readonly signingCert: string;
  readonly refreshHours: string;
}

export const DEFAULT_REFRESH_HOURS = 24;
export const MAX_SOURCE_NAME_LENGTH = 200;
const MAX_URL_LENGTH = 2000;
const MAX_CERT_LENGTH = 20_000;

/**
 * Every problem the rules can find, by reason: the exact messages of the ValidationError's
 * fields, so that pages can show each one in the reader's language (`samlAdmin.invalid.<reason>`).
 */
export const SAML_SOURCE_PROBLEMS = {
  name: { path: 'name', message: `between 1 and ${MAX_SOURCE_NAME_LENGTH} characters` },
  url: { path: 'url', message: 'an http or https URL, e.g. https://metadata.federation.renater.fr/renater/main/main-idps-renater-metadata.xml' },
  url_length: { path: 'url', message: `at most ${MAX_URL_LENGTH} characters` },
  url_parts: { path: 'url', message: 'no user name, password or fragment (#…) in the URL' },
  url_https: { path: 'url', message: 'https is required; http is accepted only for a server on this machine (localhost, 127.0.0.1, ::1)' },
  file: { path: 'file', message: 'choose the metadata file (XML)' },
  signing_cert: { path: 'signing_cert', message: 'one PEM certificate (-----BEGIN CERTIFICATE----- …)' },
  refresh_hours: { path: 'refresh_hours', message: 'a whole number of hours from 1 to 720' },
} as const satisfies Record<string, FieldProblem>;

export type SamlSourceProblemReason = keyof typeof SAML_SOURCE_PROBLEMS;

/** The reason of a problem the rules found, or null for another one (e.g. a name already taken). */
export function samlSourceProblemReason(problem: FieldProblem): SamlSourceProblemReason | null {
  return problemReason(SAML_SOURCE_PROBLEMS, problem);
}

function checkUrl(input: string): { url: string } | { reason: SamlSourceProblemReason } {
  const url = readServerUrl(input, { allowQuery: true });
  if ('reason' in url) return url;
  return url.href.length > MAX_URL_LENGTH ? { reason: 'url_length' } : { url: url.href };
}

/** One PEM certificate, trimmed; null for a blank field; 'invalid' for anything else. */
export function normaliseSigningCert(input: string): string | null | 'invalid' {
  const text = input.trim().replace(/\r\n?/g, '\n');
  if (!text) return null;
  const blocks = text.match(/-----BEGIN CERTIFICATE-----/g) ?? [];
  if (blocks.length !== 1 || text.length > MAX_CERT_LENGTH) return 'invalid';
  try {
    new X509Certificate(text);
  } catch (error) {
    // node:crypto says why in its own words; for a form, "not one certificate" is the answer.
    if (error instanceof Error) return 'invalid';
    throw error;
  }
  return text;
}

function checkRefreshHours(input: string): number | null {
  const text = input.trim();
  if (!text) return DEFAULT_REFRESH_HOURS;
  const hours = /^\d{1,3}$/.test(text) ? Number(text) : NaN;
  return hours >= 1 && hours <= 720 ? hours : null;
}

/** Trims and normalises the settings and lists every problem (pure). */
export function checkSamlSourceSettings(input: SamlSourceInput): { settings: SamlSourceSettings; problems: FieldProblem[] } {
  const reasons: SamlSourceProblemReason[] = [];
  const name = input.name.trim();
  if (!name || name.length > MAX_SOURCE_NAME_LENGTH) reasons.push('name');
  let url: string | null = null;
  if (input.url !== undefined) {
    const checked = checkUrl(input.url);
    if ('reason' in checked) reasons.push(checked.reason);
    else url = checked.url;
  } else if (!input.xml?.trim()) {
    reasons.push('file');
  }
  const signingCert = normaliseSigningCert(input.signingCert);
  if (signingCert === 'invalid') reasons.push('signing_cert');
  const refreshHours = checkRefreshHours(input.refreshHours);
  if (refreshHours === null) reasons.push('refresh_hours');
  return {
    settings: {
      name,
      url: input.url !== undefined ? (url ?? input.url.trim()) : null,
      xml: input.url !== undefined ? null : (input.xml ?? ''),
      signingCert: signingCert === 'invalid' ? null : signingCert,
      refreshHours: refreshHours ?? DEFAULT_REFRESH_HOURS,
    },
    problems: reasons.map((reason) => ({ ...SAML_SOURCE_PROBLEMS[reason] })),
  };
}
