/** Writing BBB's XML answers: `<response>` envelopes, escaped elements, Java's Date.toString. */

export interface ApiAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** `<name>value</name>` with the value escaped; `<name/>` when empty. */
export function el(name: string, value: string | number | boolean): string {
  const text = String(value);
  return text === '' ? `<${name}/>` : `<${name}>${escapeXml(text)}</${name}>`;
}

/** `<name>…</name>` around already-written XML; `<name/>` when empty. */
export function wrap(name: string, inner: string, attributes = ''): string {
  return inner === '' ? `<${name}${attributes}/>` : `<${name}${attributes}>${inner}</${name}>`;
}

/** Metadata as BBB writes it: one element per key (keys are element names). */
export function metadataXml(metadata: Readonly<Record<string, string>>): string {
  return wrap('metadata', Object.entries(metadata).map(([key, value]) => el(key, value)).join(''));
}

export function xmlAnswer(body: string, status = 200): ApiAnswer {
  return { status, headers: { 'content-type': 'text/xml;charset=utf-8', 'cache-control': 'no-cache' }, body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}` };
}

export function success(inner: string): ApiAnswer {
  return xmlAnswer(`<response><returncode>SUCCESS</returncode>${inner}</response>`);
}

/** BBB answers errors with HTTP 200 and a FAILED envelope. */
export function failed(messageKey: string, message: string): ApiAnswer {
  return xmlAnswer(`<response><returncode>FAILED</returncode>${el('messageKey', messageKey)}${el('message', message)}</response>`);
}

export function notice(messageKey: string, message: string): string {
  return `${el('messageKey', messageKey)}${el('message', message)}`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Java's Date.toString in UTC, as BBB writes createDate: `Mon Jul 09 17:03:29 UTC 2018`. */
export function javaDate(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ${time} UTC ${d.getUTCFullYear()}`;
}

export function text(status: number, body: string, contentType = 'text/plain; charset=utf-8'): ApiAnswer {
  return { status, headers: { 'content-type': contentType }, body };
}

/** What Grails/nginx answer for a path they do not know. */
export function notFoundPage(): ApiAnswer {
  return text(404, '<html><head><title>404 Not Found</title></head><body><h1>404 Not Found</h1></body></html>', 'text/html; charset=utf-8');
}
