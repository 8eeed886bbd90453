/** The administration home page (/admin) and its nav entry. */
export const adminHomeEn = {
  'nav.admin': 'Administration',
  'adminHome.title': 'Administration',
  'adminHome.intro': 'Everything administrators set up for this site.',
  'adminHome.section.media': 'Videos and access',
  'adminHome.section.integrations': 'LMS, Esup-Pod and BigBlueButton',
  'adminHome.section.signIn': 'Sign-in',
  'adminHome.encoding': 'Encoding jobs: what runs, what failed, and retries.',
  'adminHome.groups': 'Access groups that restrict videos and meetings to their members.',
  'adminHome.imports': 'Import and export users and videos in bulk (CSV).',
  'adminHome.moodle': 'Keys for the Moodle repository_pod plugin and Esup-Pod scripts.',
  'adminHome.lti': 'LMS platforms that launch Lectern as an LTI 1.3 tool.',
  'adminHome.bbb': 'BigBlueButton servers and their recordings.',
  'adminHome.ssoName': 'Sign-in settings',
  'adminHome.sso': 'Local login, identity mapping and linked institution accounts.',
  'adminHome.saml': 'SAML identity providers (Renater) and their metadata.',
  'adminHome.cas': 'CAS servers.',
} as const;
