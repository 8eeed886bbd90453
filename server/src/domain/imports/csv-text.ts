/**
 * The bytes of an uploaded CSV file as text: UTF-8, with or without a byte order mark. Files
 * saved in another encoding (Excel's "CSV" in Windows-1252, latin-1) are refused with the line
 * of the first byte that is not UTF-8, rather than read with garbled accents.
 */
export type DecodedCsv = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly line: number };

/** Lead byte → how many continuation bytes follow and the smallest code point they may encode. */
function sequenceOf(lead: number): { extra: number; min: number } | null {
  if (lead >= 0xc2 && lead <= 0xdf) return { extra: 1, min: 0x80 };
  if (lead >= 0xe0 && lead <= 0xef) return { extra: 2, min: 0x800 };
  if (lead >= 0xf0 && lead <= 0xf4) return { extra: 3, min: 0x10000 };
  return null;
}

/** The offset of the first byte that breaks UTF-8 (overlong forms and surrogates included), or -1. */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index]!;
    if (lead < 0x80) {
      index += 1;
      continue;
    }
    const sequence = sequenceOf(lead);
    if (!sequence || index + sequence.extra >= bytes.length) return index;
    let codePoint = lead & (0x3f >> sequence.extra);
    for (let k = 1; k <= sequence.extra; k += 1) {
      const next = bytes[index + k]!;
      if ((next & 0xc0) !== 0x80) return index;
      codePoint = (codePoint << 6) | (next & 0x3f);
    }
    if (codePoint < sequence.min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return index;
    index += sequence.extra + 1;
  }
  return -1;
}

/** 1-based line of a byte offset (line feeds before it, plus one). */
export function lineOfOffset(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset && index < bytes.length; index += 1) if (bytes[index] === 0x0a) line += 1;
  return line;
}

export function decodeCsvBytes(bytes: Uint8Array): DecodedCsv {
  const bad = firstInvalidUtf8Byte(bytes);
  if (bad !== -1) return { ok: false, line: lineOfOffset(bytes, bad) };
  // Valid UTF-8 now; TextDecoder drops a leading byte order mark.
  return { ok: true, text: new TextDecoder('utf-8').decode(bytes) };
}
