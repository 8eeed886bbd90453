// Progress of a running ffmpeg: fluent-ffmpeg hands over the `time=` field of ffmpeg's stats
// line as a "timemark"; dividing its seconds by the duration gives the job's percentage.

const TIMEMARK = /^(-)?(\d+):([0-5]?\d):([0-5]?\d(?:\.\d+)?)$/;
const SECONDS = /^\d+(?:\.\d+)?$/;

/**
 * '00:01:02.50' → 62.5 (also plain seconds '62.5'); null when unparsable, e.g. 'N/A', which
 * ffmpeg prints before the first frame. Negative marks ('-00:00:00.02', from negative start
 * timestamps) count as 0 so progress never goes backwards. Rounded to the millisecond.
 */
export function timemarkSeconds(timemark: string): number | null {
  const text = timemark.trim();
  if (SECONDS.test(text)) return Math.round(Number(text) * 1000) / 1000;
  const match = TIMEMARK.exec(text);
  if (match === null) return null;
  const [, minus, hours = '0', minutes = '0', seconds = '0'] = match;
  if (minus !== undefined) return 0;
  const total = Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
  return Math.round(total * 1000) / 1000;
}
