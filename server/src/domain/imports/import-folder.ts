/**
 * Port: the folder an administrator fills with the media files a CSV names. Paths are read
 * inside it only: `..`, absolute paths elsewhere and symbolic links leading out are refused.
 * Its files are read and copied, never moved or deleted.
 */
export type ImportFileCheck =
  | { readonly kind: 'ok'; readonly absolutePath: string; readonly filename: string }
  | { readonly kind: 'missing' | 'outside' | 'not_a_file' };

export interface ImportFolder {
  /** The folder, resolved (for messages). */
  readonly root: string;
  /** Where a path written in the CSV leads, checked. */
  check(pathInCsv: string): Promise<ImportFileCheck>;
  /** Copies a checked file to a new file of the staging area and returns its path (null when the file has gone); the caller moves or removes the copy. */
  stage(absolutePath: string): Promise<string | null>;
  /** Removes a staged copy (nothing when it is already gone). */
  discard(stagedPath: string): Promise<void>;
}

/** What the validation found about a file: usable, not there or not allowed, or not media. */
export type ImportFileVerdict = ImportFileCheck | { readonly kind: 'not_media'; readonly reason: string };
