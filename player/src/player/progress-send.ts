// One report of the segments played (see progress-report.ts for when).
import { logDebug } from './log.js';
import type { PlayedSegment } from './played-segments.js';

export interface ProgressTarget {
  readonly url: string;
  readonly token: string;
}

type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** Sends one report; resolves whatever happens. */
export async function sendProgress(target: ProgressTarget, segments: readonly PlayedSegment[], fetchImpl: Fetch = fetch): Promise<void> {
  try {
    const response = await fetchImpl(target.url, {
      method: 'POST',
      // Outlives the page (pagehide); the token is the only credential: no cookies.
      keepalive: true,
      credentials: 'omit',
      headers: { 'Content-Type': 'application/json', 'X-Lectern-Progress': target.token },
      body: JSON.stringify({ segments }),
    });
    if (!response.ok) logDebug(`reporting progress answered ${response.status}`);
  } catch (error) {
    logDebug('reporting progress failed', error);
  }
}
