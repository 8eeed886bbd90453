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
