/**
 * The player's only console output: things that went wrong without stopping playback (a
 * failed progress save, a refused autoplay). Debug level, so viewers' consoles stay quiet.
 */
export function logDebug(what: string, error?: unknown): void {
  // eslint-disable-next-line no-console
  console.debug(`[lectern-player] ${what}`, error ?? '');
}

/** Starts playback; a refusal (autoplay policy, source changed meanwhile) is only logged. */
export function playQuietly(player: { play(): Promise<void> | undefined }): void {
  player.play()?.catch((error: unknown) => logDebug('play() was refused', error));
}
