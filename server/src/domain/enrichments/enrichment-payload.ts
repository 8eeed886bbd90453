import { PayloadTooLargeError, UnsupportedMediaError, ValidationError } from '../errors.js';
import { sanitizeHtmlAs } from '../html/html-sanitizer.js';
import { safeFilename } from '../uploads/upload-filename.js';
import { DOCUMENT_MAX_BYTES, IMAGE_MAX_BYTES, WEBLINK_MAX_LENGTH, type Enrichment, type EnrichmentType, type IncomingFile } from './enrichment.js';
import { detectDocument, detectImage, type FileKind } from './file-kinds.js';
import { mebibytes } from './item-rules.js';

/** What an enrichment carries besides its title and times: one payload, by type. */
export interface PayloadInput {
  readonly richtext?: string | null;
  readonly weblink?: string | null;
  readonly embed?: string | null;
  readonly file?: IncomingFile | null;
}

export interface ResolvedPayload {
  readonly richtext: string | null;
  readonly weblink: string | null;
  readonly embed: string | null;
  /** A file to store (checked), the current one to keep, or none (types without a file). */
  readonly file: { readonly incoming: IncomingFile; readonly kind: FileKind; readonly name: string } | 'keep' | null;
}

function invalid(code: string, path: string, message: string): ValidationError {
  return new ValidationError(code, message, { fields: [{ path, message }] });
}

/** An absolute http(s) URL, normalised; anything else (javascript:, data:, relative) is refused. */
export function checkedWeblink(text: string): string {
  let url: URL | null;
  try {
    url = new URL(text.trim());
  } catch {
    // Not a URL at all: the same refusal as any other scheme, below.
    url = null;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname || url.href.length > WEBLINK_MAX_LENGTH) {
    throw invalid('enrichment_invalid_weblink', 'weblink', 'Give a web address starting with https:// or http://.');
  }
  return url.href;
}

function hasContent(html: string): boolean {
  return /<img\b/.test(html) || html.replace(/<[^>]*>/g, '').replace(/&nbsp;|\s/g, '') !== '';
}

function checkedFile(type: 'image' | 'document', file: IncomingFile): ResolvedPayload['file'] {
  const limit = type === 'image' ? IMAGE_MAX_BYTES : DOCUMENT_MAX_BYTES;
  if (file.size > limit) {
    throw new PayloadTooLargeError('file_too_large', `The file is larger than the ${mebibytes(limit)} limit.`, { params: { max: mebibytes(limit) }, fields: [{ path: 'file', message: `at most ${mebibytes(limit)}` }] });
  }
  const kind = type === 'image' ? detectImage(file.head) : detectDocument(file.head, file.filename, file.size);
  if (!kind) {
    const message = type === 'image' ? 'This file is not a JPEG, PNG, GIF or WebP image.' : 'This file is not a document we accept (PDF, OpenDocument, Office, ZIP or UTF-8 text).';
    throw new UnsupportedMediaError('enrichment_file_type', message, { params: { type }, fields: [{ path: 'file', message }] });
  }
  return { incoming: file, kind, name: safeFilename(file.filename) };
}

/**
 * The payload of an enrichment of `type`: from the request, or kept from `current` when the
 * type does not change and the request does not replace it. HTML is sanitized here.
 */
export function resolvePayload(type: EnrichmentType, input: PayloadInput, current: Enrichment | null): ResolvedPayload {
  const same = current?.type === type ? current : null;
  const none = { richtext: null, weblink: null, embed: null, file: null };
  switch (type) {
    case 'richtext': {
      const html = sanitizeHtmlAs('richtext', input.richtext ?? same?.richtext ?? '');
      if (!hasContent(html)) throw invalid('enrichment_richtext_empty', 'richtext', 'Write the text to show.');
      return { ...none, richtext: html };
    }
    case 'weblink': {
      const link = input.weblink ?? same?.weblink;
      if (!link) throw invalid('enrichment_invalid_weblink', 'weblink', 'Give a web address starting with https:// or http://.');
      return { ...none, weblink: checkedWeblink(link) };
    }
    case 'embed': {
      const html = sanitizeHtmlAs('embed', input.embed ?? same?.embed ?? '');
      if (!html) throw invalid('enrichment_invalid_embed', 'embed', 'Paste the <iframe> code the site gives for embedding; its address must start with https://.');
      return { ...none, embed: html };
    }
    case 'image':
    case 'document': {
      if (input.file) return { ...none, file: checkedFile(type, input.file) };
      if (same?.file) return { ...none, file: 'keep' };
      throw invalid('enrichment_file_required', 'file', type === 'image' ? 'Choose the image to show.' : 'Choose the document to offer.');
    }
  }
}
