/**
 * A cookie jar for one recording download attempt (RFC 6265, the parts a playback server uses):
 * Scalelite's protected recordings (BBB ESR) answer the single-use token link with a cookie
 * scoped to `/<format>/<record id>` and a redirect; the page and the media files then need that
 * cookie. Host-only cookies (a Domain attribute is honoured for its subdomains), path-matched,
 * expiring. Never logged: the cookie is the access grant.
 */
interface StoredCookie {
  readonly name: string;
  readonly value: string;
  readonly domain: string;
  readonly hostOnly: boolean;
  readonly path: string;
  readonly secure: boolean;
  readonly expiresAt: number | null;
}

export interface CookieJar {
  /** Remembers the Set-Cookie headers of a response to `url`. */
  store(url: URL, setCookies: readonly string[]): void;
  /** The Cookie header for a request to `url`, or null. */
  header(url: URL): string | null;
}

/** RFC 6265 §5.1.4: the directory of the request path. */
function defaultPath(url: URL): string {
  const path = url.pathname;
  if (!path.startsWith('/') || path.lastIndexOf('/') === 0) return '/';
  return path.slice(0, path.lastIndexOf('/'));
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

function domainMatches(host: string, cookie: StoredCookie): boolean {
  return cookie.hostOnly ? host === cookie.domain : host === cookie.domain || host.endsWith(`.${cookie.domain}`);
}

function parseSetCookie(url: URL, header: string, now: number): StoredCookie | null {
  const [pair = '', ...attributes] = header.split(';');
  const eq = pair.indexOf('=');
  if (eq <= 0) return null;
  const host = url.hostname.toLowerCase();
  let cookie: StoredCookie = { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), domain: host, hostOnly: true, path: defaultPath(url), secure: false, expiresAt: null };
  for (const attribute of attributes) {
    const [rawKey = '', ...rest] = attribute.split('=');
    const key = rawKey.trim().toLowerCase();
    const value = rest.join('=').trim();
    if (key === 'path' && value.startsWith('/')) cookie = { ...cookie, path: value };
    else if (key === 'secure') cookie = { ...cookie, secure: true };
    else if (key === 'max-age' && /^-?\d+$/.test(value)) cookie = { ...cookie, expiresAt: now + Number(value) * 1000 };
    else if (key === 'expires' && cookie.expiresAt === null && !Number.isNaN(Date.parse(value))) cookie = { ...cookie, expiresAt: Date.parse(value) };
    else if (key === 'domain' && value) {
      const domain = value.replace(/^\./, '').toLowerCase();
      // A server may only set cookies for itself and its parent domains.
      if (host !== domain && !host.endsWith(`.${domain}`)) return null;
      cookie = { ...cookie, domain, hostOnly: false };
    }
  }
  return cookie;
}

export function createCookieJar(now: () => number = Date.now): CookieJar {
  let cookies: StoredCookie[] = [];
  return {
    store(url, setCookies) {
      for (const header of setCookies) {
        const cookie = parseSetCookie(url, header, now());
        if (!cookie) continue;
        cookies = cookies.filter((c) => !(c.name === cookie.name && c.domain === cookie.domain && c.path === cookie.path));
        if (cookie.expiresAt === null || cookie.expiresAt > now()) cookies.push(cookie);
      }
    },
    header(url) {
      const host = url.hostname.toLowerCase();
      const time = now();
      const sent = cookies
        .filter((c) => (c.expiresAt === null || c.expiresAt > time) && domainMatches(host, c) && pathMatches(url.pathname, c.path) && (!c.secure || url.protocol === 'https:'))
        // RFC 6265 §5.4: longer paths first.
        .sort((a, b) => b.path.length - a.path.length);
      return sent.length ? sent.map((c) => `${c.name}=${c.value}`).join('; ') : null;
    },
  };
}
