/**
 * Downloads a SAML metadata document: https, or http on this machine only (tests, a local IdP),
 * at most `maxBytes` (SAML_METADATA_MAX_BYTES: Renater's IdP aggregate is several MB), within
 * `timeoutMs` for the whole exchange (SAML_METADATA_TIMEOUT_SECONDS). Redirects are followed by
 * hand, a few, each hop checked like the first. Failures are SamlMetadataErrors whose message
 * says what happened (never the URL's query).
 */
import { SamlMetadataError } from '../../domain/sso/saml-metadata.js';
import { isLoopbackHost } from '../../domain/server-url.js';

export interface MetadataFetchOptions {
  readonly maxBytes: number;
  readonly timeoutMs: number;
}

const MAX_REDIRECTS = 5;

const unreachable = (message: string) => new SamlMetadataError('saml_metadata_unreachable', message);

/** For messages and logs: the origin and path, never the query. */
const shown = (url: URL) => `${url.origin}${url.pathname}`;

function allowedUrl(text: string, base?: URL): URL {
  const url = URL.parse(text, base);
  if (!url || !(url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname)))) {
    throw unreachable(`${url ? shown(url) : 'The address'} cannot be fetched: https is required (http only on this machine).`);
  }
  return url;
}

const tooLarge = (url: URL, maxBytes: number) =>
  new SamlMetadataError('saml_metadata_too_large', `${shown(url)} is larger than ${maxBytes} bytes (SAML_METADATA_MAX_BYTES).`);

/** The body, refused beyond `maxBytes` (announced or counted), as UTF-8 text without a byte order mark. */
async function boundedText(response: Response, url: URL, maxBytes: number): Promise<string> {
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
    await response.body?.cancel();
    throw tooLarge(url, maxBytes);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  for (let read = await reader?.read(); read && !read.done; read = await reader!.read()) {
    size += read.value.byteLength;
    if (size > maxBytes) {
      await reader!.cancel();
      throw tooLarge(url, maxBytes);
    }
    chunks.push(read.value);
  }
  return Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '');
}

function describe(error: unknown, url: URL, timeoutMs: number): SamlMetadataError {
  if (error instanceof SamlMetadataError) return error;
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return unreachable(`${shown(url)} did not answer within ${timeoutMs / 1000} s.`);
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return unreachable(`${shown(url)} could not be reached (${error instanceof Error ? error.message : String(error)}${cause}).`);
}

/** The document at `address`, or a SamlMetadataError (unreachable, too large). */
export async function fetchMetadata(address: string, options: MetadataFetchOptions): Promise<string> {
  let url = allowedUrl(address);
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
      const response = await fetch(url, { redirect: 'manual', signal, headers: { accept: 'application/samlmetadata+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1' } });
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        url = allowedUrl(location, url);
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw unreachable(`${shown(url)} answered HTTP ${response.status}.`);
      }
      return await boundedText(response, url, options.maxBytes);
    }
  } catch (error) {
    throw describe(error, url, options.timeoutMs);
  }
  throw unreachable(`${shown(url)}: more than ${MAX_REDIRECTS} redirects.`);
}
