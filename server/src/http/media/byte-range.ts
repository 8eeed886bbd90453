/**
 * `Range: bytes=…` (RFC 9110 §14.2), pure. One range is served as 206; several ranges are
 * answered with the whole file (200, which the RFC allows): players and browsers ask for one
 * range at a time, and multipart/byteranges would cost an encoder nobody here needs. A header
 * that is not a valid bytes range is ignored (200), as the RFC allows too.
 */
export type RangeRequest =
  | { readonly kind: 'none' }
  | { readonly kind: 'multiple' }
  | { readonly kind: 'unsatisfiable' }
  /** `end` is inclusive, as in Content-Range. */
  | { readonly kind: 'range'; readonly start: number; readonly end: number };

const NONE: RangeRequest = { kind: 'none' };
const MULTIPLE: RangeRequest = { kind: 'multiple' };
const UNSATISFIABLE: RangeRequest = { kind: 'unsatisfiable' };
const SPEC = /^(\d*)-(\d*)$/;

export function parseRange(header: string | undefined, size: number): RangeRequest {
  if (!header) return NONE;
  const equals = header.indexOf('=');
  if (equals === -1 || header.slice(0, equals).trim().toLowerCase() !== 'bytes') return NONE;
  const specs = header
    .slice(equals + 1)
    .split(',')
    .map((spec) => spec.trim())
    .filter((spec) => spec !== '');
  if (specs.length === 0) return NONE;
  if (specs.length > 1) return specs.every((spec) => SPEC.test(spec)) ? MULTIPLE : NONE;
  return parseSpec(specs[0]!, size);
}

function parseSpec(spec: string, size: number): RangeRequest {
  const match = SPEC.exec(spec);
  if (!match) return NONE;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return NONE;
  if (first === '') {
    // Suffix range: the last n bytes.
    const length = Number(last);
    if (length === 0 || size === 0) return UNSATISFIABLE;
    return { kind: 'range', start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return NONE;
  if (start >= size) return UNSATISFIABLE;
  return { kind: 'range', start, end: last === '' ? size - 1 : Math.min(Number(last), size - 1) };
}
