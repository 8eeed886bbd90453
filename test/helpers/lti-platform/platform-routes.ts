import { handleLineItem, handleLineItems } from './ags-line-items.js';
import { handleResults, handleScores } from './ags-scores.js';
import { handleCerts, handleOpenidConfiguration, handleRegistration } from './dynamic-registration.js';
import { text, type PlatformRequest, type PlatformResponse } from './http-kit.js';
import { handleMemberships } from './nrps-memberships.js';
import { handleAuth } from './oidc-login.js';
import type { PlatformContext } from './platform-context.js';
import { handleToken } from './token-endpoint.js';

type Handler = (ctx: PlatformContext, req: PlatformRequest, params: string[]) => PlatformResponse | Promise<PlatformResponse>;

const SERVICES = String.raw`^/mod/lti/services\.php`;

/** Moodle's paths; services.php paths are matched as Moodle's resource templates. */
const routes: { pattern: RegExp; handle: Handler }[] = [
  { pattern: /^\/mod\/lti\/auth\.php$/, handle: (ctx, req) => handleAuth(ctx, req) },
  { pattern: /^\/mod\/lti\/certs\.php$/, handle: (ctx) => handleCerts(ctx) },
  { pattern: /^\/mod\/lti\/token\.php$/, handle: (ctx, req) => handleToken(ctx, req) },
  { pattern: /^\/mod\/lti\/openid-configuration\.php$/, handle: (ctx) => handleOpenidConfiguration(ctx) },
  { pattern: /^\/mod\/lti\/openid-registration\.php$/, handle: (ctx, req) => handleRegistration(ctx, req) },
  { pattern: new RegExp(`${SERVICES}/CourseSection/([^/]+)/bindings/([^/]+)/memberships$`), handle: (ctx, req, [course, type]) => handleMemberships(ctx, req, course!, type!) },
  { pattern: new RegExp(`${SERVICES}/([^/]+)/lineitems/([^/]+)/lineitem/scores$`), handle: (ctx, req, [course, item]) => handleScores(ctx, req, course!, item!) },
  { pattern: new RegExp(`${SERVICES}/([^/]+)/lineitems/([^/]+)/lineitem/results$`), handle: (ctx, req, [course, item]) => handleResults(ctx, req, course!, item!) },
  { pattern: new RegExp(`${SERVICES}/([^/]+)/lineitems/([^/]+)/lineitem$`), handle: (ctx, req, [course, item]) => handleLineItem(ctx, req, course!, item!) },
  { pattern: new RegExp(`${SERVICES}/([^/]+)/lineitems$`), handle: (ctx, req, [course]) => handleLineItems(ctx, req, course!) },
];

/** Dispatches one request; services.php calls are recorded for inspection. */
export async function route(ctx: PlatformContext, req: PlatformRequest): Promise<PlatformResponse> {
  for (const { pattern, handle } of routes) {
    const match = pattern.exec(req.url.pathname);
    if (!match) continue;
    const response = await handle(ctx, req, match.slice(1).map(decodeURIComponent));
    if (req.url.pathname.startsWith('/mod/lti/services.php')) {
      ctx.state.serviceRequests.push({
        at: new Date(),
        method: req.method,
        path: req.url.pathname + req.url.search,
        status: response.status,
        fields: { authorization: String(req.headers.authorization ?? ''), accept: String(req.headers.accept ?? ''), 'content-type': String(req.headers['content-type'] ?? ''), body: req.body },
        responseBody: response.body ?? '',
      });
    }
    return response;
  }
  return text(req.url.pathname.startsWith('/mod/lti/services.php') ? 400 : 404, `no such page: ${req.url.pathname}`);
}
