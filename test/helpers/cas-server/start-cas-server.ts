import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loginPage, logoutRequestXml, messagePage } from './responses.js';
import type { CasCallRecord, CasEndpoint, CasFailure, CasServerDouble, CasServerOptions, CasTicket, LogoutDelivery } from './types.js';
import { validateTicket, type ValidationState } from './validation.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Letters and digits only (§3.7), from a secure source (§3.1.1). */
function randomText(length: number): string {
  return [...randomBytes(length)].map((byte) => ALPHABET[byte % ALPHABET.length]).join('');
}

/** `service?ticket=…`, or `service&ticket=…` when the service has a query already. */
const withTicket = (service: string, ticket: string) => `${service}${service.includes('?') ? '&' : '?'}ticket=${encodeURIComponent(ticket)}`;

interface Pending {
  endpoint: CasEndpoint | '*';
  failure: CasFailure;
  remaining: number;
}

class CasServer implements CasServerDouble {
  origin = '';
  readonly calls: CasCallRecord[] = [];
  readonly logoutDeliveries: LogoutDelivery[] = [];
  readonly errors: Error[] = [];
  readonly state: ValidationState;
  signedIn: string | null = null;
  private sessionTickets: string[] = [];
  private readonly failures: Pending[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private counter = 0;
  server: http.Server | null = null;

  constructor(private readonly options: CasServerOptions) {
    this.state = { tickets: new Map(), users: options.users ?? {}, ticketTtlMs: options.ticketTtlMs ?? 5 * 60_000, loginDates: new Map() };
  }

  get path() {
    return this.options.path ?? '/cas';
  }
  get baseUrl() {
    return `${this.origin}${this.path}`;
  }
  get tickets(): ReadonlyMap<string, CasTicket> {
    return this.state.tickets;
  }

  signIn(username: string | null): void {
    if (username !== null && !this.state.users[username]) throw new Error(`CAS double: no user ${username}`);
    this.signedIn = username;
    this.sessionTickets = [];
    if (username !== null) this.state.loginDates.set(username, new Date());
  }

  private newTicket(username: string, service: string, fromNewLogin: boolean): string {
    this.counter += 1;
    const ticket = `ST-${this.counter}-${randomText(30)}`;
    this.state.tickets.set(ticket, { ticket, username, service, issuedAt: Date.now(), fromNewLogin, expired: false, consumed: false, validated: false });
    this.sessionTickets.push(ticket);
    return ticket;
  }

  issueTicket(username: string, service: string): string {
    if (!this.state.users[username]) throw new Error(`CAS double: no user ${username}`);
    this.state.loginDates.set(username, new Date());
    return this.newTicket(username, service, true);
  }

  expireTicket(ticket: string): void {
    const issued = this.state.tickets.get(ticket);
    if (!issued) throw new Error('CAS double: expireTicket of a ticket it never issued');
    issued.expired = true;
  }

  failNext(endpoint: CasEndpoint | '*', failure: CasFailure, times = 1): void {
    this.failures.push({ endpoint, failure, remaining: times });
  }

  /** The failure this request gets, if one is pending for its endpoint. */
  takeFailure(endpoint: CasEndpoint): CasFailure | null {
    const pending = this.failures.find((entry) => entry.remaining > 0 && (entry.endpoint === '*' || entry.endpoint === endpoint));
    if (!pending) return null;
    pending.remaining -= 1;
    return pending.failure;
  }

  delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      timer.unref();
      this.timers.add(timer);
    });
  }

  async sendLogoutRequest(serviceUrl: string, ticket: string): Promise<LogoutDelivery> {
    const response = await fetch(serviceUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ logoutRequest: logoutRequestXml(ticket) }).toString(),
      redirect: 'manual',
    });
    const delivery = { serviceUrl, ticket, status: response.status, body: await response.text() };
    this.logoutDeliveries.push(delivery);
    return delivery;
  }

  /** §2.3.3: a LogoutRequest to the service of every ticket validated in the session; errors are ignored ("fire and forget"), but recorded. */
  async singleLogout(): Promise<void> {
    for (const ticket of this.sessionTickets.map((id) => this.state.tickets.get(id)!).filter((issued) => issued.validated)) {
      await this.sendLogoutRequest(ticket.service, ticket.ticket).catch((error: Error) => this.logoutDeliveries.push({ serviceUrl: ticket.service, ticket: ticket.ticket, status: 0, body: error.message }));
    }
  }

  /** GET /login (§2.1) and POST /login (§2.2): tickets for the SSO session, the login form, or its credentials. */
  login(req: http.IncomingMessage, query: Record<string, string>, form: Record<string, string>): { status: number; location?: string; html?: string } {
    const service = (req.method === 'POST' ? form.service : query.service) ?? null;
    const done = (username: string, fromNewLogin: boolean) =>
      service !== null ? { status: 302, location: withTicket(service, this.newTicket(username, service, fromNewLogin)) } : { status: 200, html: messagePage('CAS double', `You are logged in as ${username}.`) };
    if (req.method === 'POST') {
      const user = this.state.users[form.username ?? ''];
      if (!user || (user.password ?? 'password') !== form.password) return { status: 401, html: loginPage(service, `LT-${randomText(20)}`, true) };
      this.signIn(form.username!);
      return done(form.username!, true);
    }
    if (query.renew !== 'true' && this.signedIn !== null) return done(this.signedIn, false);
    // §2.1.1: gateway without an SSO session goes back to the service with no ticket (ignored with renew).
    if (query.gateway === 'true' && query.renew !== 'true' && service !== null) return { status: 302, location: service };
    return { status: 200, html: loginPage(service, `LT-${randomText(20)}`, false) };
  }

  /** §2.3: ends the SSO session; with a service, back to it. */
  async logout(query: Record<string, string>): Promise<{ status: number; location?: string; html?: string }> {
    if (this.options.singleLogout) await this.singleLogout();
    this.signedIn = null;
    this.sessionTickets = [];
    if (query.service) return { status: 302, location: query.service };
    return { status: 200, html: messagePage('CAS double', 'You have been logged out.') };
  }

  close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    return new Promise((resolve) => {
      if (!this.server) return resolve();
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}

async function readForm(req: http.IncomingMessage): Promise<Record<string, string>> {
  if (req.method !== 'POST') return {};
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
}

function endpointOf(double: CasServer, pathname: string): CasEndpoint {
  const rest = pathname.startsWith(`${double.path}/`) ? pathname.slice(double.path.length + 1) : null;
  return rest === 'login' || rest === 'logout' || rest === 'p3/serviceValidate' || rest === 'serviceValidate' ? rest : 'other';
}

/** Answers a failure asked for with failNext; true when the request is answered (all but 'slow'). */
async function answerFailure(double: CasServer, failure: CasFailure, req: http.IncomingMessage, res: http.ServerResponse, call: CasCallRecord): Promise<boolean> {
  call.status = failure.kind === 'http' ? failure.status : failure.kind === 'reset' ? 0 : 200;
  if (failure.kind === 'slow') {
    await double.delay(failure.delayMs);
    return false;
  }
  if (failure.kind === 'reset') req.socket.destroy();
  else if (failure.kind === 'http') res.writeHead(failure.status, { 'content-type': 'text/html' }).end(`<html><body><h1>${failure.status}</h1><hr>nginx</body></html>`);
  else if (failure.kind === 'html') res.writeHead(200, { 'content-type': 'text/html' }).end(messagePage('Portail', 'Maintenance en cours.'));
  else res.writeHead(200, { 'content-type': 'application/xml' }).end('<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas"><cas:authenticationSucc');
  return true;
}

async function route(double: CasServer, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', double.origin);
  const endpoint = endpointOf(double, url.pathname);
  const query = Object.fromEntries(url.searchParams);
  const call: CasCallRecord = { endpoint, method: req.method ?? 'GET', query, status: 0 };
  double.calls.push(call);
  const failure = double.takeFailure(endpoint);
  if (failure && (await answerFailure(double, failure, req, res, call))) return;
  let answer: { status: number; location?: string; html?: string; contentType?: string; body?: string };
  if (endpoint === 'login' && (req.method === 'GET' || req.method === 'POST')) answer = double.login(req, query, await readForm(req));
  else if (endpoint === 'logout' && req.method === 'GET') answer = await double.logout(query);
  else if ((endpoint === 'p3/serviceValidate' || endpoint === 'serviceValidate') && req.method === 'GET') {
    const validation = validateTicket(double.state, query, endpoint === 'p3/serviceValidate');
    if (validation.failureCode) call.failureCode = validation.failureCode;
    answer = { status: 200, contentType: validation.contentType, body: validation.body };
  } else answer = { status: 404, html: messagePage('Not found', `No ${req.method} ${url.pathname} here.`) };
  call.status = answer.status;
  const headers: http.OutgoingHttpHeaders = { 'cache-control': 'no-store', ...(answer.location ? { location: answer.location } : {}) };
  if (answer.html !== undefined) res.writeHead(answer.status, { ...headers, 'content-type': 'text/html; charset=utf-8' }).end(answer.html);
  else res.writeHead(answer.status, { ...headers, ...(answer.contentType ? { 'content-type': answer.contentType } : {}) }).end(answer.body ?? '');
}

/** Starts a CAS 3.0 server double on 127.0.0.1 (a free port); close it with `close()`. See README.md. */
export async function startCasServer(options: CasServerOptions = {}): Promise<CasServerDouble & { readonly errors: Error[] }> {
  const double = new CasServer(options);
  const server = http.createServer((req, res) => {
    route(double, req, res).catch((error: Error) => {
      // Kept for the test (double.errors) and answered 500: the double stays up.
      double.errors.push(error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end(`CAS double error: ${error.message}`);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  double.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  double.server = server;
  return double;
}
