import { AppError, NotFoundError, ValidationError } from '../../server/src/domain/errors.js';

/**
 * Domain errors about fields, in Pod's field names and DRF's shape. DRF reports any refused
 * input as a 400 on its field, unique constraints included: so conflicts and refused files
 * that name a field become 400s too, their paths renamed from the domain's to Pod's
 * (`start` → `time_start`, `file` → `src`…). Other errors pass unchanged.
 */
export function asPodFieldError(error: unknown, renames: Readonly<Record<string, string>>): unknown {
  if (!(error instanceof AppError) || !error.details.fields?.length) return error;
  if (error.kind !== 'validation' && error.kind !== 'conflict' && error.kind !== 'unsupported_media') return error;
  const fields = error.details.fields.map((field) => ({ path: renames[field.path] ?? field.path, message: field.message }));
  return new ValidationError(error.code, error.message, { ...error.details, fields });
}

/** Runs `work`, answering its field errors in Pod's terms. */
export async function inPodFields<T>(renames: Readonly<Record<string, string>>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asPodFieldError(error, renames);
  }
}

/** DRF says "Not found." for every missing object: the domain's own wording stays in the log and the code in its header. */
export async function drfNotFoundMessage<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof NotFoundError && error.message !== 'Not found.') throw new NotFoundError(error.code, 'Not found.', error.details);
    throw error;
  }
}
