import type { Request, Response } from 'express';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../server/src/domain/errors.js';
import type { User } from '../server/src/domain/users/user.js';
import type { VideoPage } from '../server/src/domain/videos/video-service.js';
import { isLocale, translator } from '../server/src/http/i18n/i18n.js';
import { statusOf } from '../server/src/http/middlewares/error-handler.js';
import { overrideCsp } from '../server/src/http/middlewares/security-headers.js';
import type { Services } from '../server/src/services.js';
import { itemKindFor, readDeepLinkingSettings } from './deep-linking-items.js';
import { launchClaimsOf } from './launch-claims.js';
import { admittedPlatformOf, rawClaimsOf, useLaunchLocale } from './launch.js';
import type { LtijsToken } from './lti-provider.js';
import { PICKER_FILTERS, PICKER_PAGE_SIZE, choicesOf, queryOf, thumbnailOf, type PickerForm } from './picker-selection.js';
import type { PickerState, PickerTokens } from './picker-token.js';
import { renderPicker } from './picker.view.js';

export interface DeepLinkingDeps {
  readonly services: Services;
  readonly tokens: PickerTokens;
}

/** Pages after the launch speak the launch's language. */
export function useStateLocale(req: Request, state: PickerState): void {
  if (isLocale(state.locale)) {
    req.locale = state.locale;
    req.t = translator(state.locale);
  }
}

/** Only the course's teachers (and Lectern's staff and administrators) pick content. */
export function mayPick(user: User, teaches: boolean): boolean {
  return teaches || user.role === 'staff' || user.role === 'admin';
}

async function listing(services: Services, user: User, form: PickerForm): Promise<VideoPage> {
  const query = queryOf(form);
  const params = { search: query.search || null, pageSize: PICKER_PAGE_SIZE, statuses: PICKER_FILTERS[query.filter] };
  try {
    return await services.videoService.list(user, { ...params, page: query.page });
  } catch (error) {
    // A page past the end (videos removed meanwhile): the first page instead.
    if (error instanceof NotFoundError && error.code === 'page_out_of_range') return services.videoService.list(user, { ...params, page: 1 });
    throw error;
  }
}

/** Renders the picker (200, or a refused submission's status and code with its explanation). */
export async function showPicker(services: Services, req: Request, res: Response, input: { user: User; token: string; state: PickerState; form: PickerForm; error?: AppError }): Promise<void> {
  const { user, state, form, error } = input;
  const page = await listing(services, user, form);
  const thumbnails = new Map<number, string>();
  for (const video of page.items) {
    const thumbnail = thumbnailOf(services, video);
    if (thumbnail) thumbnails.set(video.id, thumbnail.path);
  }
  res.setHeader('Cache-Control', 'private, no-store');
  // The preview frame shows Lectern's own player page.
  overrideCsp(res, 'frame-src', "'self' https:");
  if (error) res.setHeader('X-Lectern-Error-Code', error.code);
  res
    .status(error ? statusOf(error) : 200)
    .type('html')
    .send(
      renderPicker(req, {
        token: input.token,
        acceptMultiple: state.acceptMultiple,
        acceptLineItem: state.acceptLineItem,
        query: queryOf(form),
        page,
        choices: choicesOf(form),
        thumbnails,
        ...(error ? { error: error.code } : {}),
      }),
    );
}

/**
 * An LtiDeepLinkingRequest (Moodle's "Select content"): the user and course recorded, then the
 * picker, whose state (who, for which platform, where to answer, what it accepts) travels in a
 * signed picker token carried by the page, never a cookie.
 */
export function deepLinkingLaunch(deps: DeepLinkingDeps) {
  return async (token: LtijsToken, req: Request, res: Response): Promise<void> => {
    useLaunchLocale(req, token);
    const context = await deps.services.ltiLaunchService.begin(launchClaimsOf(token, rawClaimsOf(res)), admittedPlatformOf(res));
    if (!mayPick(context.user, context.teaches)) throw new ForbiddenError('lti_deep_linking_not_teacher', 'Only teachers of the course can pick Lectern content.');
    const settings = readDeepLinkingSettings(token.platformContext.deepLinkingSettings);
    if (!settings) throw new ValidationError('lti_deep_linking_no_return_url', 'The deep-linking request has no usable deep_link_return_url.');
    if (!itemKindFor(settings.acceptTypes)) throw new ValidationError('lti_deep_linking_unsupported_types', `The platform accepts none of Lectern's content item types (${settings.acceptTypes.join(', ')}).`);
    const state: Omit<PickerState, 'expiresAt'> = {
      userId: context.user.id,
      platformId: context.platform.id,
      issuer: token.iss,
      clientId: token.clientId,
      deploymentId: token.deploymentId,
      returnUrl: settings.returnUrl,
      data: settings.data,
      acceptTypes: settings.acceptTypes,
      presentationTargets: settings.presentationTargets,
      acceptMultiple: settings.acceptMultiple,
      acceptLineItem: settings.acceptLineItem,
      locale: req.locale,
    };
    req.log.info({ platformId: context.platform.id, userId: context.user.id, acceptTypes: settings.acceptTypes }, 'LTI deep-linking picker opened');
    await showPicker(deps.services, req, res, { user: context.user, token: deps.tokens.issue(state), state: { ...state, expiresAt: 0 }, form: {} });
  };
}

/** Whether a refusal of a submission is one the teacher can fix in the picker (shown there) rather than a dead end. */
export function isSelectionRefusal(error: unknown): error is AppError {
  return error instanceof AppError && ['lti_picker_nothing_selected', 'lti_picker_single_only', 'lti_picker_video_forbidden', 'lti_deep_linking_unsupported_types'].includes(error.code);
}
