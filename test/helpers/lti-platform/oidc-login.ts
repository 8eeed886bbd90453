import { randomInt } from 'node:crypto';
import { deepLinkingClaims, resourceLinkClaims, signPlatformJwt } from './id-token-claims.js';
import { escapeHtml, formFields, text, type PlatformRequest, type PlatformResponse } from './http-kit.js';
import type { JwtPayload } from './jws.js';
import type { PlatformContext } from './platform-context.js';
import type { PendingLaunch, ToolType } from './platform-state.js';

/** The request Moodle makes the browser send to the tool's login URL (moodle-observed §6.2). */
export interface LoginInitiation {
  readonly url: string;
  readonly method: 'POST';
  /** iss, target_link_uri, login_hint, lti_message_hint, client_id, lti_deployment_id, in that order. */
  readonly fields: Record<string, string>;
  /** The same fields, form-encoded in that order. */
  readonly body: string;
  readonly headers: Record<string, string>;
  readonly launchId: string;
}

/** auth.php's answer, as a browser would act on it. */
export interface AuthorizeResult {
  /** True when an id_token is posted. */
  readonly ok: boolean;
  readonly status: number;
  /** Where the auto-submit form posts (the redirect_uri); absent when Moodle shows its error page. */
  readonly action?: string;
  /** Every posted field (id_token + state, or error + error_description + state). */
  readonly fields: Record<string, string>;
  readonly id_token?: string;
  readonly state?: string;
  readonly error?: string;
  readonly error_description?: string;
  readonly nonce?: string;
  /** The id_token's claims, to re-sign forged variants with platform.signIdToken. */
  readonly claims?: JwtPayload;
  readonly launch?: PendingLaunch;
  readonly html: string;
}

/** Stores the launch as Moodle's session does and returns the six login parameters. */
export function initiateLogin(ctx: PlatformContext, launch: Omit<PendingLaunch, 'launchId'>, cmid: string | undefined): LoginInitiation {
  const type = ctx.state.requireType(launch.typeId);
  const random = randomInt(1_000_000_000, 2_147_483_647);
  const launchId = launch.message === 'resource' ? `ltilaunch${cmid}_${random}` : `ltilaunch_ContentItemSelectionRequest${random}`;
  const hint = launch.message === 'resource' ? { cmid: Number(cmid), launchid: launchId } : { launchid: launchId };
  ctx.state.launches.set(launchId, { ...launch, launchId });
  const link = launch.resourceLinkId === undefined ? undefined : ctx.state.links.get(launch.resourceLinkId);
  const targetLinkUri = launch.message === 'resource' ? (link?.url ?? type.toolUrl) : (type.deepLinkUrl ?? type.toolUrl);
  const fields: Record<string, string> = {
    iss: ctx.issuer,
    target_link_uri: targetLinkUri,
    login_hint: launch.userId,
    lti_message_hint: JSON.stringify(hint),
    client_id: type.clientId,
    lti_deployment_id: type.typeId,
  };
  return {
    url: type.initiateLogin,
    method: 'POST',
    fields,
    body: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ctx.issuer, referer: `${ctx.issuer}/` },
    launchId,
  };
}

function launchFromHint(ctx: PlatformContext, hint: string): PendingLaunch | undefined {
  try {
    const parsed = JSON.parse(hint) as { launchid?: unknown };
    return typeof parsed?.launchid === 'string' ? ctx.state.launches.get(parsed.launchid) : undefined;
  } catch {
    return undefined; // not JSON: Moodle finds no launch in the session either, and says invalid_request
  }
}

/** The page auth.php echoes: a form named ltiAuthForm and a script submitting it. */
export function autoSubmitPage(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `  <input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}"/>\n`)
    .join('');
  return (
    `<form action="${action}" name="ltiAuthForm" id="ltiAuthForm" method="post" enctype="application/x-www-form-urlencoded">\n` +
    `${inputs}</form>\n<script type="text/javascript">\n//<![CDATA[\ndocument.ltiAuthForm.submit();\n//]]>\n</script>\n`
  );
}

function refused(reason: string): AuthorizeResult {
  const html = `<!DOCTYPE html><html><body><div class="errorbox"><p class="errormessage">Invalid request</p><p class="debug">${escapeHtml(reason)}</p></div></body></html>`;
  return { ok: false, status: 400, fields: {}, error: 'invalidrequest', error_description: reason, html };
}

interface Checked {
  readonly launch?: PendingLaunch;
  readonly type?: ToolType;
  readonly error?: string;
  readonly description?: string;
}

/** auth.php's checks in Moodle's order; `type` is only known once the early checks passed. */
function check(ctx: PlatformContext, p: (name: string) => string): Checked {
  const launch = launchFromHint(ctx, p('lti_message_hint'));
  const missing = ['scope', 'response_type', 'client_id', 'redirect_uri', 'login_hint', 'nonce'].filter((name) => p(name) === '');
  if (missing.length > 0 || !launch) {
    return { error: 'invalid_request', description: missing.length > 0 ? `missing ${missing.join(', ')}` : 'unknown or used lti_message_hint' };
  }
  if (p('scope') !== 'openid') return { error: 'invalid_scope', description: `scope ${p('scope')}` };
  if (p('response_type') !== 'id_token') return { error: 'unsupported_response_type', description: `response_type ${p('response_type')}` };
  const type = ctx.state.requireType(launch.typeId);
  if (p('client_id') !== type.clientId) return { launch, type, error: 'unauthorized_client' };
  if (p('login_hint') !== launch.userId) return { launch, type, error: 'access_denied' };
  if (p('response_mode') !== 'form_post') return { launch, type, error: 'invalid_request', description: 'Invalid response_mode' };
  if (p('prompt') !== '' && p('prompt') !== 'none') return { launch, type, error: 'invalid_request', description: 'Invalid prompt' };
  return { launch, type };
}

function idTokenClaims(ctx: PlatformContext, launch: PendingLaunch, type: ToolType, nonce: string): JwtPayload {
  const user = ctx.state.requireUser(launch.userId);
  const course = ctx.state.requireCourse(launch.courseId);
  const subject = { type, user, course, nonce, custom: launch.custom, launchId: launch.launchId };
  if (launch.message === 'deeplink') return deepLinkingClaims(ctx, { ...subject, title: launch.title, text: launch.text });
  const link = ctx.state.links.get(launch.resourceLinkId ?? '');
  if (!link) throw new Error(`resource link ${launch.resourceLinkId} is gone`);
  return resourceLinkClaims(ctx, { ...subject, link });
}

/**
 * Moodle 5.0's auth.php: missing parameters, a wrong scope or response_type and an unknown
 * hint end on Moodle's error page (nothing is posted, the redirect_uri is not trusted); so
 * does an unregistered redirect_uri. The other refusals are posted to the redirect_uri as
 * `error`/`error_description` with the state, as OIDC wants.
 */
export function authorize(ctx: PlatformContext, params: Record<string, string>): AuthorizeResult {
  const p = (name: string): string => params[name] ?? '';
  const checked = check(ctx, p);
  const { launch, type } = checked;
  if (!launch || !type) return refused(`${checked.error}: ${checked.description}`);
  if (!type.redirectUris.includes(p('redirect_uri'))) return refused(`unregistered redirect_uri ${p('redirect_uri')}`);
  ctx.state.launches.delete(launch.launchId);
  const action = p('redirect_uri');
  if (checked.error !== undefined) {
    const fields: Record<string, string> = { error: checked.error };
    if (checked.description !== undefined) fields.error_description = checked.description;
    fields.state = p('state');
    return { ok: false, status: 200, action, fields, error: checked.error, error_description: checked.description, state: p('state'), html: autoSubmitPage(action, fields) };
  }
  const claims = idTokenClaims(ctx, launch, type, p('nonce'));
  const idToken = signPlatformJwt(ctx, claims);
  const fields = { id_token: idToken, state: p('state') };
  return { ok: true, status: 200, action, fields, id_token: idToken, state: p('state'), nonce: p('nonce'), claims, launch, html: autoSubmitPage(action, fields) };
}

/** GET or POST /mod/lti/auth.php (Moodle reads both through optional_param). */
export function handleAuth(ctx: PlatformContext, req: PlatformRequest): PlatformResponse {
  const params = { ...formFields(req.url.searchParams), ...(req.method === 'POST' ? formFields(req.body) : {}) };
  const result = authorize(ctx, params);
  return text(result.status, result.html, 'text/html; charset=utf-8');
}
