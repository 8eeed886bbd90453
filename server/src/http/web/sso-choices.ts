import type { Request } from 'express';
import { idpDisplayName, type SamlIdpDirectory } from '../../domain/sso/saml-idp.js';
import type { CasServerDirectory } from '../../domain/sso/cas-server.js';
import type { SsoSettingsService } from '../../domain/sso/sso-settings-service.js';
import { DEFAULT_SITE_ID } from '../../domain/users/user-service.js';
import { cookieValue } from '../middlewares/request-context.js';

/** The cookie remembering the IdP last chosen on this device (as Renater's WAYF does). */
export const LAST_IDP_COOKIE = 'lectern_idp';
/** Up to this many IdPs get a button each on the login page; more go through the discovery page. */
export const MAX_IDP_BUTTONS = 5;

/** What the login and discovery pages read: the ways to sign in on the web site. */
export interface SsoDirectories {
  readonly ssoSettings: SsoSettingsService;
  readonly samlIdps: SamlIdpDirectory;
  readonly casServers: CasServerDirectory;
}

export interface SignInChoice {
  readonly id: number;
  readonly name: string;
}

export interface SignInChoices {
  readonly localLogin: boolean;
  readonly cas: readonly SignInChoice[];
  /** Every enabled IdP, by name in the page's language. */
  readonly idps: readonly SignInChoice[];
  /** The IdP chosen last on this device, when it is still enabled. */
  readonly lastIdp: SignInChoice | null;
}

const byName = (a: SignInChoice, b: SignInChoice) => a.name.localeCompare(b.name);

/** The web site's ways to sign in, names in the request's language. */
export async function signInChoices(req: Request, directories: SsoDirectories): Promise<SignInChoices> {
  const [settings, idps, cas] = await Promise.all([
    directories.ssoSettings.get(DEFAULT_SITE_ID),
    directories.samlIdps.listEnabled(DEFAULT_SITE_ID),
    directories.casServers.listEnabled(DEFAULT_SITE_ID),
  ]);
  const idpChoices = idps.map((idp) => ({ id: idp.id, name: idpDisplayName(idp, req.locale) })).sort(byName);
  const last = Number(cookieValue(req.headers.cookie, LAST_IDP_COOKIE));
  return {
    localLogin: settings.localLoginEnabled,
    cas: cas.map((server) => ({ id: server.id, name: server.name })).sort(byName),
    idps: idpChoices,
    lastIdp: idpChoices.find((idp) => idp.id === last) ?? null,
  };
}

/** Where each choice starts a sign-in (the SAML and CAS routes), coming back to `next`. */
/** `&link=<token>` (http/sso/link-intent.ts) when the start links an identity to the signed-in user. */
const linkQuery = (link: string | null) => (link ? `&link=${encodeURIComponent(link)}` : '');

export const ssoStartUrls = {
  idp: (id: number, next: string, link: string | null = null) => `/sso/saml/login?idp=${id}&next=${encodeURIComponent(next)}${linkQuery(link)}`,
  cas: (id: number, next: string, link: string | null = null) => `/sso/cas/${id}/login?next=${encodeURIComponent(next)}${linkQuery(link)}`,
  discovery: (next: string, link: string | null = null) => `/sso/saml/idps?next=${encodeURIComponent(next)}${linkQuery(link)}`,
  /** Through the discovery page's own route, which remembers the choice. */
  chosenIdp: (id: number, next: string, link: string | null = null) => `/sso/saml/idps/choose?idp=${id}&next=${encodeURIComponent(next)}${linkQuery(link)}`,
};

/** A name as the institution search compares it: lower case, without accents. */
export function searchable(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
}

/** What to call an identity's issuer: the IdP's or CAS server's name on this site, else the issuer itself. */
export async function issuerLabel(directories: Pick<SsoDirectories, 'samlIdps' | 'casServers'>, locale: string, identity: { provider: string; issuer: string }): Promise<string> {
  if (identity.provider === 'saml') {
    const idp = await directories.samlIdps.findByEntityId(DEFAULT_SITE_ID, identity.issuer);
    return idp ? idpDisplayName(idp, locale) : identity.issuer;
  }
  if (identity.provider === 'cas') {
    const servers = await directories.casServers.listEnabled(DEFAULT_SITE_ID);
    return servers.find((server) => server.baseUrl === identity.issuer)?.name ?? identity.issuer;
  }
  return identity.issuer;
}
