/**
 * The documents a CAS 3.0 server writes (CAS-Protocol-Specification 3.0.3): serviceResponse in
 * XML (Appendix A) and JSON (§2.5.2, §2.5.7), the SAML 2.0 LogoutRequest of single logout
 * (Appendix C), and the login and logout pages.
 */
import { randomBytes } from 'node:crypto';

export const CAS_NAMESPACE = 'http://www.yale.edu/tp/cas';

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Attribute values as released: every value a list (repeated elements in XML). */
export type ReleasedAttributes = Readonly<Record<string, readonly string[]>>;

export interface SuccessAnswer {
  readonly user: string;
  /** null: the CAS 2.0 /serviceValidate, which has no attributes. */
  readonly attributes: ReleasedAttributes | null;
}

export function successXml(answer: SuccessAnswer): string {
  const attributes = answer.attributes
    ? `\n    <cas:attributes>\n${Object.entries(answer.attributes)
        .flatMap(([name, values]) => values.map((value) => `      <cas:${name}>${escapeXml(value)}</cas:${name}>`))
        .join('\n')}\n    </cas:attributes>`
    : '';
  return `<cas:serviceResponse xmlns:cas="${CAS_NAMESPACE}">\n  <cas:authenticationSuccess>\n    <cas:user>${escapeXml(answer.user)}</cas:user>${attributes}\n  </cas:authenticationSuccess>\n</cas:serviceResponse>\n`;
}

export function failureXml(code: string, description: string): string {
  return `<cas:serviceResponse xmlns:cas="${CAS_NAMESPACE}">\n  <cas:authenticationFailure code="${code}">\n    ${escapeXml(description)}\n  </cas:authenticationFailure>\n</cas:serviceResponse>\n`;
}

/** JSON as in the spec's examples: one value as a string, several as an array. */
export function successJson(answer: SuccessAnswer): string {
  const attributes = answer.attributes ? Object.fromEntries(Object.entries(answer.attributes).map(([name, values]) => [name, values.length === 1 ? values[0] : values])) : undefined;
  return JSON.stringify({ serviceResponse: { authenticationSuccess: { user: answer.user, ...(attributes ? { attributes } : {}) } } });
}

export function failureJson(code: string, description: string): string {
  return JSON.stringify({ serviceResponse: { authenticationFailure: { code, description } } });
}

/** Appendix C, with a random ID and the current time. */
export function logoutRequestXml(ticket: string): string {
  const id = `LR-${randomBytes(12).toString('hex')}`;
  return `<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="${id}" Version="2.0" IssueInstant="${new Date().toISOString()}">
  <saml:NameID xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">
    @NOT_USED@
  </saml:NameID>
  <samlp:SessionIndex>${escapeXml(ticket)}</samlp:SessionIndex>
</samlp:LogoutRequest>`;
}

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeXml(title)}</title></head><body><h1>${escapeXml(title)}</h1>${body}</body></html>`;

/** §2.1.3: a form with username, password and lt, posted to /login, carrying the service. */
export function loginPage(service: string | null, loginTicket: string, refused: boolean): string {
  return page(
    'CAS double: log in',
    `${refused ? '<p role="alert">Wrong username or password.</p>' : ''}<form method="post" action="login">
  <label for="username">Username</label> <input id="username" name="username">
  <label for="password">Password</label> <input id="password" name="password" type="password">
  <input type="hidden" name="lt" value="${loginTicket}">
  ${service !== null ? `<input type="hidden" name="service" value="${escapeXml(service)}">` : ''}
  <button type="submit">Log in</button>
</form>`,
  );
}

export function messagePage(title: string, text: string): string {
  return page(title, `<p>${escapeXml(text)}</p>`);
}
