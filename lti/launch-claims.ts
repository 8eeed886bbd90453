import type { LaunchClaims } from '../server/src/domain/lms/lti-launch-service.js';
import type { LtijsToken } from './lti-provider.js';

const EXT_CLAIM = 'https://purl.imsglobal.org/spec/lti/claim/ext';

/**
 * ltijs's validated token → the domain's launch claims (pure). `raw` is the id_token's payload
 * (the same token ltijs verified): ltijs drops the `ext` claim where Moodle puts `user_username`.
 */
export function launchClaimsOf(token: LtijsToken, raw: Readonly<Record<string, unknown>>): LaunchClaims {
  const context = token.platformContext;
  const platformUsername = usernameOf(raw);
  const endpoint = context.endpoint;
  return {
    issuer: token.iss,
    clientId: token.clientId,
    deploymentId: token.deploymentId,
    person: {
      subject: token.user,
      givenName: token.userInfo?.given_name,
      familyName: token.userInfo?.family_name,
      name: token.userInfo?.name,
      email: token.userInfo?.email,
      roles: context.roles ?? [],
      ...(platformUsername ? { platformUsername } : {}),
    },
    context: context.context?.id ? { id: context.context.id, label: context.context.label, title: context.context.title } : null,
    resourceLink: context.resource?.id ? { id: context.resource.id, title: context.resource.title } : null,
    custom: context.custom ?? {},
    lineItemUrl: typeof endpoint?.lineitem === 'string' ? endpoint.lineitem : null,
    agsScopes: Array.isArray(endpoint?.scope) ? endpoint.scope.filter((scope): scope is string => typeof scope === 'string') : [],
    membershipsUrl: typeof context.namesRoles?.context_memberships_url === 'string' ? context.namesRoles.context_memberships_url : null,
  };
}

/** Moodle's login name: `ext.user_username`. */
function usernameOf(raw: Readonly<Record<string, unknown>>): string | undefined {
  const ext = raw[EXT_CLAIM];
  const username = ext && typeof ext === 'object' ? (ext as { user_username?: unknown }).user_username : undefined;
  return typeof username === 'string' && username.trim() ? username.trim() : undefined;
}

/** Issuer, client id (aud, or azp among several) and deployment of an id_token's payload. */
export function launchOrigin(payload: Readonly<Record<string, unknown>>): { issuer: string; clientId: string; deploymentId: string | null } | null {
  const issuer = typeof payload.iss === 'string' ? payload.iss : null;
  const aud = payload.aud;
  const clientId = typeof aud === 'string' ? aud : Array.isArray(aud) && typeof payload.azp === 'string' && aud.includes(payload.azp) ? payload.azp : Array.isArray(aud) && aud.length === 1 && typeof aud[0] === 'string' ? aud[0] : null;
  const deployment = payload['https://purl.imsglobal.org/spec/lti/claim/deployment_id'];
  if (!issuer || !clientId) return null;
  return { issuer, clientId, deploymentId: typeof deployment === 'string' ? deployment : null };
}
