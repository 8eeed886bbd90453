import { JwtError, checkTimes, decodeJwt, type DecodedJwt, type JwtPayload } from './jws.js';
import { asJwks, verifyWithJwks, type Jwks } from './keys.js';
import { claim } from './lti-vocabulary.js';
import type { PlatformContext } from './platform-context.js';
import type { ToolType } from './platform-state.js';

/** Why Moodle's contentitem_return.php would not accept a LtiDeepLinkingResponse. */
export class DeepLinkingRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeepLinkingRefusal';
  }
}

export interface ContentItem {
  readonly type: string;
  readonly title?: string;
  readonly text?: string;
  readonly url?: string;
  readonly custom?: Record<string, string>;
  readonly lineItem?: { scoreMaximum?: number; label?: string; resourceId?: string; tag?: string };
  readonly [name: string]: unknown;
}

/** What Moodle's return page hands to mod_lti/contentitem_return for one item. */
export interface MoodleActivity {
  readonly name: string;
  readonly toolurl: string;
  readonly instructorcustomparameters: string;
  readonly gradeMaximum: number | undefined;
}

export interface VerifiedDeepLinkingResponse {
  readonly items: ContentItem[];
  readonly activities: MoodleActivity[];
  readonly header: DecodedJwt['header'];
  readonly claims: JwtPayload;
}

/** content_item_to_form: title (else the tool's name), url (else the tool URL), custom as k=v lines. */
export function moodleActivity(type: ToolType, item: ContentItem): MoodleActivity {
  const custom = Object.entries(item.custom ?? {}).map(([name, value]) => `${name}=${value}`);
  return {
    name: item.title || type.name,
    toolurl: item.url ?? type.toolUrl,
    instructorcustomparameters: custom.join('\n'),
    gradeMaximum: item.lineItem ? (item.lineItem.scoreMaximum ?? 100) : undefined,
  };
}

async function fetchKeyset(ctx: PlatformContext, type: ToolType): Promise<Jwks> {
  const headers = { 'user-agent': `MoodleBot/5.0 (+${ctx.issuer})`, accept: '*/*' };
  ctx.state.jwksFetches.push({ at: new Date(), url: type.jwksUrl, headers });
  const jwks = asJwks(await ctx.fetchJwks(type.jwksUrl, headers), type.jwksUrl);
  ctx.state.keysetCache.set(type.clientId, jwks);
  return jwks;
}

/** lti_verify_with_keyset: the keyset cached per client id, fetched again once if it fails. */
async function verifySignature(ctx: PlatformContext, type: ToolType, jwt: string): Promise<DecodedJwt> {
  const cached = ctx.state.keysetCache.get(type.clientId);
  if (cached) {
    try {
      return verifyWithJwks(jwt, cached);
    } catch (error) {
      if (!(error instanceof JwtError)) throw error;
      // Moodle's MUC keyset may be stale: refetch and try once more, as lti_verify_with_keyset does.
    }
  }
  return verifyWithJwks(jwt, await fetchKeyset(ctx, type));
}

function checkClaims(ctx: PlatformContext, type: ToolType, claims: JwtPayload): ContentItem[] {
  checkTimes(claims, { now: ctx.now(), leeway: ctx.behaviour.leeway, requireExp: true, requireIat: true });
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(ctx.issuer)) throw new DeepLinkingRefusal(`aud ${JSON.stringify(claims.aud)} is not the platform issuer ${ctx.issuer}`);
  if (claims[claim.deploymentId] !== type.typeId) throw new DeepLinkingRefusal(`deployment_id ${String(claims[claim.deploymentId])} is not ${type.typeId}`);
  if (claims[claim.messageType] !== 'LtiDeepLinkingResponse') throw new DeepLinkingRefusal(`message_type ${String(claims[claim.messageType])} is not LtiDeepLinkingResponse`);
  if (claims[claim.version] !== '1.3.0') throw new DeepLinkingRefusal(`version ${String(claims[claim.version])} is not 1.3.0`);
  if (typeof claims.nonce !== 'string' || claims.nonce === '') throw new DeepLinkingRefusal('nonce is missing');
  const items = claims[claim.contentItems] ?? [];
  if (!Array.isArray(items)) throw new DeepLinkingRefusal('content_items is not an array');
  for (const item of items as ContentItem[]) {
    if (item?.type !== 'ltiResourceLink') throw new DeepLinkingRefusal(`content item type ${String(item?.type)} was not in accept_types [ltiResourceLink]`);
  }
  return items as ContentItem[];
}

/**
 * Verifies the JWT a tool posts (field `JWT`) to deep_link_return_url, as Moodle 5.0 does:
 * iss is the client_id of the tool type, RS256 signature against the tool's JWKS fetched over
 * HTTP (MoodleBot user agent, Moodle's alg/kid rules), exp/iat, then the IMS Deep Linking 2.0
 * claims (aud = issuer, deployment_id, message_type, version, nonce, content_items types).
 */
export async function verifyDeepLinkingResponse(ctx: PlatformContext, type: ToolType, jwt: string): Promise<VerifiedDeepLinkingResponse> {
  try {
    const unverified = decodeJwt(jwt).payload;
    if (typeof unverified.iss !== 'string' || unverified.iss === '') throw new DeepLinkingRefusal('iss is missing');
    if (unverified.iss !== type.clientId) throw new DeepLinkingRefusal(`iss ${unverified.iss} is not the client_id ${type.clientId} (errorincorrectconsumerkey)`);
    const decoded = await verifySignature(ctx, type, jwt);
    const items = checkClaims(ctx, type, decoded.payload);
    return { items, activities: items.map((item) => moodleActivity(type, item)), header: decoded.header, claims: decoded.payload };
  } catch (error) {
    if (error instanceof JwtError) throw new DeepLinkingRefusal(`${error.code}: ${error.message}`);
    throw error;
  }
}
