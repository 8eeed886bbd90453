/**
 * Addresses of the servers Lectern calls (BigBlueButton, CAS, IdP metadata): what they must
 * look like is each feature's rule, but they share these two readings. http is accepted only
 * for a server on this machine (tests, a local double).
 */
const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

/** localhost, *.localhost, 127.x.y.z or [::1] (URL.hostname keeps IPv6 brackets). */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || hostname.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** The URL, or null when the text is not an absolute URL. */
export function parseAbsoluteUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch (error) {
    if (error instanceof TypeError) return null;
    throw error;
  }
}

/** Why a server's address was refused (the `url_length` check is each feature's, after normalising). */
export type ServerUrlProblem = 'url' | 'url_parts' | 'url_https';

/**
 * The common reading of a server's address typed by an admin: an absolute http(s) URL with a
 * host, no user name or password, no fragment (and no query unless `allowQuery`), https unless
 * the server is on this machine. The caller normalises the path and checks the length.
 */
export function readServerUrl(input: string, options: { readonly allowQuery: boolean }): URL | { reason: ServerUrlProblem } {
  const text = input.trim();
  const url = /^https?:\/\//i.test(text) ? parseAbsoluteUrl(text) : null;
  if (!url || !url.hostname) return { reason: 'url' };
  if (url.username || url.password || text.includes('#') || (!options.allowQuery && text.includes('?'))) return { reason: 'url_parts' };
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) return { reason: 'url_https' };
  return url;
}
