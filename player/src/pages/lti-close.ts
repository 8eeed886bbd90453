/** The message that asks an LMS to close the dialog a tool was opened in (LTI Dynamic Registration). */
const CLOSE = { subject: 'org.imsglobal.lti.close' };

function closeDialog(): void {
  // The LMS opened the registration in an iframe (Moodle, Canvas) or, for some, a window.
  const host = window.opener ?? (window.parent !== window ? window.parent : null);
  host?.postMessage(CLOSE, '*');
}

/**
 * Buttons `data-lti-close`: post the close message on click; `data-lti-close="auto"` also posts
 * it once the page is shown (a registration that succeeded).
 */
export function enhanceLtiClose(root: Document): void {
  const buttons = [...root.querySelectorAll<HTMLButtonElement>('button[data-lti-close]')];
  for (const button of buttons) button.addEventListener('click', closeDialog);
  if (buttons.some((button) => button.dataset.ltiClose === 'auto')) closeDialog();
}
