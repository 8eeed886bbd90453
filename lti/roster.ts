import { z } from 'zod';
import type { DomainLogger } from '../server/src/domain/logger.js';
import { RosterError, type Roster, type RosterMember, type RosterRequest, type RosterSource } from '../server/src/domain/lms/lti-roster.js';
import type { LtiAccessToken } from './lti-provider.js';

/**
 * The NRPS 2.0 client (LTI Names and Role Provisioning Services): GETs a context's memberships
 * with a platform access token for the read-only scope, follows `Link: <…>; rel="next"` pages
 * on the same origin (bounded), parses the members with zod into our own types. Every failure
 * is a RosterError with a stable code; the bearer token is never logged.
 */
export const NRPS_MEDIA_TYPE = 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json';
export const NRPS_SCOPE = 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly';

export interface RosterClientOptions {
  /** The platform's token endpoint (ltijs, cached): LtiProvider.accessToken. */
  readonly accessToken: (issuer: string, clientId: string, scopes: readonly string[]) => Promise<LtiAccessToken>;
  /** Drops a cached token the platform refused (401), so that the next view asks for a new one. */
  readonly forgetAccessToken?: (issuer: string, clientId: string, scopes: readonly string[]) => Promise<void>;
  readonly logger: DomainLogger;
  readonly fetch?: typeof fetch;
  /** Per request (10 s). */
  readonly timeoutMs?: number;
  /** For the whole list, all pages (30 s). */
  readonly deadlineMs?: number;
  readonly maxPages?: number;
  readonly maxMembers?: number;
}

const optionalText = z.string().max(1000).nullish().transform((value) => (value && value.trim() !== '' ? value : null));
const memberSchema = z.object({
  user_id: z.union([z.string().min(1).max(255), z.number().int().nonnegative()]).transform(String),
  status: z.string().nullish(),
  name: optionalText,
  given_name: optionalText,
  family_name: optionalText,
  email: optionalText,
  roles: z.array(z.string().max(500)).max(100).nullish(),
});
const containerSchema = z.object({ members: z.array(z.unknown()) });

function toMember(parsed: z.infer<typeof memberSchema>): RosterMember {
  const status = parsed.status === 'Inactive' || parsed.status === 'Deleted' ? parsed.status : 'Active';
  return { userId: parsed.user_id, name: parsed.name, givenName: parsed.given_name, familyName: parsed.family_name, email: parsed.email, roles: parsed.roles ?? [], status };
}

/** The `rel="next"` target of a Link header (RFC 8288), or null. Tolerates Moodle's curly quotes. Pure. */
export function nextLinkOf(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.replace(/[\u201c\u201d]/g, '"').split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    const rel = match ? /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(match[2] ?? '') : null;
    const values = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (match && values.includes('next')) return match[1] ?? null;
  }
  return null;
}

/** One page's members (invalid entries counted, not kept) and the next page's URL. Pure. */
export function parseMembershipPage(body: unknown): { members: RosterMember[]; invalid: number } {
  const container = containerSchema.safeParse(body);
  if (!container.success) throw new RosterError('lti_roster_invalid', 'The platform\'s answer is not a membership container (no members list).');
  const members: RosterMember[] = [];
  let invalid = 0;
  for (const entry of container.data.members) {
    const parsed = memberSchema.safeParse(entry);
    if (parsed.success) members.push(toMember(parsed.data));
    else invalid += 1;
  }
  return { members, invalid };
}

/** The memberships URL with the role filter (`Learner`, or a role URI). */
function firstPageUrl(request: RosterRequest): URL {
  let url: URL;
  try {
    url = new URL(request.membershipsUrl);
  } catch {
    throw new RosterError('lti_roster_unavailable', 'The platform\'s memberships URL is not a URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new RosterError('lti_roster_unavailable', 'The platform\'s memberships URL is not an http(s) URL.');
  if (request.role) url.searchParams.set('role', request.role);
  return url;
}

function tokenRefusal(error: unknown): RosterError {
  const status = (error as { response?: { statusCode?: unknown } } | null)?.response?.statusCode;
  const reason = error instanceof Error ? error.message.slice(0, 300) : String(error);
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new RosterError('lti_roster_unavailable', `The platform refused an access token for its memberships service: ${reason}`, status);
  }
  return new RosterError('lti_roster_failed', `No access token from the platform for its memberships service: ${reason}`, typeof status === 'number' ? status : null);
}

export function createRosterClient(options: RosterClientOptions): RosterSource {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const deadlineMs = options.deadlineMs ?? 30_000;
  const maxPages = options.maxPages ?? 50;
  const maxMembers = options.maxMembers ?? 10_000;

  async function authorization(request: RosterRequest): Promise<string> {
    let token: LtiAccessToken;
    try {
      token = await options.accessToken(request.issuer, request.clientId, [NRPS_SCOPE]);
    } catch (error) {
      throw tokenRefusal(error);
    }
    const type = !token.tokenType || token.tokenType.toLowerCase() === 'bearer' ? 'Bearer' : token.tokenType;
    return `${type} ${token.accessToken}`;
  }

  async function getPage(url: URL, authorizationHeader: string, deadline: number): Promise<{ body: unknown; next: string | null }> {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new RosterError('lti_roster_failed', `The platform's memberships took longer than ${deadlineMs} ms in all.`);
    let response: Response;
    try {
      response = await doFetch(url, { headers: { Accept: NRPS_MEDIA_TYPE, Authorization: authorizationHeader }, redirect: 'error', signal: AbortSignal.timeout(Math.min(timeoutMs, remaining)) });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw new RosterError('lti_roster_failed', timedOut ? `The platform's memberships service did not answer within ${timeoutMs} ms.` : `The platform's memberships service could not be reached: ${(error as Error).message}`);
    }
    if (!response.ok) {
      const reason = (await response.text()).slice(0, 300);
      const code = response.status >= 400 && response.status < 500 ? 'lti_roster_unavailable' : 'lti_roster_failed';
      throw new RosterError(code, `The platform's memberships service answered ${response.status}: ${reason}`, response.status);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new RosterError('lti_roster_invalid', 'The platform\'s memberships answer is not JSON.', response.status);
    }
    return { body, next: nextLinkOf(response.headers.get('link')) };
  }

  /** The next page's URL: resolved, on the memberships service's origin, not seen before. */
  function nextUrl(next: string, current: URL, seen: Set<string>): URL | null {
    const url = new URL(next, current);
    if (url.origin !== current.origin) throw new RosterError('lti_roster_invalid', `The platform's next page is on another origin (${url.origin}): not followed.`);
    return seen.has(url.href) ? null : url;
  }

  return {
    async fetch(request: RosterRequest): Promise<Roster> {
      let url: URL | null = firstPageUrl(request);
      const authorizationHeader = await authorization(request);
      const deadline = Date.now() + deadlineMs;
      const members: RosterMember[] = [];
      const seen = new Set<string>();
      let invalid = 0;
      let pages = 0;
      while (url) {
        if (pages >= maxPages || members.length >= maxMembers) break;
        seen.add(url.href);
        const page: { body: unknown; next: string | null } = await getPage(url, authorizationHeader, deadline).catch(async (error: unknown) => {
          if (error instanceof RosterError && error.status === 401) await options.forgetAccessToken?.(request.issuer, request.clientId, [NRPS_SCOPE]);
          throw error;
        });
        const parsed = parseMembershipPage(page.body);
        members.push(...parsed.members);
        invalid += parsed.invalid;
        pages += 1;
        url = page.next ? nextUrl(page.next, url, seen) : null;
      }
      if (invalid > 0) options.logger.warn({ issuer: request.issuer, invalid }, 'LTI roster: members without a valid user_id left out');
      return { members: members.slice(0, maxMembers), truncated: url !== null || members.length > maxMembers };
    },
  };
}
