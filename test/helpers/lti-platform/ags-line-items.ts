import type { PlatformRequest, PlatformResponse } from './http-kit.js';
import { mediaType, scope } from './lti-vocabulary.js';
import { lineItemUrl, type PlatformContext } from './platform-context.js';
import type { AccessToken, LineItem } from './platform-state.js';
import { linkHeader, pageOf } from './paging.js';
import { authorizeService, mediaTypeRefusal, serviceBody, serviceError } from './service-response.js';

/** Line items as Moodle's gradebookservices::item_for_json shows them. */
export function lineItemJson(ctx: PlatformContext, item: LineItem): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: lineItemUrl(ctx, item.courseId, item.id, item.typeId),
    label: item.label,
    scoreMaximum: item.scoreMaximum,
    resourceId: item.resourceId,
    tag: item.tag,
  };
  if (item.resourceLinkId !== undefined) Object.assign(json, { resourceLinkId: item.resourceLinkId, ltiLinkId: item.resourceLinkId });
  return json;
}

type Resolved<T> = { readonly ok: true; readonly value: T; readonly token: AccessToken } | { readonly ok: false; readonly response: PlatformResponse };

/** Media type gate, bearer + scope check, course existence: the start of every AGS request. */
export function openAgs(ctx: PlatformContext, req: PlatformRequest, courseId: string, formats: string[], scopes: string[]): Resolved<undefined> {
  const refusal = mediaTypeRefusal(req, formats);
  if (refusal) return { ok: false, response: refusal };
  const typeId = req.url.searchParams.get('type_id') ?? undefined;
  const auth = authorizeService(ctx, req, scopes, typeId);
  if (!auth.ok) return auth;
  if (!ctx.state.courses.has(courseId)) return { ok: false, response: serviceError(req, 404, `Not Found: Course ${courseId} doesn't exist`) };
  return { ok: true, value: undefined, token: auth.token };
}

/** As openAgs, then the line item, which must be the token's tool's and in that course. */
export function openLineItem(ctx: PlatformContext, req: PlatformRequest, courseId: string, itemId: string, formats: string[], scopes: string[]): Resolved<LineItem> {
  const opened = openAgs(ctx, req, courseId, formats, scopes);
  if (!opened.ok) return opened;
  const item = ctx.state.lineItems.get(itemId);
  if (!item || item.courseId !== courseId || item.typeId !== opened.token.typeId) {
    return { ok: false, response: serviceError(req, 404, `Not Found: Grade item ${itemId} doesn't exist`) };
  }
  return { ok: true, value: item, token: opened.token };
}

/** A JSON object body, or undefined when the body is not one. */
export function parseObject(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined; // not JSON: the caller answers 400, as Moodle's json_decode → empty does
  }
}

const isNumeric = (value: unknown): boolean => (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)));

/** label + numeric scoreMaximum (Moodle's POST/PUT rule) and a link of this tool in this course. */
function validLineItemBody(ctx: PlatformContext, body: string, courseId: string, typeId: string): { json: Record<string, unknown>; linkId?: string } | { status: number; reason: string } {
  const json = parseObject(body);
  if (!json || json.label == null || json.scoreMaximum == null) return { status: 400, reason: 'label and scoreMaximum are required' };
  if (!isNumeric(json.scoreMaximum)) return { status: 400, reason: 'scoreMaximum is not numeric' };
  const linkValue = json.resourceLinkId ?? json.ltiLinkId;
  if (linkValue == null) return { json };
  const link = ctx.state.links.get(String(linkValue));
  if (!link || link.courseId !== courseId || link.typeId !== typeId) return { status: 403, reason: `resource link ${String(linkValue)} is not this tool's in course ${courseId}` };
  return { json, linkId: link.id };
}

function listLineItems(ctx: PlatformContext, req: PlatformRequest, courseId: string, typeId: string): PlatformResponse {
  const q = req.url.searchParams;
  const linkFilter = q.get('resource_link_id') ?? q.get('lti_link_id');
  const all = [...ctx.state.lineItems.values()].filter(
    (item) =>
      item.courseId === courseId &&
      item.typeId === typeId &&
      (linkFilter === null || item.resourceLinkId === linkFilter) &&
      (q.get('resource_id') === null || item.resourceId === q.get('resource_id')) &&
      (q.get('tag') === null || item.tag === q.get('tag')),
  );
  const page = pageOf(all, req.url, 0);
  return serviceBody(200, mediaType.lineItemContainer, page.items.map((item) => lineItemJson(ctx, item)), linkHeader(page));
}

function createLineItem(ctx: PlatformContext, req: PlatformRequest, courseId: string, typeId: string): PlatformResponse {
  const checked = validLineItemBody(ctx, req.body, courseId, typeId);
  if ('status' in checked) return serviceError(req, checked.status, checked.reason);
  const { json, linkId } = checked;
  const item: LineItem = {
    id: ctx.state.newGradeItemId(),
    courseId,
    typeId,
    label: String(json.label),
    scoreMaximum: Number(json.scoreMaximum),
    resourceId: typeof json.resourceId === 'string' ? json.resourceId : '',
    tag: typeof json.tag === 'string' ? json.tag : '',
    resourceLinkId: linkId,
    coupled: false,
  };
  ctx.state.lineItems.set(item.id, item);
  return serviceBody(201, mediaType.lineItem, { ...json, id: lineItemUrl(ctx, courseId, item.id, typeId) });
}

/** GET/POST .../services.php/<course>/lineitems */
export function handleLineItems(ctx: PlatformContext, req: PlatformRequest, courseId: string): PlatformResponse {
  const isGet = req.method === 'GET';
  const scopes = isGet ? [scope.lineItem, scope.lineItemReadOnly] : [scope.lineItem];
  const opened = openAgs(ctx, req, courseId, isGet ? [mediaType.lineItemContainer] : [mediaType.lineItem], scopes);
  if (!opened.ok) return opened.response;
  if (isGet) return listLineItems(ctx, req, courseId, opened.token.typeId);
  if (req.method === 'POST') return createLineItem(ctx, req, courseId, opened.token.typeId);
  return serviceError(req, 405, 'Method Not Allowed');
}

function updateLineItem(ctx: PlatformContext, req: PlatformRequest, item: LineItem): PlatformResponse {
  const checked = validLineItemBody(ctx, req.body, item.courseId, item.typeId);
  if ('status' in checked) return serviceError(req, checked.status, checked.reason);
  const { json, linkId } = checked;
  item.label = String(json.label);
  item.scoreMaximum = Number(json.scoreMaximum);
  item.resourceId = typeof json.resourceId === 'string' ? json.resourceId : '';
  item.tag = typeof json.tag === 'string' ? json.tag : '';
  if (linkId !== undefined) item.resourceLinkId = linkId;
  return serviceBody(200, mediaType.lineItem, { ...json, id: lineItemUrl(ctx, item.courseId, item.id, item.typeId) });
}

/** GET/PUT/DELETE .../services.php/<course>/lineitems/<id>/lineitem */
export function handleLineItem(ctx: PlatformContext, req: PlatformRequest, courseId: string, itemId: string): PlatformResponse {
  if (!['GET', 'PUT', 'DELETE'].includes(req.method)) return serviceError(req, 405, 'Method Not Allowed');
  const scopes = req.method === 'GET' ? [scope.lineItem, scope.lineItemReadOnly] : [scope.lineItem];
  const opened = openLineItem(ctx, req, courseId, itemId, [mediaType.lineItem], scopes);
  if (!opened.ok) return opened.response;
  const item = opened.value;
  if (req.method === 'GET') return serviceBody(200, mediaType.lineItem, lineItemJson(ctx, item));
  if (req.method === 'PUT') return updateLineItem(ctx, req, item);
  ctx.state.lineItems.delete(item.id);
  return { status: 204, headers: {}, body: '' };
}
