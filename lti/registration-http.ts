import { RegistrationFailure } from './registration-request.js';

/** What Lectern reads of a platform's answers (a configuration or a registration answer is a few kB). */
const MAX_BYTES = 64 * 1024;
const TIMEOUT_MS = 10_000;

export interface PlatformAnswer {
  readonly status: number;
  readonly text: string;
}

/** The body as text, refused beyond MAX_BYTES. */
async function boundedText(response: Response): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_BYTES) throw new RegistrationFailure('lti_registration_answer_too_large', 502, 'The platform answered with too much data.', { bytes: declared });
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BYTES) {
      await reader.cancel();
      throw new RegistrationFailure('lti_registration_answer_too_large', 502, 'The platform answered with too much data.', { bytes: size });
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * One request to the platform (no redirects followed, a timeout, a size limit). A network
 * failure or a timeout is a RegistrationFailure with `unreachableCode`.
 */
export async function askPlatform(url: string, init: RequestInit, unreachableCode: string): Promise<PlatformAnswer> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    // fetch rejects with a TypeError (network) or a TimeoutError/AbortError (our signal): all mean unreachable.
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new RegistrationFailure(unreachableCode, 502, 'The platform could not be reached.', { url, reason });
  }
  return { status: response.status, text: await boundedText(response) };
}

/** Parses JSON text, or throws a RegistrationFailure with `code`. */
export function jsonOf(text: string, code: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    if (error instanceof SyntaxError) throw new RegistrationFailure(code, 502, 'The platform did not answer JSON.', { body: text.slice(0, 200) });
    throw error;
  }
}
