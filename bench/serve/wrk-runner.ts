import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * wrk (Debian package `wrk`) on loopback. Each case is a list of requests (path and optional
 * Range) that a generated Lua script rotates through; its `done` hook prints the figures as
 * one JSON line, so nothing depends on wrk's human-readable output.
 */
export interface WrkRequest {
  readonly path: string;
  readonly range: string | null;
}

export interface WrkResult {
  readonly requests: number;
  readonly seconds: number;
  readonly bytes: number;
  readonly requestsPerSecond: number;
  readonly megabytesPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Connect, read, write and timeout errors, and answers that were not 2xx/3xx. */
  readonly errors: number;
}

export interface WrkSettings {
  readonly binary: string;
  readonly connections: number;
  readonly threads: number;
}

const exec = promisify(execFile);

export function findWrk(): string | null {
  const which = spawnSync('sh', ['-c', 'command -v wrk'], { encoding: 'utf8' });
  return which.status === 0 && which.stdout.trim() ? which.stdout.trim() : null;
}

const lua = (text: string) => `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

export async function writeWrkScript(dir: string, name: string, requests: readonly WrkRequest[]): Promise<string> {
  const entries = requests.map((r) => `  { ${lua(r.path)}, ${r.range === null ? 'nil' : lua(r.range)} },`).join('\n');
  const script = `local requests = {
${entries}
}
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end
function init(args)
  -- Threads start at different places in the list.
  counter = (id or 0) * 7
end
function request()
  counter = counter + 1
  local r = requests[(counter % #requests) + 1]
  wrk.headers["Range"] = r[2]
  return wrk.format("GET", r[1])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"errors":%d,"status_errors":%d,"p50_us":%d,"p99_us":%d}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99)))
end
`;
  const file = path.join(dir, `${name}.lua`);
  await fs.writeFile(file, script);
  return file;
}

export async function runWrk(settings: WrkSettings, baseUrl: string, script: string, seconds: number): Promise<WrkResult> {
  const args = ['-t', String(settings.threads), '-c', String(settings.connections), '-d', `${seconds}s`, '--timeout', '10s', '-s', script, baseUrl];
  const { stdout } = await exec(settings.binary, args, { maxBuffer: 1 << 20 });
  const line = stdout.split('\n').find((text) => text.startsWith('WRK_JSON '));
  if (!line) throw new Error(`wrk printed no figures:\n${stdout}`);
  const raw = JSON.parse(line.slice('WRK_JSON '.length)) as { requests: number; duration_us: number; bytes: number; errors: number; status_errors: number; p50_us: number; p99_us: number };
  const secondsMeasured = raw.duration_us / 1e6;
  return {
    requests: raw.requests,
    seconds: secondsMeasured,
    bytes: raw.bytes,
    requestsPerSecond: raw.requests / secondsMeasured,
    megabytesPerSecond: raw.bytes / 1e6 / secondsMeasured,
    p50Ms: raw.p50_us / 1000,
    p99Ms: raw.p99_us / 1000,
    errors: raw.errors + raw.status_errors,
  };
}
