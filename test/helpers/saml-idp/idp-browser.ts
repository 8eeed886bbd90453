/**
 * One person's browser on the IdP's side, without a browser: fetch with a cookie jar, following
 * the IdP's own redirects, reading its forms (the login form, the auto-submitting SAML POST
 * form). It stops where the IdP sends the person back to the service provider.
 */

/** A SAML message on its way to the SP: a redirect (HTTP-Redirect binding) or a form (HTTP-POST). */
export interface SamlMessageToSp {
  readonly binding: 'redirect' | 'post';
  /** The SP endpoint (for a redirect, with its query string). */
  readonly url: string;
  /** The form's fields, or the redirect's query parameters (SAMLResponse, RelayState, Signature…). */
  readonly fields: Readonly<Record<string, string>>;
}

/** What the IdP posts to the SP's ACS after a successful login. */
export interface IdpLoginResponse {
  readonly samlResponse: string;
  readonly relayState: string | null;
  readonly acsUrl: string;
}

export interface IdpLoginAttempt {
  /** Null when the IdP answered with a page instead (its login form again after a wrong password). */
  readonly response: IdpLoginResponse | null;
  /** False when the IdP's session was still open (single sign-on): no login form was shown. */
  readonly credentialsAsked: boolean;
  /** The last page the IdP showed. */
  readonly html: string;
}

/** A request to the IdP: a URL to GET (HTTP-Redirect binding) or a form to POST (HTTP-POST binding). */
export type IdpRequest = string | { readonly url: string; readonly fields: Readonly<Record<string, string>> };

interface HtmlForm {
  readonly action: string;
  readonly method: string;
  readonly fields: Record<string, string>;
}

type Navigation = { readonly left: false; readonly url: string; readonly status: number; readonly html: string } | { readonly left: true; readonly url: string };

const MAX_REDIRECTS = 10;

export class IdpBrowser {
  private readonly cookies = new Map<string, string>();

  constructor(
    private readonly origin: string,
    /** Adds the IdP's log tail to a failure. */
    private readonly failure: (message: string) => Promise<Error>,
  ) {}

  /** Logs in at the IdP and returns the SAML response it posts to the SP; fails otherwise. */
  async login(request: IdpRequest, username: string, password: string): Promise<IdpLoginResponse> {
    const attempt = await this.attemptLogin(request, username, password);
    if (attempt.response) return attempt.response;
    throw await this.failure(`SimpleSAMLphp sent no SAML response after ${username}'s login; its page said: ${visibleText(attempt.html).slice(0, 600)}`);
  }

  /** Logs in at the IdP (unless its session already exists) and says what came back. */
  async attemptLogin(request: IdpRequest, username: string, password: string): Promise<IdpLoginAttempt> {
    const first = await this.send(request);
    if (first.left) throw await this.failure(`SimpleSAMLphp redirected to ${first.url} instead of showing its login form`);
    const direct = samlResponseIn(first.html, first.url);
    if (direct) return { response: direct, credentialsAsked: false, html: first.html };
    const form = formWith(first.html, first.url, 'AuthState');
    if (!form) throw await this.failure(`SimpleSAMLphp showed no login form at ${first.url} (status ${first.status}): ${visibleText(first.html).slice(0, 600)}`);
    const submitted = await this.send({ url: form.action, fields: { ...form.fields, username, password } });
    if (submitted.left) throw await this.failure(`SimpleSAMLphp redirected to ${submitted.url} after the login form`);
    return { response: samlResponseIn(submitted.html, submitted.url), credentialsAsked: true, html: submitted.html };
  }

  /**
   * Sends a message to the IdP (a LogoutRequest, …) and returns what it sends back to the SP:
   * a redirect leaving the IdP, or an auto-submitting form whose action is elsewhere.
   */
  async exchange(request: IdpRequest): Promise<SamlMessageToSp> {
    const result = await this.send(request);
    if (result.left) return { binding: 'redirect', url: result.url, fields: Object.fromEntries(new URL(result.url).searchParams) };
    const form = formWith(result.html, result.url, 'SAMLResponse') ?? formWith(result.html, result.url, 'SAMLRequest');
    if (form && new URL(form.action).origin !== this.origin) return { binding: 'post', url: form.action, fields: form.fields };
    throw await this.failure(`SimpleSAMLphp answered ${result.url} with a page (status ${result.status}) instead of sending a message back: ${visibleText(result.html).slice(0, 600)}`);
  }

  private async send(request: IdpRequest): Promise<Navigation> {
    if (typeof request === 'string') return this.navigate(request, { method: 'GET' });
    return this.navigate(request.url, { method: 'POST', body: new URLSearchParams(request.fields as Record<string, string>) });
  }

  private async navigate(url: string, init: { method: string; body?: URLSearchParams }): Promise<Navigation> {
    let current = url;
    let request = init;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
      if (new URL(current).origin !== this.origin) return { left: true, url: current };
      const response = await fetch(current, { method: request.method, body: request.body, headers: { cookie: this.cookieHeader(), 'accept-language': 'en' }, redirect: 'manual' });
      this.remember(response.headers.getSetCookie());
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        current = new URL(location, current).href;
        request = { method: 'GET' };
        continue;
      }
      return { left: false, url: current, status: response.status, html: await response.text() };
    }
    throw await this.failure(`more than ${MAX_REDIRECTS} redirects from ${url}`);
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private remember(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      const expired = attributes.some((attribute) => /^\s*max-age=(0|-)/i.test(attribute)) || value === 'deleted' || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, entity: string) => {
    const lower = entity.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return String.fromCodePoint(parseInt(lower.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[lower] ?? '';
  });
}

function attributeOf(tag: string, name: string): string | null {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'i').exec(tag);
  return match ? decodeEntities(match[1] ?? match[2] ?? '') : null;
}

/** The first form of the page that has a field named `field` (its hidden and text fields). */
function formWith(html: string, pageUrl: string, field: string): HtmlForm | null {
  for (const [, openTag = '', body = ''] of html.matchAll(/(<form\b[^>]*>)([\s\S]*?)<\/form>/gi)) {
    const fields: Record<string, string> = {};
    for (const [input] of body.matchAll(/<input\b[^>]*>/gi)) {
      const name = attributeOf(input, 'name');
      const type = (attributeOf(input, 'type') ?? 'text').toLowerCase();
      if (name && !['submit', 'button', 'checkbox', 'radio'].includes(type)) fields[name] = attributeOf(input, 'value') ?? '';
    }
    if (field in fields) {
      return { action: new URL(attributeOf(openTag, 'action') ?? '', pageUrl).href, method: (attributeOf(openTag, 'method') ?? 'get').toLowerCase(), fields };
    }
  }
  return null;
}

function samlResponseIn(html: string, pageUrl: string): IdpLoginResponse | null {
  const form = formWith(html, pageUrl, 'SAMLResponse');
  if (!form) return null;
  return { samlResponse: form.fields['SAMLResponse'] ?? '', relayState: form.fields['RelayState'] ?? null, acsUrl: form.action };
}

/** A page's text without tags, scripts and styles, for error messages. */
export function visibleText(html: string): string {
  return decodeEntities(
    html
      .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}
