import { Router, type Request, type Response } from 'express';
import { ConflictError, ValidationError } from '../server/src/domain/errors.js';
import type { LtiPlatform } from '../server/src/domain/lms/lti-platform.js';
import type { LtiPlatformService } from '../server/src/domain/lms/lti-platform-service.js';
import { askPlatform, jsonOf } from './registration-http.js';
import { renderRegistrationDone, renderRegistrationFailure } from './registration-page.js';
import {
  checkConfiguration,
  platformConfigurationSchema,
  PLATFORM_CONFIGURATION,
  readableUrl,
  registeredSettings,
  registrationAnswerSchema,
  RegistrationFailure,
  toolRegistration,
  type PlatformConfiguration,
} from './registration-request.js';

export interface RegistrationDeps {
  readonly platforms: Pick<LtiPlatformService, 'registerDynamic'>;
  /** Lectern's public URL (no trailing slash). */
  readonly publicUrl: string;
  /** config.lti.autoApprove: registered platforms are active at once instead of pending. */
  readonly autoApprove: boolean;
  /** The site registered platforms belong to (the main site, 1). */
  readonly siteId: number;
}

const MAX_TOKEN_LENGTH = 8192;

async function readConfiguration(configurationUrl: string, allowHttpLoopback: boolean): Promise<PlatformConfiguration> {
  const answer = await askPlatform(configurationUrl, { headers: { accept: 'application/json' } }, 'lti_registration_configuration_unreachable');
  if (answer.status !== 200) {
    throw new RegistrationFailure('lti_registration_configuration_unreachable', 502, `The platform answered ${answer.status} for its OpenID configuration.`, { status: answer.status });
  }
  const parsed = platformConfigurationSchema.safeParse(jsonOf(answer.text, 'lti_registration_configuration_invalid'));
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.'));
    throw new RegistrationFailure('lti_registration_configuration_invalid', 502, 'The platform’s OpenID configuration lacks what LTI requires.', { fields });
  }
  checkConfiguration(parsed.data, configurationUrl, allowHttpLoopback);
  return parsed.data;
}

async function postRegistration(config: PlatformConfiguration, body: Record<string, unknown>, token: string | null) {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const answer = await askPlatform(config.registration_endpoint, { method: 'POST', headers, body: JSON.stringify(body) }, 'lti_registration_platform_unreachable');
  if (answer.status < 200 || answer.status > 299) {
    // An invalid, used or foreign registration token ends here: the platform's reason goes to the log.
    throw new RegistrationFailure('lti_registration_refused', 502, 'The platform refused the registration.', { status: answer.status, reason: answer.text.slice(0, 300) });
  }
  const parsed = registrationAnswerSchema.safeParse(jsonOf(answer.text, 'lti_registration_answer_invalid'));
  if (!parsed.success) throw new RegistrationFailure('lti_registration_answer_invalid', 502, 'The platform’s answer has no client id.', { fields: parsed.error.issues.map((issue) => issue.path.join('.')) });
  return parsed.data;
}

/** The parameters of GET /lti/register, or a failure. */
function registrationParameters(req: Request, allowHttpLoopback: boolean): { configurationUrl: string; token: string | null } {
  const { openid_configuration: configuration, registration_token: token } = req.query as Record<string, unknown>;
  if (typeof configuration !== 'string' || !configuration) throw new RegistrationFailure('lti_registration_missing_configuration', 400, 'No openid_configuration parameter.');
  if (!readableUrl(configuration, allowHttpLoopback)) throw new RegistrationFailure('lti_registration_insecure_configuration', 400, 'The OpenID configuration URL is not an https URL.', { url: configuration.slice(0, 300) });
  if (token !== undefined && (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH)) throw new RegistrationFailure('lti_registration_bad_token', 400, 'The registration_token parameter is not a token.');
  return { configurationUrl: configuration, token: token || null };
}

/** A refusal of our domain (the platform is already registered, or its settings are not valid) as a registration failure. */
function domainFailure(error: unknown, config: PlatformConfiguration, clientId: string): RegistrationFailure {
  const detail = { issuer: config.issuer, clientId };
  if (error instanceof ConflictError) return new RegistrationFailure('lti_registration_conflict', 409, 'This platform is already registered with Lectern.', detail);
  if (error instanceof ValidationError) return new RegistrationFailure('lti_registration_configuration_invalid', 502, error.message, { ...detail, fields: error.details.fields });
  throw error;
}

/**
 * GET /lti/register (LTI Dynamic Registration): an LMS administrator pasted Lectern's
 * registration URL; the LMS opens it (in a dialog) with its OpenID configuration URL and a
 * registration token. Lectern reads the configuration, registers itself with the platform,
 * records the platform (pending unless auto-approved, on the main site) and answers a page that
 * closes the dialog. Every failure is logged and answered with a page naming a stable code;
 * nothing is recorded then. A platform already known by (issuer, client id) is left as it is:
 * a conflict (an administrator edits it at /admin/lti).
 */
export function registrationRouter(deps: RegistrationDeps): Router {
  const router = Router();
  const allowHttpLoopback = deps.publicUrl.startsWith('http://');

  async function register(req: Request): Promise<LtiPlatform> {
    const { configurationUrl, token } = registrationParameters(req, allowHttpLoopback);
    const config = await readConfiguration(configurationUrl, allowHttpLoopback);
    const answer = await postRegistration(config, toolRegistration(config, deps.publicUrl), token);
    const settings = registeredSettings(config, answer);
    const product = config[PLATFORM_CONFIGURATION].product_family_code || null;
    try {
      return await deps.platforms.registerDynamic(deps.siteId, settings, { product, autoApprove: deps.autoApprove });
    } catch (error) {
      throw domainFailure(error, config, settings.clientId);
    }
  }

  router.get('/register', async (req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    let platform: LtiPlatform;
    try {
      platform = await register(req);
    } catch (error) {
      if (!(error instanceof RegistrationFailure)) throw error;
      req.log.warn({ code: error.code, reason: error.message, ...error.detail }, 'LTI dynamic registration failed');
      res.setHeader('X-Lectern-Error-Code', error.code);
      res.status(error.status).type('html').send(renderRegistrationFailure(req, error.code));
      return;
    }
    req.log.info({ platformId: platform.id, issuer: platform.issuer, status: platform.status }, 'LTI platform registered dynamically');
    res.type('html').send(renderRegistrationDone(req, platform));
  });
  // The LMS only GETs this URL; ltijs's own /register (disabled) never answers.
  router.all('/register', (_req: Request, res: Response) => {
    res.setHeader('Allow', 'GET');
    res.status(405).type('text').send('GET only');
  });
  return router;
}
