import type { Video } from '../server/src/domain/videos/video.js';
import { html } from '../server/src/http/views/html.js';
import type { PickerState } from './picker-token.js';

/**
 * LTI Deep Linking 2.0, the pure part: the request's deep_linking_settings read, the content
 * items built for what the teacher picked, and the LtiDeepLinkingResponse claims.
 */
export interface DeepLinkingSettings {
  readonly returnUrl: string;
  readonly acceptTypes: readonly string[];
  readonly presentationTargets: readonly string[];
  readonly acceptMultiple: boolean;
  readonly acceptLineItem: boolean;
  readonly data: string | null;
  readonly title: string;
  readonly text: string;
}

const CLAIM = 'https://purl.imsglobal.org/spec/lti/claim';
const DL_CLAIM = 'https://purl.imsglobal.org/spec/lti-dl/claim';
const stringList = (value: unknown): string[] => (Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : []);

/** The settings claim, or null without a usable http(s) return URL. */
export function readDeepLinkingSettings(raw: Readonly<Record<string, unknown>> | undefined): DeepLinkingSettings | null {
  const returnUrl = typeof raw?.deep_link_return_url === 'string' ? raw.deep_link_return_url : '';
  if (!/^https?:\/\//i.test(returnUrl) || !URL.canParse(returnUrl)) return null;
  return {
    returnUrl,
    acceptTypes: stringList(raw?.accept_types),
    presentationTargets: stringList(raw?.accept_presentation_document_targets),
    // Deep Linking 2.0: accept_multiple and accept_lineitem default to true when absent.
    acceptMultiple: raw?.accept_multiple !== false,
    acceptLineItem: raw?.accept_lineitem !== false,
    data: typeof raw?.data === 'string' ? raw.data : null,
    title: typeof raw?.title === 'string' ? raw.title : '',
    text: typeof raw?.text === 'string' ? raw.text : '',
  };
}

export type ItemKind = 'ltiResourceLink' | 'html';

/** What Lectern answers with: a resource link when accepted, else HTML (an iframe), else nothing. */
export function itemKindFor(acceptTypes: readonly string[]): ItemKind | null {
  if (acceptTypes.includes('ltiResourceLink')) return 'ltiResourceLink';
  if (acceptTypes.includes('html')) return 'html';
  return null;
}

/** One picked video, resolved: the embed URL (html items) and thumbnail are worked out by the caller. */
export interface PickedVideo {
  readonly video: Pick<Video, 'id' | 'title' | 'description'>;
  readonly grade: boolean;
  /** Share of the video watched that completes the activity, in (0, 1]. */
  readonly completion: number;
  readonly embedUrl: string | null;
  readonly thumbnail: { readonly url: string; readonly width: number; readonly height: number } | null;
}

export interface ItemContext {
  readonly publicUrl: string;
  readonly signVideo: (videoId: number) => string;
}

/** Description as plain text (it is sanitized HTML), short enough for an LMS activity intro. */
export function plainText(description: string, max = 1000): string {
  return description
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max);
}

function presentation(targets: readonly string[]): Record<string, unknown> {
  if (targets.includes('iframe')) return { iframe: { width: 960, height: 600 } };
  if (targets.includes('window')) return { window: { targetName: '_blank' } };
  return {};
}

export function resourceLinkItem(state: Pick<PickerState, 'acceptLineItem' | 'presentationTargets'>, picked: PickedVideo, context: ItemContext): Record<string, unknown> {
  const { video } = picked;
  const text = plainText(video.description);
  return {
    type: 'ltiResourceLink',
    title: video.title,
    ...(text ? { text } : {}),
    url: `${context.publicUrl}/lti/launch`,
    custom: { video: String(video.id), video_sig: context.signVideo(video.id), completion: String(picked.completion) },
    ...(picked.thumbnail ? { thumbnail: picked.thumbnail } : {}),
    ...(picked.grade && state.acceptLineItem ? { lineItem: { scoreMaximum: 100, label: video.title, resourceId: String(video.id) } } : {}),
    ...presentation(state.presentationTargets),
  };
}

export function htmlItem(picked: PickedVideo): Record<string, unknown> {
  if (!picked.embedUrl) throw new Error(`video ${picked.video.id} has no embed URL for an html item`);
  const frame = html`<iframe src="${picked.embedUrl}" width="960" height="540" style="max-width:100%;border:0" allow="autoplay; fullscreen; picture-in-picture" allowfullscreen title="${picked.video.title}"></iframe>`;
  return { type: 'html', title: picked.video.title, html: frame.value };
}

export function contentItems(state: PickerState, picked: readonly PickedVideo[], context: ItemContext): Record<string, unknown>[] {
  const kind = itemKindFor(state.acceptTypes);
  if (kind === null) throw new Error('no accepted content item type');
  return picked.map((one) => (kind === 'ltiResourceLink' ? resourceLinkItem(state, one, context) : htmlItem(one)));
}

/** The LtiDeepLinkingResponse claims (iat and exp are added by the signer). */
export function deepLinkingResponseClaims(state: PickerState, items: readonly Record<string, unknown>[], nonce: string, msg?: string): Record<string, unknown> {
  return {
    iss: state.clientId,
    aud: state.issuer,
    nonce,
    [`${CLAIM}/deployment_id`]: state.deploymentId,
    [`${CLAIM}/message_type`]: 'LtiDeepLinkingResponse',
    [`${CLAIM}/version`]: '1.3.0',
    [`${DL_CLAIM}/content_items`]: items,
    ...(state.data !== null ? { [`${DL_CLAIM}/data`]: state.data } : {}),
    ...(msg ? { [`${DL_CLAIM}/msg`]: msg } : {}),
  };
}
