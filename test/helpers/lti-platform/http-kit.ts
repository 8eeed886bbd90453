import type http from 'node:http';

/** What a handler answers; the server writes it, tests can also read it directly. */
export interface PlatformResponse {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/** One request as the handlers see it: parsed URL, raw body, lower-cased headers. */
export interface PlatformRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function json(status: number, value: unknown, contentType = 'application/json; charset=utf-8', extra: Record<string, string> = {}): PlatformResponse {
  return { status, headers: { 'content-type': contentType, ...extra }, body: JSON.stringify(value) };
}

export function text(status: number, body: string, contentType = 'text/plain; charset=utf-8'): PlatformResponse {
  return { status, headers: { 'content-type': contentType }, body };
}

export function empty(status: number, headers: Record<string, string> = {}): PlatformResponse {
  return { status, headers, body: '' };
}

/** PHP's htmlspecialchars (ENT_QUOTES | ENT_HTML401, PHP 8.1+ default). */
export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#039;');
}

function unescapeHtml(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&#0?39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The media type of a header value, without parameters (Moodle's response::set_content_type). */
export function mediaTypeOf(value: string | undefined): string {
  return (value ?? '').split(';', 1)[0]!.trim().toLowerCase();
}

/** The parameters of a query string or form body, in order; repeated names keep the first. */
export function formFields(source: URLSearchParams | string): Record<string, string> {
  const params = typeof source === 'string' ? new URLSearchParams(source) : source;
  const fields: Record<string, string> = {};
  for (const [name, value] of params) if (!(name in fields)) fields[name] = value;
  return fields;
}

/** Reads `Authorization: Bearer <token>`; undefined when absent or another scheme. */
export function bearerToken(headers: http.IncomingHttpHeaders): string | undefined {
  const value = headers.authorization;
  if (typeof value !== 'string' || !value.startsWith('Bearer ')) return undefined;
  return value.slice('Bearer '.length).trim() || undefined;
}

export interface AutoSubmitForm {
  readonly action: string;
  readonly method: string;
  readonly fields: Record<string, string>;
}

/**
 * Reads the first <form> of an auto-submitting page (Moodle's auth.php answer, a tool's deep
 * linking return page): action, method and hidden inputs, HTML entities decoded.
 */
export function parseAutoSubmitForm(html: string): AutoSubmitForm {
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) throw new Error('no <form> in the page');
  const attribute = (tag: string, name: string): string | undefined => {
    const match = new RegExp(`\\b${name}\\s*=\\s*("([^"]*)"|'([^']*)')`, 'i').exec(tag);
    return match ? unescapeHtml(match[2] ?? match[3] ?? '') : undefined;
  };
  const fields: Record<string, string> = {};
  for (const input of form[2]!.matchAll(/<input\b[^>]*>/gi)) {
    const name = attribute(input[0], 'name');
    if (name !== undefined) fields[name] = attribute(input[0], 'value') ?? '';
  }
  return { action: attribute(form[1]!, 'action') ?? '', method: (attribute(form[1]!, 'method') ?? 'get').toUpperCase(), fields };
}
