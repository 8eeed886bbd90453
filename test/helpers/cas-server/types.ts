/** Types of the CAS server double (see README.md). */

/** A person the double knows. Attribute values given as a list are released as repeated elements. */
export interface CasUserSpec {
  /** For the login form (POST /login); default `password`. */
  readonly password?: string;
  readonly attributes?: Readonly<Record<string, string | readonly string[]>>;
}

export interface CasServerOptions {
  /** username → what the double knows of them. */
  readonly users?: Readonly<Record<string, CasUserSpec>>;
  /** The path the CAS endpoints sit under (default `/cas`): `baseUrl` = origin + path. */
  readonly path?: string;
  /** How long an unvalidated service ticket lives (default 5 minutes, the spec's recommendation). */
  readonly ticketTtlMs?: number;
  /** On GET /logout, POST a LogoutRequest to the service of every ticket validated in the session (default false). */
  readonly singleLogout?: boolean;
}

/** Which endpoint a request was for, relative to the base path. */
export type CasEndpoint = 'login' | 'logout' | 'p3/serviceValidate' | 'serviceValidate' | 'other';

export interface CasCallRecord {
  readonly endpoint: CasEndpoint;
  readonly method: string;
  /** Decoded query parameters (the last value of a repeated one). */
  readonly query: Readonly<Record<string, string>>;
  /** The status answered (0 for a connection reset on purpose). */
  status: number;
  /** The authenticationFailure code answered, if any. */
  failureCode?: string;
}

/** What a request gets instead of its answer, on demand. */
export type CasFailure =
  | { readonly kind: 'http'; readonly status: number }
  | { readonly kind: 'slow'; readonly delayMs: number }
  | { readonly kind: 'garbage' }
  | { readonly kind: 'html' }
  | { readonly kind: 'reset' };

export interface CasTicket {
  readonly ticket: string;
  readonly username: string;
  readonly service: string;
  readonly issuedAt: number;
  /** Issued from credentials typed at /login (or issueTicket), not from an existing SSO session. */
  readonly fromNewLogin: boolean;
  expired: boolean;
  /** Validated once (whatever the result): never again. */
  consumed: boolean;
  /** Validated successfully: its service gets a LogoutRequest on /logout (singleLogout). */
  validated: boolean;
}

export interface LogoutDelivery {
  readonly serviceUrl: string;
  readonly ticket: string;
  readonly status: number;
  readonly body: string;
}

export interface CasServerDouble {
  readonly origin: string;
  /** `${origin}${path}`, no final slash: what Lectern's cas_servers.base_url holds. */
  readonly baseUrl: string;
  readonly calls: readonly CasCallRecord[];
  /** Every ticket issued, by ticket. */
  readonly tickets: ReadonlyMap<string, CasTicket>;
  /** LogoutRequests the double sent (sendLogoutRequest and /logout with singleLogout). */
  readonly logoutDeliveries: readonly LogoutDelivery[];
  /** The user of the double's single sign-on session (GET /login then issues tickets at once), or null. */
  readonly signedIn: string | null;
  signIn(username: string | null): void;
  /** A ticket for this user and service, as /login would issue it. */
  issueTicket(username: string, service: string): string;
  /** The ticket now reads as expired (INVALID_TICKET). */
  expireTicket(ticket: string): void;
  /** The next `times` requests to `endpoint` ('*': any) get `failure` instead of their answer. */
  failNext(endpoint: CasEndpoint | '*', failure: CasFailure, times?: number): void;
  /** POSTs the spec's SAML LogoutRequest for this ticket in the form field `logoutRequest`. */
  sendLogoutRequest(serviceUrl: string, ticket: string): Promise<LogoutDelivery>;
  close(): Promise<void>;
}
