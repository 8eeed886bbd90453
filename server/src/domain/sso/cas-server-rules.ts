/**
 * What a CAS server's settings must look like (pure). The base URL is the one `/login`,
 * `/p3/serviceValidate` and `/logout` sit under, kept without a final slash: it is also the
 * issuer of the CAS identities users sign in with (user_identities.issuer, at most 500
 * characters).
 */
import { problemReason, type FieldProblem } from '../errors.js';
import { readServerUrl } from '../server-url.js';

/** Settings as typed by a person (form, CLI). */
export interface CasServerInput {
  readonly name: string;
  readonly baseUrl: string;
}

/** Checked and normalised settings. */
export interface CasServerSettings {
  readonly name: string;
  readonly baseUrl: string;
}

export const MAX_CAS_NAME_LENGTH = 200;
export const MAX_CAS_URL_LENGTH = 500;

/**
 * Every problem the rules can find, by reason: the exact messages of the ValidationError's
 * fields, so that pages can show each one in the reader's language (`casAdmin.invalid.<reason>`).
 */
export const CAS_SERVER_PROBLEMS = {
  name: { path: 'name', message: `between 1 and ${MAX_CAS_NAME_LENGTH} characters` },
  url: { path: 'base_url', message: 'an http or https URL, e.g. https://cas.univ.example/cas' },
  url_length: { path: 'base_url', message: `at most ${MAX_CAS_URL_LENGTH} characters` },
  url_parts: { path: 'base_url', message: 'no user name, password, query (?…) or fragment (#…) in the URL' },
  url_https: { path: 'base_url', message: 'https is required; http is accepted only for a server on this machine (localhost, 127.0.0.1, ::1)' },
} as const satisfies Record<string, FieldProblem>;

export type CasServerProblemReason = keyof typeof CAS_SERVER_PROBLEMS;

/** The reason of a problem the rules found, or null for another one (e.g. a URL already taken). */
export function casServerProblemReason(problem: FieldProblem): CasServerProblemReason | null {
  return problemReason(CAS_SERVER_PROBLEMS, problem);
}

/** `https://cas.univ.example/cas/` → `https://cas.univ.example/cas`; the host part is lower-cased by URL parsing. */
export function normaliseCasBaseUrl(input: string): { url: string } | { reason: CasServerProblemReason } {
  const url = readServerUrl(input, { allowQuery: false });
  if ('reason' in url) return url;
  const normalised = `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
  return normalised.length > MAX_CAS_URL_LENGTH ? { reason: 'url_length' } : { url: normalised };
}

/** Trims and normalises the settings and lists every problem (pure). */
export function checkCasServerSettings(input: CasServerInput): { settings: CasServerSettings; problems: FieldProblem[] } {
  const reasons: CasServerProblemReason[] = [];
  const name = input.name.trim();
  if (!name || name.length > MAX_CAS_NAME_LENGTH) reasons.push('name');
  const url = normaliseCasBaseUrl(input.baseUrl);
  if ('reason' in url) reasons.push(url.reason);
  return {
    settings: { name, baseUrl: 'url' in url ? url.url : input.baseUrl.trim() },
    problems: reasons.map((reason) => ({ ...CAS_SERVER_PROBLEMS[reason] })),
  };
}
