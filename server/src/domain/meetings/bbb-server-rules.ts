/**
 * What a BigBlueButton server's settings must look like (pure). The API URL is normalised to
 * the API root the client appends call names to (`…/bigbluebutton/api/`); the secret and the
 * checksum algorithm are those of the server (bbb-xapi-sso.md §1.2).
 */
import { problemReason, type FieldProblem } from '../errors.js';
import { readServerUrl } from '../server-url.js';
import { BBB_CHECKSUM_ALGORITHMS, type BbbChecksumAlgorithm } from './bbb.js';
import type { BbbServerSettings } from './bbb-server.js';

/** Settings as typed by a person (form, CLI): the algorithm is still text, blank for the default. */
export interface BbbServerInput {
  readonly name: string;
  readonly apiUrl: string;
  /** Blank on update: keep the stored secret. */
  readonly secret: string;
  readonly checksumAlgorithm: string;
}

export const DEFAULT_CHECKSUM_ALGORITHM: BbbChecksumAlgorithm = 'sha256';

/**
 * Every problem the rules can find, by reason: the exact messages of the ValidationError's
 * fields, so that pages can show each one in the reader's language (`bbbAdmin.invalid.<reason>`).
 */
export const BBB_SERVER_PROBLEMS = {
  name: { path: 'name', message: 'between 1 and 100 characters' },
  url: { path: 'api_url', message: 'an http or https URL, e.g. https://bbb.univ.example/bigbluebutton/api/' },
  url_length: { path: 'api_url', message: 'at most 500 characters' },
  url_parts: { path: 'api_url', message: 'no user name, password, query (?…) or fragment (#…) in the URL' },
  url_https: { path: 'api_url', message: 'https is required; http is accepted only for a server on this machine (localhost, 127.0.0.1, ::1)' },
  url_path: { path: 'api_url', message: 'the path must end in /api (e.g. /bigbluebutton/api/), or be empty for https://host/bigbluebutton/api/' },
  secret_required: { path: 'secret', message: 'the shared secret is required (bbb-conf --secret on the server)' },
  secret: { path: 'secret', message: '8 to 512 characters without spaces' },
  algorithm: { path: 'checksum_algorithm', message: 'one of sha1, sha256, sha384, sha512' },
} as const satisfies Record<string, FieldProblem>;

export type BbbServerProblemReason = keyof typeof BBB_SERVER_PROBLEMS;

/** The reason of a problem the rules found, or null for another one (e.g. a name already taken). */
export function bbbServerProblemReason(problem: FieldProblem): BbbServerProblemReason | null {
  return problemReason(BBB_SERVER_PROBLEMS, problem);
}

/**
 * `https://host`, `https://host/bigbluebutton`, `https://host/bigbluebutton/api`, with or
 * without a final slash → `https://host/bigbluebutton/api/`; another path ending in `/api`
 * (a load balancer's) is kept, with a final slash.
 */
export function normaliseBbbApiUrl(input: string): { url: string } | { reason: BbbServerProblemReason } {
  const url = readServerUrl(input, { allowQuery: false });
  if ('reason' in url) return url;
  const path = url.pathname.replace(/\/+$/, '');
  let apiPath: string;
  if (path === '' || path === '/bigbluebutton') apiPath = '/bigbluebutton/api/';
  else if (path.endsWith('/api')) apiPath = `${path}/`;
  else return { reason: 'url_path' };
  const normalised = `${url.protocol}//${url.host}${apiPath}`;
  return normalised.length > 500 ? { reason: 'url_length' } : { url: normalised };
}

function isChecksumAlgorithm(value: string): value is BbbChecksumAlgorithm {
  return (BBB_CHECKSUM_ALGORITHMS as readonly string[]).includes(value);
}

/**
 * Trims and normalises the settings and lists every problem (pure). `secretRequired`: on add;
 * on update a blank secret keeps the stored one (and comes back blank).
 */
export function checkBbbServerSettings(input: BbbServerInput, options: { readonly secretRequired: boolean }): { settings: BbbServerSettings; problems: FieldProblem[] } {
  const reasons: BbbServerProblemReason[] = [];
  const name = input.name.trim();
  if (!name || name.length > 100) reasons.push('name');
  const url = normaliseBbbApiUrl(input.apiUrl);
  if ('reason' in url) reasons.push(url.reason);
  // Secrets are compared byte for byte by BBB: never trimmed, and spaces are refused.
  const secret = input.secret;
  if (!secret) {
    if (options.secretRequired) reasons.push('secret_required');
  } else if (secret.length < 8 || secret.length > 512 || /\s/.test(secret)) {
    reasons.push('secret');
  }
  const algorithm = input.checksumAlgorithm.trim().toLowerCase() || DEFAULT_CHECKSUM_ALGORITHM;
  if (!isChecksumAlgorithm(algorithm)) reasons.push('algorithm');
  return {
    settings: {
      name,
      apiUrl: 'url' in url ? url.url : input.apiUrl.trim(),
      secret,
      checksumAlgorithm: isChecksumAlgorithm(algorithm) ? algorithm : DEFAULT_CHECKSUM_ALGORITHM,
    },
    problems: reasons.map((reason) => ({ ...BBB_SERVER_PROBLEMS[reason] })),
  };
}
