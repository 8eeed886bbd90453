/**
 * Service ticket validation as CAS-Protocol-Specification 3.0.3 §2.5 and §3.1.1 say: both
 * parameters required (INVALID_REQUEST), a ticket validated once whatever the result, an
 * expired or unknown ticket INVALID_TICKET, a proxy ticket INVALID_TICKET_SPEC, a service that is
 * not exactly the one the ticket was issued for INVALID_SERVICE (the ticket is consumed too),
 * `renew=true` refused for a ticket from an SSO session.
 */
import { failureJson, failureXml, successJson, successXml, type ReleasedAttributes } from './responses.js';
import type { CasTicket, CasUserSpec } from './types.js';

export interface ValidationState {
  readonly tickets: Map<string, CasTicket>;
  readonly users: Readonly<Record<string, CasUserSpec>>;
  readonly ticketTtlMs: number;
  /** When each user last typed their credentials (cas:authenticationDate). */
  readonly loginDates: Map<string, Date>;
}

export interface ValidationAnswer {
  readonly contentType: string;
  readonly body: string;
  readonly failureCode?: string;
}

type Outcome = { code: string; description: string } | { ticket: CasTicket };

function check(state: ValidationState, query: Readonly<Record<string, string>>): Outcome {
  const { service, ticket } = query;
  if (!service || !ticket) return { code: 'INVALID_REQUEST', description: "'service' and 'ticket' parameters are both required" };
  if (ticket.startsWith('PT-')) return { code: 'INVALID_TICKET_SPEC', description: `Ticket ${ticket} is a proxy ticket: use /proxyValidate` };
  const issued = state.tickets.get(ticket);
  if (!issued || issued.consumed) return { code: 'INVALID_TICKET', description: `Ticket ${ticket} not recognized` };
  issued.consumed = true;
  if (issued.expired || Date.now() - issued.issuedAt > state.ticketTtlMs) return { code: 'INVALID_TICKET', description: `Ticket ${ticket} has expired` };
  if (issued.service !== service) return { code: 'INVALID_SERVICE', description: `Ticket ${ticket} does not match supplied service. The original service was ${issued.service} and the supplied service was ${service}.` };
  if (query.renew === 'true' && !issued.fromNewLogin) return { code: 'INVALID_TICKET', description: `Ticket ${ticket} was not issued from a new login (renew=true)` };
  issued.validated = true;
  return { ticket: issued };
}

/** The standard attributes first (Appendix A), then the user's own, each a list. */
function releasedAttributes(state: ValidationState, ticket: CasTicket): ReleasedAttributes {
  const own = state.users[ticket.username]?.attributes ?? {};
  const date = state.loginDates.get(ticket.username) ?? new Date(ticket.issuedAt);
  return {
    authenticationDate: [date.toISOString()],
    longTermAuthenticationRequestTokenUsed: ['false'],
    isFromNewLogin: [String(ticket.fromNewLogin)],
    ...Object.fromEntries(Object.entries(own).map(([name, value]) => [name, typeof value === 'string' ? [value] : [...value]])),
  };
}

/** The answer of /p3/serviceValidate (`withAttributes`) or /serviceValidate, in XML or, with format=JSON, JSON. */
export function validateTicket(state: ValidationState, query: Readonly<Record<string, string>>, withAttributes: boolean): ValidationAnswer {
  const format = query.format ?? 'XML';
  const json = format === 'JSON';
  const type = json ? 'application/json;charset=UTF-8' : 'application/xml;charset=UTF-8';
  // §2.5.1: an unsupported format is an error, answered in the default format.
  const outcome: Outcome = format === 'XML' || json ? check(state, query) : { code: 'INVALID_REQUEST', description: `Format ${format} is not supported` };
  if ('code' in outcome) {
    return { contentType: type, body: json ? failureJson(outcome.code, outcome.description) : failureXml(outcome.code, outcome.description), failureCode: outcome.code };
  }
  const answer = { user: outcome.ticket.username, attributes: withAttributes ? releasedAttributes(state, outcome.ticket) : null };
  return { contentType: type, body: json ? successJson(answer) : successXml(answer) };
}
