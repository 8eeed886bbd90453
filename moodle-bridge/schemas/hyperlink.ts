import { POD_COLLECTIONS } from '../presenters/pod-urls.js';
import { fail, ok, type FieldParser } from './drf-fields.js';

/** DRF's HyperlinkedRelatedField messages, word for word. */
export const HYPERLINK_MESSAGES = {
  noMatch: 'Invalid hyperlink - No URL match.',
  incorrectMatch: 'Invalid hyperlink - Incorrect URL match.',
  doesNotExist: 'Invalid hyperlink - Object does not exist.',
  incorrectType: (type: string) => `Incorrect type. Expected URL string, received ${type}.`,
};

const ID = /^\d{1,9}$/;
const KNOWN: ReadonlySet<string> = new Set(POD_COLLECTIONS);

function pythonType(value: unknown): string {
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return 'float';
  if (Array.isArray(value)) return 'list';
  return value === null ? 'NoneType' : 'dict';
}

/**
 * A relation as DRF's HyperlinkedRelatedField reads it (`https://host/rest/users/12/` or
 * `/rest/users/12/`; the host is not compared, only the path under this server's base path),
 * plus plain ids (`12`), which Lectern also accepts. Gives the id; whether it exists on the
 * key's site is checked afterwards. Pure.
 */
export function hyperlink(collection: string, publicUrl: string): FieldParser<number> {
  const basePath = new URL(publicUrl).pathname.replace(/\/+$/, '');
  return (value) => {
    if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? ok(value) : fail(HYPERLINK_MESSAGES.incorrectType(pythonType(value)));
    if (typeof value !== 'string') return fail(HYPERLINK_MESSAGES.incorrectType(pythonType(value)));
    const textValue = value.trim();
    if (ID.test(textValue)) return Number(textValue) > 0 ? ok(Number(textValue)) : fail(HYPERLINK_MESSAGES.doesNotExist);
    let path: string;
    if (/^https?:\/\//i.test(textValue)) {
      try {
        path = new URL(textValue).pathname;
      } catch {
        // Not a URL at all: DRF's answer for any link it cannot resolve.
        return fail(HYPERLINK_MESSAGES.noMatch);
      }
    } else {
      path = textValue;
    }
    if (!path.startsWith(`${basePath}/rest/`)) return fail(HYPERLINK_MESSAGES.noMatch);
    const match = /^([a-z_]+)\/(\d{1,9})\/?$/.exec(path.slice(basePath.length + '/rest/'.length));
    if (!match || !KNOWN.has(match[1]!)) return fail(HYPERLINK_MESSAGES.noMatch);
    if (match[1] !== collection) return fail(HYPERLINK_MESSAGES.incorrectMatch);
    return ok(Number(match[2]));
  };
}
