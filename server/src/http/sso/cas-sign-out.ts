import type { CasProtocol } from '../../domain/sso/cas-protocol.js';
import type { SsoSignOut } from '../../domain/sso/sso.js';

/**
 * Signing out of Lectern after a CAS sign-in also ends the CAS session: the browser goes on to
 * `<base>/logout?service=${PUBLIC_URL}/login` (the base URL is the session's issuer), and the CAS
 * server may send it back to our login page.
 */
export function createCasSignOut(deps: { cas: Pick<CasProtocol, 'logoutUrl'>; publicUrl: string }): SsoSignOut {
  return {
    async signOutUrl(session) {
      if (session.provider !== 'cas') return null;
      return deps.cas.logoutUrl({ baseUrl: session.issuer }, `${deps.publicUrl}/login`);
    },
  };
}
