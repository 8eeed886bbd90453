import { createHash } from 'node:crypto';
import { signJwt, type JwtHeader, type JwtPayload } from './jws.js';
import type { SigningKey } from './keys.js';
import { claim, scope } from './lti-vocabulary.js';
import { lineItemUrl, lineItemsUrl, membershipsUrl, moodlePath, type PlatformContext } from './platform-context.js';
import type { Course, PlatformUser, ResourceLink, ToolType } from './platform-state.js';

/** Who launches what: the inputs of both id_token builders. */
export interface LaunchSubject {
  readonly type: ToolType;
  readonly user: PlatformUser;
  readonly course: Course;
  readonly nonce: string;
  /** Extra custom parameters for this launch (merged last). */
  readonly custom?: Record<string, string>;
  /** Part of lti_message_hint, echoed in the outcome sourcedid. */
  readonly launchId?: string;
}

export interface ResourceLaunch extends LaunchSubject {
  readonly link: ResourceLink;
}

export interface DeepLinkingLaunch extends LaunchSubject {
  readonly title: string;
  readonly text: string;
}

/** Overrides for security tests: any claim or header field (undefined deletes it), another key. */
export interface TokenForgery {
  readonly claims?: Record<string, unknown>;
  readonly header?: Record<string, unknown>;
  readonly key?: SigningKey;
}

function userClaims(type: ToolType, user: PlatformUser): JwtPayload {
  const claims: JwtPayload = {};
  if (type.sendName) {
    claims.name = `${user.givenName} ${user.familyName}`;
    claims.given_name = user.givenName;
    claims.family_name = user.familyName;
  }
  if (type.sendEmail) claims.email = user.email;
  return claims;
}

/** AGS grade sync scopes in Moodle's get_permitted_scopes order. */
export function agsScopes(type: ToolType): string[] {
  if (type.gradeSync === 0) return [];
  const scopes: string[] = [scope.lineItemReadOnly, scope.resultReadOnly, scope.score];
  return type.gradeSync === 2 ? [...scopes, scope.lineItem] : scopes;
}

/** Custom claim: type custom, link custom, launch custom, then the services' parameters. */
function customClaim(ctx: PlatformContext, subject: LaunchSubject, link: ResourceLink | undefined): Record<string, string> {
  const { type, course } = subject;
  const custom: Record<string, string> = { ...type.customParameters, ...(link?.custom ?? {}), ...(subject.custom ?? {}) };
  if (type.memberships) custom.context_memberships_url = membershipsUrl(ctx, course.id, type.typeId);
  if (type.toolSettings) {
    custom.system_setting_url = `${ctx.endpoints.services}/tool/${type.typeId}/custom`;
    custom.context_setting_url = `${ctx.endpoints.services}/CourseSection/${course.id}/bindings/tool/${type.typeId}/custom`;
    custom.link_setting_url = `${ctx.endpoints.services}/links/${link ? link.id : '{link_id}'}/custom`;
  }
  return custom;
}

/** The claims every Moodle launch carries (moodle-observed §6.3). */
function commonClaims(ctx: PlatformContext, subject: LaunchSubject, messageType: string, targetLinkUri: string): JwtPayload {
  const { type, user, course } = subject;
  const iat = ctx.now();
  const claims: JwtPayload = {
    nonce: subject.nonce,
    iat,
    exp: iat + 60,
    iss: ctx.issuer,
    aud: type.clientId,
    sub: user.id,
    [claim.deploymentId]: type.typeId,
    [claim.messageType]: messageType,
    [claim.version]: '1.3.0',
    [claim.targetLinkUri]: targetLinkUri,
    [claim.roles]: ctx.state.rolesIn(course, user),
    [claim.context]: { id: course.id, label: course.label, title: course.title, type: ['CourseSection'] },
    ...userClaims(type, user),
    [claim.ext]: { user_username: user.username, lms: 'moodle-2' },
    [claim.toolPlatform]: {
      product_family_code: 'moodle',
      version: ctx.versionNumber,
      guid: ctx.siteIdentifier,
      name: 'Moodle 5.0 lab',
      description: 'Moodle 5.0 lab',
    },
  };
  if (user.idnumber) claims['https://purl.imsglobal.org/spec/lti/claim/lis'] = { person_sourcedid: user.idnumber };
  if (type.memberships) {
    claims[claim.nrps] = { context_memberships_url: membershipsUrl(ctx, course.id, type.typeId), service_versions: ['1.0', '2.0'] };
  }
  return claims;
}

function coupledLineItemId(ctx: PlatformContext, link: ResourceLink): string | undefined {
  const coupled = [...ctx.state.lineItems.values()].filter((item) => item.resourceLinkId === link.id && item.typeId === link.typeId);
  return coupled.length === 1 ? coupled[0]!.id : undefined;
}

function outcomeClaim(ctx: PlatformContext, launch: ResourceLaunch, isLearner: boolean): JwtPayload {
  const data = { instanceid: launch.link.id, userid: launch.user.id, typeid: launch.type.typeId, launchid: launch.launchId ?? '' };
  const hash = createHash('sha256').update(JSON.stringify(data) + ctx.siteIdentifier).digest('hex');
  const outcome: Record<string, string> = { lis_outcome_service_url: ctx.issuer + moodlePath.basicOutcome };
  return { [claim.basicOutcome]: isLearner ? { lis_result_sourcedid: JSON.stringify({ data, hash }), ...outcome } : outcome };
}

/** LtiResourceLinkRequest claims exactly as Moodle 5.0 builds them. */
export function resourceLinkClaims(ctx: PlatformContext, launch: ResourceLaunch): JwtPayload {
  const { type, course, link } = launch;
  const claims = commonClaims(ctx, launch, 'LtiResourceLinkRequest', link.url ?? type.toolUrl);
  claims[claim.resourceLink] = { id: link.id, title: link.title, description: link.description };
  claims[claim.launchPresentation] = {
    locale: 'en',
    document_target: 'iframe',
    return_url: `${ctx.issuer}/mod/lti/return.php?course=${course.id}&launch_container=3&instanceid=${link.id}&sesskey=${ctx.sesskey}`,
  };
  const lineItemId = coupledLineItemId(ctx, link);
  if (type.gradeSync > 0) {
    const ags: Record<string, unknown> = { scope: agsScopes(type), lineitems: lineItemsUrl(ctx, course.id, type.typeId) };
    if (lineItemId !== undefined) ags.lineitem = lineItemUrl(ctx, course.id, lineItemId, type.typeId);
    claims[claim.ags] = ags;
  }
  if (lineItemId !== undefined) Object.assign(claims, outcomeClaim(ctx, launch, (claims[claim.roles] as string[]).some((role) => role.endsWith('#Learner'))));
  const custom = customClaim(ctx, launch, link);
  if (Object.keys(custom).length > 0) claims[claim.custom] = custom;
  return claims;
}

/** LtiDeepLinkingRequest claims with Moodle's deep_linking_settings (no `data`). */
export function deepLinkingClaims(ctx: PlatformContext, launch: DeepLinkingLaunch): JwtPayload {
  const { type, course } = launch;
  if (type.deepLinkUrl === undefined) throw new Error(`tool type ${type.typeId} has deep linking off`);
  const claims = commonClaims(ctx, launch, 'LtiDeepLinkingRequest', type.deepLinkUrl);
  claims[claim.launchPresentation] = { locale: 'en', document_target: 'iframe' };
  if (type.gradeSync > 0) claims[claim.ags] = { scope: agsScopes(type), lineitems: lineItemsUrl(ctx, course.id, type.typeId) };
  const custom = customClaim(ctx, launch, undefined);
  if (Object.keys(custom).length > 0) claims[claim.custom] = custom;
  claims[claim.deepLinkingSettings] = {
    accept_types: ['ltiResourceLink'],
    accept_presentation_document_targets: ['frame', 'iframe', 'window'],
    accept_multiple: true,
    accept_copy_advice: false,
    accept_unsigned: false,
    auto_create: false,
    can_confirm: false,
    deep_link_return_url: deepLinkReturnUrl(ctx, course.id, type.typeId),
    title: launch.title,
    text: launch.text,
  };
  return claims;
}

export function deepLinkReturnUrl(ctx: PlatformContext, courseId: string, typeId: string): string {
  return `${ctx.issuer}/mod/lti/contentitem_return.php?course=${courseId}&id=${typeId}&sesskey=${ctx.sesskey}`;
}

function merge<T extends Record<string, unknown>>(base: T, overrides: Record<string, unknown> | undefined): T {
  const merged: Record<string, unknown> = { ...base };
  for (const [name, value] of Object.entries(overrides ?? {})) {
    if (value === undefined) delete merged[name];
    else merged[name] = value;
  }
  return merged as T;
}

/** Signs as Moodle's JWT::encode does (header typ, alg, kid), with optional forgery. */
export function signPlatformJwt(ctx: PlatformContext, payload: JwtPayload, forgery: TokenForgery = {}): string {
  const key = forgery.key ?? ctx.signingKey;
  const header = merge<JwtHeader>({ typ: 'JWT', alg: 'RS256', kid: key.kid }, forgery.header);
  return signJwt(merge(payload, forgery.claims), key.privateKey, header);
}
