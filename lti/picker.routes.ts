import { randomBytes } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import { AppError } from '../server/src/domain/errors.js';
import type { User } from '../server/src/domain/users/user.js';
import { createTusEndpoint, type UploadRoutesDeps } from '../server/src/http/api/uploads.routes.js';
import { scriptJson } from '../server/src/http/presenters/player-config.presenter.js';
import type { PlayerConfigBuilder } from '../server/src/http/presenters/player-config-builder.js';
import { renderWatchPage } from '../server/src/http/views/watch.view.js';
import type { Services } from '../server/src/services.js';
import { contentItems, deepLinkingResponseClaims } from './deep-linking-items.js';
import { overrideCsp } from '../server/src/http/middlewares/security-headers.js';
import { isSelectionRefusal, showPicker, useStateLocale } from './deep-linking.js';
import type { LtiProvider } from './lti-provider.js';
import { refuse } from './lti-refusal.js';
import { choicesOf, resolveSelection, type PickerForm } from './picker-selection.js';
import { PICKER_TOKEN_HEADER, type PickerState, type PickerTokens } from './picker-token.js';
import { PICKER_PATH, renderReturnForm } from './picker.view.js';

export interface PickerRoutesDeps {
  readonly services: Services;
  readonly publicUrl: string;
  readonly tokens: PickerTokens;
  readonly provider: Pick<LtiProvider, 'signAsTool'>;
  readonly playerConfig: PlayerConfigBuilder;
  /** The upload endpoint's dependencies; without them the picker's upload answers 404. */
  readonly uploads?: UploadRoutesDeps;
}

/** The LtiDeepLinkingResponse lives 5 minutes: the browser posts it at once. */
const RESPONSE_TTL_SECONDS = 300;

type Admitted = { readonly user: User; readonly state: PickerState; readonly token: string };

/**
 * The picker's requests under /lti/picker (mounted before ltijs by lti-router.ts): each one is
 * authorised by its picker token (form field or header), never by a cookie.
 */
export function pickerRoutes(deps: PickerRoutesDeps): Router {
  const { services, tokens } = deps;
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 2000 });

  /** The token's user, or null when refused (answered with `onRefused`). */
  async function admit(req: Request, token: unknown, onRefused: (reason: string) => void): Promise<Admitted | null> {
    const checked = tokens.verify(token);
    if (!checked.ok) return (onRefused(checked.reason), null);
    const { state } = checked;
    useStateLocale(req, state);
    const user = await services.userService.getById(state.userId).catch((error: unknown) => {
      if (error instanceof AppError && error.kind === 'not_found') return null; // removed since: the token is void
      throw error;
    });
    const platform = await services.ltiPlatformRepository.findById(state.platformId);
    if (!user || !user.isActive) return (onRefused('lti_picker_invalid'), null);
    if (!platform || platform.status !== 'active') return (onRefused('lti_platform_inactive'), null);
    return { user, state, token: token as string };
  }
  const page = (req: Request, res: Response) => (reason: string) => refuse(reason, req, res);

  router.post('/picker', form, async (req, res) => {
    const body = (req.body ?? {}) as PickerForm;
    const admitted = await admit(req, body.picker_token, page(req, res));
    if (!admitted) return;
    if (body.action === 'submit') return submit(req, res, admitted, body);
    await showPicker(services, req, res, { ...admitted, form: body });
  });

  async function submit(req: Request, res: Response, admitted: Admitted, body: PickerForm): Promise<void> {
    const { user, state } = admitted;
    let picked;
    try {
      picked = await resolveSelection(services, deps.publicUrl, user, state, choicesOf(body));
    } catch (error) {
      if (!isSelectionRefusal(error)) throw error;
      req.log.warn({ code: error.code, userId: user.id, platformId: state.platformId }, 'LTI picker selection refused');
      return showPicker(services, req, res, { ...admitted, form: body, error });
    }
    const items = contentItems(state, picked, { publicUrl: deps.publicUrl, signVideo: (id) => services.ltiLinkSigner.sign(id) });
    const claims = deepLinkingResponseClaims(state, items, randomBytes(16).toString('base64url'));
    const jwt = await deps.provider.signAsTool(state.issuer, state.clientId, claims, RESPONSE_TTL_SECONDS);
    req.log.info({ userId: user.id, platformId: state.platformId, videoIds: picked.map((one) => one.video.id), type: items[0]?.type }, 'LTI deep-linking response sent');
    res.setHeader('Cache-Control', 'private, no-store');
    // The one page that posts elsewhere: the platform's return URL.
    overrideCsp(res, 'form-action', `'self' ${new URL(state.returnUrl).origin}`);
    res.status(200).type('html').send(renderReturnForm(req, state.returnUrl, jwt));
  }

  router.post('/picker/preview', form, async (req, res) => {
    const body = (req.body ?? {}) as PickerForm;
    const admitted = await admit(req, body.picker_token, page(req, res));
    if (!admitted) return;
    const videoId = Number(body.preview);
    if (!Number.isInteger(videoId) || videoId < 1) return refuse('lti_picker_video_forbidden', req, res);
    let video;
    try {
      video = await services.videoService.getManageable(admitted.user, videoId);
    } catch (error) {
      if (error instanceof AppError && (error.kind === 'not_found' || error.kind === 'forbidden')) return refuse('lti_picker_video_forbidden', req, res, { videoId });
      throw error;
    }
    const access = await services.playbackService.check(video, { user: admitted.user });
    const pageUrl = `${deps.publicUrl}/video/${video.slug}/`;
    const configJson = video.media && access.decision.allowed ? scriptJson(await deps.playerConfig(access, admitted.user, req.locale, pageUrl)) : null;
    res.setHeader('Cache-Control', 'private, no-store');
    res.status(200).type('html').send(renderWatchPage(req, '', { video, configJson, pageUrl, embedUrl: `${pageUrl}?is_iframe=true`, oembedUrl: null, canManage: true, downloads: [] }, true));
  });

  if (deps.uploads) mountPickerUploads(router, deps.uploads, admit);
  return router;
}

/** tus under /lti/picker/uploads: the same hooks as /api/v1/uploads, the user taken from the picker token header. */
function mountPickerUploads(router: Router, uploads: UploadRoutesDeps, admit: (req: Request, token: unknown, onRefused: (reason: string) => void) => Promise<Admitted | null>): void {
  const tus = createTusEndpoint({ ...uploads, tusPath: `${PICKER_PATH}/uploads` });
  const problem = (req: Request, res: Response) => (reason: string) => {
    const status = reason === 'lti_platform_inactive' ? 403 : 401;
    req.log.warn({ reason, path: req.path }, 'LTI picker upload refused');
    res.status(status).type('application/problem+json').json({ type: 'about:blank', title: 'picker upload refused', status, code: reason, detail: req.t(reason === 'lti_picker_expired' ? 'lti.refused.picker_expired' : 'lti.refused.picker_invalid'), requestId: req.id });
  };
  router.all(['/picker/uploads', '/picker/uploads/:uploadId'], async (req, res) => {
    const admitted = await admit(req, req.get(PICKER_TOKEN_HEADER), problem(req, res));
    if (!admitted) return;
    req.user = admitted.user;
    req.url = req.originalUrl;
    await tus.handle(req, res);
  });
}
