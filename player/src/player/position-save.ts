// One save of the viewer's position (see resume.ts for when).
import { logDebug } from './log.js';

export interface ResumeTarget {
  readonly saveUrl: string;
  readonly token: string;
}

type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** Sends one position; resolves whatever happens. */
export async function savePosition(target: ResumeTarget, position: number, fetchImpl: Fetch = fetch): Promise<void> {
  try {
    const response = await fetchImpl(target.saveUrl, {
      method: 'POST',
      // Outlives the page (pagehide); the token is the only credential: no cookies.
      keepalive: true,
      credentials: 'omit',
      headers: { 'Content-Type': 'application/json', 'X-Lectern-Viewer': target.token },
      body: JSON.stringify({ position }),
    });
    if (!response.ok) logDebug(`saving the position answered ${response.status}`);
  } catch (error) {
    logDebug('saving the position failed', error);
  }
}
