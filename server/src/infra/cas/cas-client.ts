/**
 * Lectern's CAS 3.0 client (the npm clients are stale; shared/specs/bbb-xapi-sso.md §3.5): the
 * `/login` and `/logout` URLs, and ticket validation through `/p3/serviceValidate` (the CAS 3.0
 * endpoint that releases attributes). Gateway mode is never used. Answers are read by
 * cas-xml.ts; the service URL is the caller's (built from PUBLIC_URL, never from a Host header).
 */
import {
  CasTicketRefusedError,
  CasUnavailableError,
  isServiceTicket,
  type CasConnectionCheck,
  type CasEndpoint,
  type CasProtocol,
  type CasValidation,
} from '../../domain/sso/cas-protocol.js';
import { ValidationError } from '../../domain/errors.js';
import { parseServiceResponse, type CasServiceResponse } from './cas-xml.js';

export { parseLogoutRequest } from './cas-xml.js';

export interface CasClientOptions {
  /** Per validation request (CAS_TIMEOUT_SECONDS). */
  readonly timeoutMs: number;
  readonly fetch?: typeof globalThis.fetch;
}

export type CasClient = CasProtocol;

const withQuery = (url: string, params: Record<string, string>) => `${url}?${new URLSearchParams(params).toString()}`;

export function createCasClient(options: CasClientOptions): CasClient {
  const doFetch = options.fetch ?? globalThis.fetch;

  /** The serviceResponse at this URL; CasUnavailableError when there is none to read. */
  async function serviceResponse(url: string): Promise<CasServiceResponse & { kind: 'success' | 'failure' }> {
    const body = await fetchText(doFetch, url, options.timeoutMs);
    const parsed = parseServiceResponse(body.text);
    // 5xx is the server's own trouble, even with a CAS body (INTERNAL_ERROR pages of some proxies).
    if (body.status >= 500) throw new CasUnavailableError('http_status', `CAS server answered HTTP ${body.status}`);
    if (parsed.kind === 'not_cas') throw new CasUnavailableError('not_cas', `CAS server answered HTTP ${body.status} without a CAS serviceResponse (${parsed.why})`);
    return parsed;
  }

  return {
    loginUrl(server, serviceUrl, loginOptions = {}) {
      return withQuery(`${server.baseUrl}/login`, { service: serviceUrl, ...(loginOptions.renew ? { renew: 'true' } : {}) });
    },

    async validate(server: CasEndpoint, serviceUrl: string, ticket: string): Promise<CasValidation> {
      // Routes check tickets first; this guard keeps anything else from reaching the CAS server.
      if (!isServiceTicket(ticket)) throw new ValidationError('cas_ticket_invalid', 'A CAS service ticket starts with ST- and has at most 256 letters, digits and hyphens.');
      const answer = await serviceResponse(withQuery(`${server.baseUrl}/p3/serviceValidate`, { service: serviceUrl, ticket }));
      if (answer.kind === 'failure') throw new CasTicketRefusedError(answer.code, answer.description);
      return { user: answer.user, attributes: answer.attributes };
    },

    logoutUrl(server, returnUrl) {
      return withQuery(`${server.baseUrl}/logout`, { service: returnUrl });
    },

    async check(server: CasEndpoint): Promise<CasConnectionCheck> {
      let answer: CasServiceResponse;
      try {
        answer = await serviceResponse(`${server.baseUrl}/p3/serviceValidate`);
      } catch (error) {
        if (!(error instanceof CasUnavailableError)) throw error;
        return { ok: false, code: error.reason === 'not_cas' ? 'cas_protocol_error' : 'cas_unavailable', message: error.message };
      }
      if (answer.kind === 'failure' && answer.code === 'INVALID_REQUEST') return { ok: true };
      const said = answer.kind === 'failure' ? `authenticationFailure ${answer.code}` : 'authenticationSuccess';
      return { ok: false, code: 'cas_protocol_error', message: `expected an INVALID_REQUEST failure to a request without parameters, got ${said}` };
    },
  };
}

/** GET with a deadline covering the whole answer; network errors and timeouts become CasUnavailableError. */
async function fetchText(doFetch: typeof globalThis.fetch, url: string, timeoutMs: number): Promise<{ status: number; text: string }> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await doFetch(url, { method: 'GET', signal, redirect: 'manual', headers: { accept: 'application/xml, text/xml' } });
    return { status: response.status, text: await response.text() };
  } catch (error) {
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      throw new CasUnavailableError('timeout', `CAS server gave no answer within ${timeoutMs} ms`);
    }
    throw new CasUnavailableError('network', `CAS server unreachable (${error instanceof Error ? error.message : String(error)})`);
  }
}
