// Which player action a key press asks for, when the player has the focus (pure).

export type KeyAction =
  | { readonly type: 'togglePlay' }
  | { readonly type: 'toggleFullscreen' }
  | { readonly type: 'toggleMute' }
  | { readonly type: 'toggleCaptions' }
  | { readonly type: 'seekBy'; readonly seconds: number }
  | { readonly type: 'seekToFraction'; readonly fraction: number }
  | { readonly type: 'volumeBy'; readonly delta: number }
  | { readonly type: 'rateStep'; readonly direction: 1 | -1 }
  | { readonly type: 'help' };

export interface KeyPress {
  /** KeyboardEvent.key */
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly altKey: boolean;
  readonly metaKey: boolean;
}

const VOLUME_STEP = 0.1;

const FIXED: Readonly<Record<string, KeyAction>> = {
  ' ': { type: 'togglePlay' },
  k: { type: 'togglePlay' },
  f: { type: 'toggleFullscreen' },
  m: { type: 'toggleMute' },
  c: { type: 'toggleCaptions' },
  ArrowLeft: { type: 'seekBy', seconds: -5 },
  ArrowRight: { type: 'seekBy', seconds: 5 },
  j: { type: 'seekBy', seconds: -10 },
  l: { type: 'seekBy', seconds: 10 },
  ArrowUp: { type: 'volumeBy', delta: VOLUME_STEP },
  ArrowDown: { type: 'volumeBy', delta: -VOLUME_STEP },
  '<': { type: 'rateStep', direction: -1 },
  '>': { type: 'rateStep', direction: 1 },
  '?': { type: 'help' },
};

/** The action for a key press, or null (modified presses are left to the browser). */
export function keyAction(press: KeyPress): KeyAction | null {
  if (press.ctrlKey || press.altKey || press.metaKey) return null;
  if (/^[0-9]$/.test(press.key)) return { type: 'seekToFraction', fraction: Number(press.key) / 10 };
  const key = press.key.length === 1 ? press.key.toLowerCase() : press.key;
  return Object.hasOwn(FIXED, key) ? (FIXED[key] ?? null) : null;
}

/** The next playback rate of `rates` (sorted) from `current` in `direction`, staying in range. */
export function nextRate(rates: readonly number[], current: number, direction: 1 | -1): number {
  if (rates.length === 0) return current;
  if (direction > 0) return rates.find((rate) => rate > current + 1e-9) ?? rates[rates.length - 1] ?? current;
  return [...rates].reverse().find((rate) => rate < current - 1e-9) ?? rates[0] ?? current;
}

/** Keeps a volume in [0, 1], rounded to hundredths (0.1 + 0.2 stays 0.3). */
export function clampVolume(volume: number): number {
  return Math.round(Math.min(1, Math.max(0, volume)) * 100) / 100;
}
