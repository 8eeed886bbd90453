/**
 * What an enrichment file really is, from its first bytes (never from the name or the type
 * the browser claims). Pure.
 */

export interface FileKind {
  /** MIME type we store and serve the file with. */
  readonly mime: string;
  /** Extension of the stored file. */
  readonly extension: string;
}

const startsWith = (head: Uint8Array, bytes: readonly number[], offset = 0) => bytes.every((byte, index) => head[offset + index] === byte);
const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

const IMAGE_SIGNATURES: readonly { kind: FileKind; test: (head: Uint8Array) => boolean }[] = [
  { kind: { mime: 'image/jpeg', extension: 'jpg' }, test: (h) => startsWith(h, [0xff, 0xd8, 0xff]) },
  { kind: { mime: 'image/png', extension: 'png' }, test: (h) => startsWith(h, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { kind: { mime: 'image/gif', extension: 'gif' }, test: (h) => startsWith(h, ascii('GIF87a')) || startsWith(h, ascii('GIF89a')) },
  { kind: { mime: 'image/webp', extension: 'webp' }, test: (h) => startsWith(h, ascii('RIFF')) && startsWith(h, ascii('WEBP'), 8) },
];

/** An image the player can show (JPEG, PNG, GIF, WebP), or null. */
export function detectImage(head: Uint8Array): FileKind | null {
  return IMAGE_SIGNATURES.find((signature) => signature.test(head))?.kind ?? null;
}

/** Documents in a ZIP container, told apart by their extension once the container is confirmed. */
const ZIP_DOCUMENTS: Record<string, string> = {
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
  odg: 'application/vnd.oasis.opendocument.graphics',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  epub: 'application/epub+zip',
  zip: 'application/zip',
};

/** Legacy Microsoft Office files share the OLE2 compound file container. */
const OLE_DOCUMENTS: Record<string, string> = { doc: 'application/msword', xls: 'application/vnd.ms-excel', ppt: 'application/vnd.ms-powerpoint' };

const TEXT_DOCUMENTS: Record<string, string> = { txt: 'text/plain', csv: 'text/csv', md: 'text/markdown' };

export const DOCUMENT_EXTENSIONS: readonly string[] = ['pdf', ...Object.keys(ZIP_DOCUMENTS), ...Object.keys(OLE_DOCUMENTS), ...Object.keys(TEXT_DOCUMENTS)];

function extensionOf(filename: string): string {
  return /\.([A-Za-z0-9]{1,8})$/.exec(filename)?.[1]?.toLowerCase() ?? '';
}

/** UTF-8 (or ASCII) text without NUL bytes; the last character may be cut when the head is not the whole file. */
function isText(head: Uint8Array, whole: boolean): boolean {
  if (head.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(whole ? head : head.subarray(0, cutAtCharacter(head)));
    return true;
  } catch {
    // Invalid UTF-8: not text we accept.
    return false;
  }
}

/** Drops a multi-byte character cut at the end of the head. */
function cutAtCharacter(head: Uint8Array): number {
  let end = head.length;
  for (let back = 1; back <= 3 && end - back >= 0; back += 1) {
    const byte = head[end - back]!;
    if ((byte & 0xc0) !== 0x80) {
      const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
      if (needed > back) end -= back;
      break;
    }
  }
  return end;
}

/**
 * A document (PDF, OpenDocument, Office, ZIP, plain text) whose content matches its extension,
 * or null. `size`: the whole file's, when the head is only its beginning.
 */
export function detectDocument(head: Uint8Array, filename: string, size = head.length): FileKind | null {
  const extension = extensionOf(filename);
  if (startsWith(head, ascii('%PDF-'))) return { mime: 'application/pdf', extension: 'pdf' };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    const mime = ZIP_DOCUMENTS[extension];
    return mime ? { mime, extension } : { mime: ZIP_DOCUMENTS.zip!, extension: 'zip' };
  }
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    const mime = OLE_DOCUMENTS[extension];
    return mime ? { mime, extension } : null;
  }
  const textMime = TEXT_DOCUMENTS[extension];
  if (textMime && head.length > 0 && isText(head, size <= head.length)) return { mime: `${textMime}; charset=utf-8`, extension };
  return null;
}
