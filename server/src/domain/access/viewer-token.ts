import { createTokenSigner } from './signed-token.js';

/**
 * Proves "this page was served to user U for video V" to the player's progress calls, without
 * cookies (LMS iframes with third-party cookies blocked). Sent as `X-Lectern-Viewer`.
 */
export interface ViewerTokens {
  issue(userId: number, videoId: number, ttlSeconds: number): string;
  verify(token: string, videoId: number): { readonly userId: number } | null;
}

export function createViewerTokens(key: Buffer, now: () => number = Date.now): ViewerTokens {
  const signer = createTokenSigner(key, 'v1', 2, now);
  return {
    issue: (userId, videoId, ttlSeconds) => signer.sign([userId, videoId], ttlSeconds),
    verify(token, videoId) {
      const check = signer.verify(token);
      if (!check.ok || check.values[1] !== videoId) return null;
      return { userId: check.values[0] ?? 0 };
    },
  };
}
