/**
 * CAS protocol 3.0 (Apereo CAS-Protocol-Specification 3.0.3; shared/specs/bbb-xapi-sso.md §3.5),
 * as the rest of Lectern sees it: what a service ticket looks like, how a validation is refused,
 * and the port the CAS client (infra/cas/cas-client.ts) implements.
 */
import { UnauthenticatedError, UnavailableError } from '../errors.js';
import type { CasServer } from './cas-server.js';

/** Spec §3.1.1 and §3.7: `ST-`, then letters, digits and hyphens; services accept up to 256 characters. */
const SERVICE_TICKET = /^ST-[A-Za-z0-9-]+$/;
export const MAX_TICKET_LENGTH = 256;

export function isServiceTicket(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_TICKET_LENGTH && SERVICE_TICKET.test(value);
}

/**
 * The service URL of a CAS server: where it sends browsers back with a ticket, what tickets are
 * validated for (exactly), and where it posts single-logout requests. Built from PUBLIC_URL,
 * never from a request's Host header; administrators register it at the CAS server.
 */
export function casServiceUrl(publicUrl: string, serverId: number): string {
  return `${publicUrl}/sso/cas/${serverId}/callback`;
}

/** A CAS server as the client needs it: its base URL (no trailing slash). */
export type CasEndpoint = Pick<CasServer, 'baseUrl'>;

/** What `/p3/serviceValidate` said of a valid ticket. Repeated attribute elements are several values. */
export interface CasValidation {
  readonly user: string;
  readonly attributes: Readonly<Record<string, readonly string[]>>;
}

/**
 * The CAS server answered `<cas:authenticationFailure code="…">`: `reason` is its code
 * (INVALID_TICKET, INVALID_SERVICE, INVALID_REQUEST, INVALID_TICKET_SPEC, INTERNAL_ERROR…) and
 * `description` its text, tickets blanked out (logs never hold tickets).
 */
export class CasTicketRefusedError extends UnauthenticatedError {
  constructor(
    readonly reason: string,
    readonly description: string,
  ) {
    super('cas_ticket_refused', `The CAS server refused the ticket (${reason}).`, { params: { reason } });
  }
}

/** Why the CAS server could not give an answer: no answer in time, no connection, an HTTP error, or something that is not CAS. */
export type CasUnavailableReason = 'timeout' | 'network' | 'http_status' | 'not_cas';

export class CasUnavailableError extends UnavailableError {
  constructor(
    readonly reason: CasUnavailableReason,
    message: string,
  ) {
    super('cas_unavailable', message);
  }
}

/** The outcome of an administrator's "Test": `cas_unavailable` (unreachable) or `cas_protocol_error` (not a CAS 3.0 server there). */
export type CasConnectionCheck = { readonly ok: true } | { readonly ok: false; readonly code: 'cas_unavailable' | 'cas_protocol_error'; readonly message: string };

/** Port: the CAS 3.0 protocol as a client speaks it. */
export interface CasProtocol {
  /** `<base>/login?service=…` (gateway is never sent; `renew` forces the CAS server to ask for credentials). */
  loginUrl(server: CasEndpoint, serviceUrl: string, options?: { readonly renew?: boolean }): string;
  /** `<base>/p3/serviceValidate`: the user and attributes, or CasTicketRefusedError / CasUnavailableError. */
  validate(server: CasEndpoint, serviceUrl: string, ticket: string): Promise<CasValidation>;
  /** `<base>/logout?service=…`: the CAS server ends its session and may send the browser back. */
  logoutUrl(server: CasEndpoint, returnUrl: string): string;
  /** Asks `<base>/p3/serviceValidate` without parameters: a CAS 3.0 server answers INVALID_REQUEST. */
  check(server: CasEndpoint): Promise<CasConnectionCheck>;
}
