/** English texts of the SAML service provider: its error codes, and the page that posts a sign-in request to an IdP. */
export const samlSpEn = {
  'samlSp.post.title': 'Signing in',
  'samlSp.post.sending': 'Taking you to the sign-in page of your institution…',
  'samlSp.post.continue': 'Continue',
  'error.saml_idp_unknown': 'This institution is not one Lectern can sign you in with (it is unknown here, or turned off).',
  'error.saml_response_refused': 'The answer of your institution’s sign-in service was refused, so you are not signed in. Try again from the login page; if it happens again, give this page’s reference to an administrator.',
} as const;
