import { deepLinkingClaims, resourceLinkClaims, signPlatformJwt, type TokenForgery } from './id-token-claims.js';
import { verifyDeepLinkingResponse, type ContentItem, type VerifiedDeepLinkingResponse } from './deep-linking-response.js';
import { registrationToken } from './dynamic-registration.js';
import { formFields } from './http-kit.js';
import type { JwtPayload } from './jws.js';
import { createSigningKey, type SigningKey } from './keys.js';
import { authorize, initiateLogin, type AuthorizeResult, type LoginInitiation } from './oidc-login.js';
import type { PlatformContext, PlatformEndpoints } from './platform-context.js';
import * as registry from './platform-registry.js';
import type { AccessToken, Course, LineItem, PlatformState, PlatformUser, ResourceLink, ToolType, ToolUrls } from './platform-state.js';
import { issueAccessToken, permittedScopes } from './token-endpoint.js';

export interface LoginInput {
  /** The Moodle user id (login_hint) or the user. */
  readonly user: string | PlatformUser;
  readonly message?: 'resource' | 'deeplink';
  /** Resource link id (resource launches); the type's only link when unset. */
  readonly resourceLink?: string;
  /** Course id (deep linking); the link's course for resource launches, else the only course. */
  readonly course?: string;
  readonly custom?: Record<string, string>;
  /** Deep linking title and text (the tool's name and "" by default). */
  readonly title?: string;
  readonly text?: string;
  readonly typeId?: string;
}

export interface ClaimsInput extends Omit<LoginInput, 'message'> {
  readonly nonce: string;
}

/** The test-facing face of the platform double; see README.md. */
export class LtiPlatform {
  constructor(
    private readonly ctx: PlatformContext,
    private readonly primaryTypeId: string,
    private readonly closeServer: () => Promise<void>,
    private readonly clock: { offset: number },
    private toolUrls: ToolUrls,
  ) {}

  /** The tool's URLs as the platform was configured with them (moodle-observed §6.1). */
  get tool(): ToolUrls {
    return this.toolUrls;
  }

  get issuer(): string {
    return this.ctx.issuer;
  }
  get endpoints(): PlatformEndpoints {
    return this.ctx.endpoints;
  }
  get kid(): string {
    return this.ctx.signingKey.kid;
  }
  get clientId(): string {
    return this.type().clientId;
  }
  get deploymentId(): string {
    return this.type().typeId;
  }
  /** Raw state (users, courses, links, lineItems, scores, tokens, requests...). */
  get state(): PlatformState {
    return this.ctx.state;
  }
  /** Errors thrown inside request handlers (each answered 500). */
  readonly errors: Error[] = [];

  /** A tool type (the primary one by default). */
  type(typeId: string = this.primaryTypeId): ToolType {
    return this.ctx.state.requireType(typeId);
  }

  /**
   * Points the primary (or given) tool type at new tool URLs, e.g. once the tool listens:
   * a tool origin (URLs <base>/lti/{login,launch,deeplink,keys,register}) or single URLs.
   */
  configureTool(toolBaseOrUrls: string | Partial<ToolUrls>, typeId?: string): ToolType {
    const urls = typeof toolBaseOrUrls === 'string' ? toolUrlsOf(toolBaseOrUrls) : toolBaseOrUrls;
    const type = this.type(typeId);
    if (type.typeId === this.primaryTypeId) this.toolUrls = { ...this.toolUrls, ...urls };
    if (urls.login) type.initiateLogin = urls.login;
    if (urls.keys) type.jwksUrl = urls.keys;
    if (urls.launch) Object.assign(type, { toolUrl: urls.launch, domain: new URL(urls.launch).host });
    if (urls.deeplink) type.deepLinkUrl = urls.deeplink;
    if (urls.launch || urls.deeplink) type.redirectUris = [type.toolUrl, ...(type.deepLinkUrl ? [type.deepLinkUrl] : [])];
    this.ctx.state.keysetCache.delete(type.clientId);
    return type;
  }

  addUser(input: registry.UserInput): PlatformUser {
    return registry.addUser(this.ctx.state, input);
  }
  addCourse(input: registry.CourseInput): Course {
    return registry.addCourse(this.ctx.state, input);
  }
  enrol(courseId: string, userId: string, roles?: string[]): void {
    registry.enrol(this.ctx.state, courseId, userId, roles);
  }
  addResourceLink(input: Omit<registry.ResourceLinkInput, 'typeId'> & { typeId?: string }): ResourceLink {
    return registry.addResourceLink(this.ctx.state, { ...input, typeId: input.typeId ?? this.primaryTypeId });
  }
  /** The activity Moodle creates from a deep-linked content item. */
  addResourceLinkFromContentItem(courseId: string, item: ContentItem, typeId: string = this.primaryTypeId): ResourceLink {
    return registry.resourceLinkFromContentItem(this.ctx.state, courseId, typeId, item);
  }

  private resolve(input: LoginInput): { type: ToolType; user: PlatformUser; course: Course; link?: ResourceLink } {
    const { state } = this.ctx;
    const type = this.type(input.typeId);
    const user = typeof input.user === 'string' ? state.requireUser(input.user) : input.user;
    if (input.message === 'deeplink') {
      const course = state.requireCourse(input.course ?? only([...state.courses.keys()], 'course'));
      return { type, user, course };
    }
    const linkId = input.resourceLink ?? only([...state.links.values()].filter((link) => link.typeId === type.typeId).map((link) => link.id), 'resource link');
    const link = state.links.get(linkId);
    if (!link) throw new Error(`no resource link ${linkId}`);
    return { type, user, course: state.requireCourse(link.courseId), link };
  }

  /** The six fields Moodle POSTs to the tool's login URL; the launch is remembered for auth.php. */
  loginInitiation(input: LoginInput): LoginInitiation {
    const { type, user, course, link } = this.resolve(input);
    if (type.state !== 'configured') throw new Error(`tool type ${type.typeId} is pending: platform.activate() it first`);
    if (!course.members.has(user.id)) throw new Error(`user ${user.id} is not enrolled in course ${course.id}`);
    const message = input.message ?? 'resource';
    if (message === 'deeplink' && !this.ctx.state.rolesIn(course, user).some((role) => /#(Instructor|Administrator)$/.test(role))) {
      throw new Error(`user ${user.id} cannot add activities in course ${course.id} (Moodle requires an editing teacher)`);
    }
    const pending = { typeId: type.typeId, userId: user.id, courseId: course.id, message, resourceLinkId: link?.id, custom: input.custom ?? {}, title: input.title ?? type.name, text: input.text ?? '' };
    return initiateLogin(this.ctx, pending, link?.cmid);
  }

  /** Acts as auth.php on the URL the tool redirected the browser to (its 302 Location). */
  authorize(location: string | URL): AuthorizeResult {
    const url = new URL(location, this.ctx.issuer);
    if (url.origin + url.pathname !== this.ctx.endpoints.auth) throw new Error(`${url.href} is not this platform's auth.php (${this.ctx.endpoints.auth})`);
    return authorize(this.ctx, formFields(url.searchParams));
  }

  /** id_token claims of a resource link launch, exactly as auth.php would build them. */
  resourceLinkClaims(input: ClaimsInput): JwtPayload {
    const { type, user, course, link } = this.resolve({ ...input, message: 'resource' });
    return resourceLinkClaims(this.ctx, { type, user, course, link: link!, nonce: input.nonce, custom: input.custom });
  }

  /** id_token claims of a deep linking request. */
  deepLinkingClaims(input: ClaimsInput): JwtPayload {
    const { type, user, course } = this.resolve({ ...input, message: 'deeplink' });
    return deepLinkingClaims(this.ctx, { type, user, course, nonce: input.nonce, custom: input.custom, title: input.title ?? type.name, text: input.text ?? '' });
  }

  /** Signs claims as the platform (or forges: any claim/header overridden or deleted, another key). */
  signIdToken(claims: JwtPayload, forgery: TokenForgery = {}): string {
    return signPlatformJwt(this.ctx, claims, forgery);
  }

  /** A key the platform does not publish, to sign tokens a tool must refuse. */
  createForeignKey(kid?: string): SigningKey {
    return createSigningKey(kid);
  }

  /** Adds a key to certs.php (key rotation tests). */
  publishKey(key: SigningKey): void {
    this.ctx.publishedKeys.push(key);
  }

  /** Verifies a tool's LtiDeepLinkingResponse as contentitem_return.php does; returns the items. */
  verifyDeepLinkingResponse(jwt: string, typeId?: string): Promise<VerifiedDeepLinkingResponse> {
    return verifyDeepLinkingResponse(this.ctx, this.type(typeId), jwt);
  }

  /** The URL Moodle's startltiadvregistration.php redirects the admin's browser to. */
  dynamicRegistrationStart(options: { updateTypeId?: string; forgery?: TokenForgery } = {}): { url: string; registrationToken: string; clientId: string } {
    const { token, clientId } = registrationToken(this.ctx, options.updateTypeId, options.forgery);
    const url = new URL(this.toolUrls.register);
    url.searchParams.set('openid_configuration', this.ctx.endpoints.openidConfiguration);
    url.searchParams.set('registration_token', token);
    return { url: url.href, registrationToken: token, clientId };
  }

  /** The admin's "Activate" on a pending tool. */
  activate(typeId: string): ToolType {
    const type = this.type(typeId);
    type.state = 'configured';
    return type;
  }

  /** A bearer token as token.php would grant it, without the client assertion dance. */
  issueAccessToken(scopes: string[] = permittedScopes(this.type()), typeId?: string): AccessToken {
    return issueAccessToken(this.ctx, this.type(typeId), scopes);
  }

  /** Moves the platform's clock (token and JWT lifetimes). */
  advanceClock(seconds: number): void {
    this.clock.offset += seconds;
  }

  /** Stored line items of a course (all courses when unset). */
  lineItems(courseId?: string): LineItem[] {
    return [...this.ctx.state.lineItems.values()].filter((item) => courseId === undefined || item.courseId === courseId);
  }

  close(): Promise<void> {
    return this.closeServer();
  }
}

/** The tool URLs Lectern serves under an origin. */
export function toolUrlsOf(base: string): ToolUrls {
  return { login: `${base}/lti/login`, launch: `${base}/lti/launch`, deeplink: `${base}/lti/deeplink`, keys: `${base}/lti/keys`, register: `${base}/lti/register` };
}

function only(ids: string[], what: string): string {
  if (ids.length !== 1) throw new Error(`say which ${what}: there are ${ids.length}`);
  return ids[0]!;
}
