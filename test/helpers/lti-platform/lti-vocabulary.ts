/**
 * The IMS names the double speaks (LTI 1.3 Core, Deep Linking 2.0, AGS 2.0, NRPS 2.0, Dynamic
 * Registration), spelled once so that a typo cannot make the double agree with a buggy tool.
 */
const LTI = 'https://purl.imsglobal.org/spec/lti/claim';

export const claim = {
  messageType: `${LTI}/message_type`,
  version: `${LTI}/version`,
  deploymentId: `${LTI}/deployment_id`,
  targetLinkUri: `${LTI}/target_link_uri`,
  roles: `${LTI}/roles`,
  context: `${LTI}/context`,
  resourceLink: `${LTI}/resource_link`,
  launchPresentation: `${LTI}/launch_presentation`,
  toolPlatform: `${LTI}/tool_platform`,
  custom: `${LTI}/custom`,
  ext: `${LTI}/ext`,
  ags: 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice',
  basicOutcome: 'https://purl.imsglobal.org/spec/lti-bo/claim/basicoutcome',
  deepLinkingSettings: 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings',
  contentItems: 'https://purl.imsglobal.org/spec/lti-dl/claim/content_items',
  dlData: 'https://purl.imsglobal.org/spec/lti-dl/claim/data',
  dlMsg: 'https://purl.imsglobal.org/spec/lti-dl/claim/msg',
  dlLog: 'https://purl.imsglobal.org/spec/lti-dl/claim/log',
  dlErrorMsg: 'https://purl.imsglobal.org/spec/lti-dl/claim/errormsg',
  dlErrorLog: 'https://purl.imsglobal.org/spec/lti-dl/claim/errorlog',
} as const;

export const scope = {
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  lineItemReadOnly: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  resultReadOnly: 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  memberships: 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
  toolSettings: 'https://purl.imsglobal.org/spec/lti-ts/scope/toolsetting',
  basicOutcome: 'https://purl.imsglobal.org/spec/lti-bo/scope/basicoutcome',
} as const;

export const mediaType = {
  lineItemContainer: 'application/vnd.ims.lis.v2.lineitemcontainer+json',
  lineItem: 'application/vnd.ims.lis.v2.lineitem+json',
  score: 'application/vnd.ims.lis.v1.score+json',
  resultContainer: 'application/vnd.ims.lis.v2.resultcontainer+json',
  membershipContainer: 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json',
} as const;

export const toolConfigurationKey = 'https://purl.imsglobal.org/spec/lti-tool-configuration';
export const platformConfigurationKey = 'https://purl.imsglobal.org/spec/lti-platform-configuration';

const MEMBERSHIP = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';

/** Short context roles a test may write, and the URIs Moodle sends for them. */
export const roleUri = {
  Learner: `${MEMBERSHIP}Learner`,
  Instructor: `${MEMBERSHIP}Instructor`,
  Administrator: [
    'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator',
    'http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator',
  ],
} as const;

export type ShortRole = keyof typeof roleUri;

/** Expands short names; full URIs pass through. */
export function expandRoles(roles: readonly string[]): string[] {
  return roles.flatMap((role) => {
    const known = (roleUri as Record<string, string | readonly string[]>)[role];
    if (known === undefined) return [role];
    return typeof known === 'string' ? [known] : [...known];
  });
}

export const activityProgress = ['Initialized', 'Started', 'InProgress', 'Submitted', 'Completed'] as const;
export const gradingProgress = ['FullyGraded', 'Pending', 'PendingManual', 'Failed', 'NotReady'] as const;
