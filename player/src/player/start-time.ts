// Where playback starts: a `#t=` fragment wins, then `?start=`, then the viewer's saved
// position (pure).

export type StartSource = 'fragment' | 'query' | 'resume';

export interface StartChoice {
  readonly seconds: number;
  readonly source: StartSource;
}

/** Saved positions this close to either end restart the media from the beginning. */
const RESUME_MIN_SECONDS = 5;
const RESUME_END_MARGIN_SECONDS = 10;
const RESUME_END_FRACTION = 0.95;

/**
 * Seconds from "90", "90.5", "90s", "1m30s", "1h2m3s", "01:30", "1:02:03" (and the media
 * fragment forms "npt:90" and "90,120", whose end is ignored); null when unreadable.
 */
export function parseTimeSpec(raw: string): number | null {
  const value = raw.trim().replace(/^npt:/i, '').split(',')[0]?.trim() ?? '';
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  const units = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/i.exec(value);
  if (units && value !== '') {
    const [, h = '0', m = '0', s = '0'] = units;
    return Number(h) * 3600 + Number(m) * 60 + Number(s);
  }
  const clock = /^(?:(\d+):)?(\d+):(\d{1,2}(?:\.\d+)?)$/.exec(value);
  if (clock) {
    const [, h = '0', m = '0', s = '0'] = clock;
    if (Number(m) >= 60 && clock[1] !== undefined) return null;
    if (Number(s) >= 60) return null;
    return Number(h) * 3600 + Number(m) * 60 + Number(s);
  }
  return null;
}

/** The `t` parameter of a URL fragment ("#t=90", "#foo=1&t=1m30s"), or null. */
function fragmentTime(hash: string): number | null {
  const value = new URLSearchParams(hash.replace(/^#/, '')).get('t');
  return value === null ? null : parseTimeSpec(value);
}

/** The `start` parameter of a query string ("?start=90"), or null. */
function queryTime(search: string): number | null {
  const value = new URLSearchParams(search).get('start');
  return value === null ? null : parseTimeSpec(value);
}

/** A saved position worth resuming at, or null near either end of the media. */
export function resumeAt(position: number | null, durationSeconds: number): number | null {
  if (position === null || !Number.isFinite(position) || position < RESUME_MIN_SECONDS) return null;
  if (durationSeconds > 0) {
    if (position > durationSeconds - RESUME_END_MARGIN_SECONDS) return null;
    if (position > durationSeconds * RESUME_END_FRACTION) return null;
  }
  return position;
}

/** Keeps a requested start inside the media (the last second at most). */
function clampStart(seconds: number, durationSeconds: number): number {
  if (durationSeconds > 0 && seconds > durationSeconds - 1) return Math.max(0, durationSeconds - 1);
  return seconds;
}

export interface StartInputs {
  /** location.search and location.hash of the page. */
  readonly search: string;
  readonly hash: string;
  readonly resumePosition: number | null;
  readonly durationSeconds: number;
}

/** Where to start, and why; null means from the beginning. */
export function chooseStart(inputs: StartInputs): StartChoice | null {
  const requested: [number | null, StartSource][] = [
    [fragmentTime(inputs.hash), 'fragment'],
    [queryTime(inputs.search), 'query'],
  ];
  for (const [seconds, source] of requested) {
    if (seconds !== null && seconds > 0) return { seconds: clampStart(seconds, inputs.durationSeconds), source };
    if (seconds === 0) return null;
  }
  const resumed = resumeAt(inputs.resumePosition, inputs.durationSeconds);
  return resumed === null ? null : { seconds: resumed, source: 'resume' };
}

/** `pageUrl` with a `#t=<seconds>` fragment for the time playing now (pure). */
export function pageUrlAt(pageUrl: string, seconds: number): string {
  const base = pageUrl.split('#')[0] ?? pageUrl;
  const whole = Math.floor(Math.max(0, seconds));
  return whole > 0 ? `${base}#t=${whole}` : base;
}
