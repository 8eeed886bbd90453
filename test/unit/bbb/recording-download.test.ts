import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { createCookieJar } from '../../../server/src/infra/bbb/cookie-jar.js';
import { BbbUnavailableError } from '../../../server/src/domain/meetings/bbb.js';
import { classifyImportFailure } from '../../../server/src/infra/bbb/import-recording.job.js';
import { DownloadError, downloadResumable, fetchSmall, headSize, type MediaSource, type ResumableDownload } from '../../../server/src/infra/bbb/recording-download.js';
import { headSource } from '../../../server/src/infra/bbb/recording-source.js';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/**
 * A local server whose answers each test scripts; it records the Range and Cookie headers it
 * received, and the size of the .part file (`watched`) when each request arrived.
 */
async function startServer() {
  let handler: Handler = (_req, res) => res.writeHead(404).end();
  let watched: string | null = null;
  const requests: { method: string; path: string; range: string | null; cookie: string | null; onDisk: number }[] = [];
  const server = http.createServer((req, res) => {
    const onDisk = watched && existsSync(watched) ? statSync(watched).size : 0;
    requests.push({ method: req.method ?? 'GET', path: req.url ?? '', range: req.headers.range ?? null, cookie: req.headers.cookie ?? null, onDisk });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    handle(next: Handler) {
      handler = next;
    },
    watch(file: string) {
      watched = file;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    closeAll: () => server.closeAllConnections(),
  };
}

const FILE = randomBytes(300_000);

/** Serves FILE with single ranges as nginx does; `cut` ends the connection after that many body bytes. */
function serveFile(body: Buffer, options: { cut?: () => number | null; ignoreRange?: boolean } = {}): Handler {
  return (req, res) => {
    const match = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = match && !options.ignoreRange ? Number(match[1]) : 0;
    if (start >= body.length && match && !options.ignoreRange) {
      res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
      return;
    }
    const part = body.subarray(start);
    res.writeHead(match && !options.ignoreRange ? 206 : 200, {
      'content-length': String(part.length),
      'accept-ranges': 'bytes',
      ...(match && !options.ignoreRange ? { 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` } : {}),
    });
    if (req.method === 'HEAD') return void res.end();
    const cutAt = options.cut?.() ?? null;
    if (cutAt === null) return void res.end(part);
    // FIN after the bytes (a reset could drop some the client has not read yet).
    res.write(part.subarray(0, cutAt), () => res.socket?.end());
  };
}

describe('recording download (resumable, with a cookie jar)', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let dir: string;
  let partPath: string;

  beforeEach(async () => {
    server = await startServer();
    dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-download-'));
    partPath = path.join(dir, 'nested', '1.part');
    server.watch(partPath);
  });

  afterEach(async () => {
    server.closeAll();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  function download(overrides: Partial<ResumableDownload> = {}) {
    const progress: number[] = [];
    const refreshes: number[] = [];
    const run = downloadResumable({
      partPath,
      source: { url: `${server.origin}/video-0.m4v`, jar: createCookieJar() },
      expectedSize: null,
      maxSize: 10_000_000,
      timeoutMs: 2000,
      attempts: 4,
      backoffMs: 1,
      refresh: async (refusal) => {
        refreshes.push(refusal.status ?? 0);
        return { url: `${server.origin}/fresh/video-0.m4v`, jar: createCookieJar() };
      },
      onProgress: async (bytes) => void progress.push(bytes),
      ...overrides,
    });
    return { run, progress, refreshes };
  }

  it('resumes a cut connection with Range from the bytes on disk and ends with the whole file', async () => {
    const cuts = [100_000, 50_000];
    server.handle(serveFile(FILE, { cut: () => cuts.shift() ?? null }));
    const { run, progress } = download();
    expect(await run).to.deep.equal({ size: FILE.length });
    expect((await readFile(partPath)).equals(FILE)).to.equal(true);
    // Each request asks for the bytes after those on disk (what was received before a cut, less
    // what the HTTP stack dropped when the connection failed).
    const [first, second, third] = server.requests;
    expect(first!.range).to.equal(null);
    expect(second!.onDisk).to.be.within(1, 100_000);
    expect(second!.range).to.equal(`bytes=${second!.onDisk}-`);
    expect(third!.onDisk).to.be.within(second!.onDisk + 1, second!.onDisk + 50_000);
    expect(third!.range).to.equal(`bytes=${third!.onDisk}-`);
    expect(server.requests).to.have.length(3);
    expect(progress.at(-1)).to.equal(FILE.length);
  });

  it('starts again from zero when the server answers 200 to a Range request', async () => {
    const cuts = [120_000];
    server.handle(serveFile(FILE, { cut: () => cuts.shift() ?? null, ignoreRange: true }));
    expect(await download().run).to.deep.equal({ size: FILE.length });
    expect((await readFile(partPath)).equals(FILE)).to.equal(true);
    expect(server.requests).to.have.length(2);
    expect(server.requests[1]!.onDisk).to.be.within(1, 120_000);
    expect(server.requests[1]!.range).to.equal(`bytes=${server.requests[1]!.onDisk}-`);
  });

  it('takes a 416 for a range at the end of a complete file as done, and restarts when the file on disk is longer than the server’s', async () => {
    server.handle(serveFile(FILE));
    await writeFile(path.join(dir, 'done.part'), FILE);
    const complete = await download({ partPath: path.join(dir, 'done.part') }).run;
    expect(complete).to.deep.equal({ size: FILE.length });
    expect(server.requests.map((r) => r.range)).to.deep.equal([`bytes=${FILE.length}-`]);

    await writeFile(path.join(dir, 'longer.part'), Buffer.concat([FILE, Buffer.from('extra bytes')]));
    expect(await download({ partPath: path.join(dir, 'longer.part') }).run).to.deep.equal({ size: FILE.length });
    expect((await readFile(path.join(dir, 'longer.part'))).equals(FILE)).to.equal(true);
  });

  it('refuses a file whose size does not match the one announced, after its attempts (download incomplete)', async () => {
    // Chunked answers end cleanly, 1000 bytes short of what the HEAD said.
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'video/mp4' });
      res.end(FILE.subarray(0, FILE.length - 1000));
    });
    const error = await download({ expectedSize: FILE.length, attempts: 3 }).run.catch((e: unknown) => e);
    expect(error).to.be.instanceOf(DownloadError);
    expect((error as DownloadError).problem).to.equal('incomplete');
    expect(server.requests).to.have.length(3);
  });

  it('refuses a file larger than the limit before writing it', async () => {
    server.handle(serveFile(FILE));
    const error = await download({ maxSize: 1000 }).run.catch((e: unknown) => e);
    expect((error as DownloadError).problem).to.equal('too_large');
    expect(server.requests).to.have.length(1);
  });

  it('resumes a stalled download after the idle timeout', async () => {
    let first = true;
    server.handle((req, res) => {
      if (!first) return serveFile(FILE)(req, res);
      first = false;
      res.writeHead(200, { 'content-length': String(FILE.length) });
      res.write(FILE.subarray(0, 10_000)); // then nothing: the connection stays open
    });
    expect(await download({ timeoutMs: 300 }).run).to.deep.equal({ size: FILE.length });
    expect((await readFile(partPath)).equals(FILE)).to.equal(true);
    expect(server.requests.map((r) => r.range)).to.deep.equal([null, `bytes=${server.requests[1]!.onDisk}-`]);
    expect(server.requests[1]!.onDisk).to.be.within(1, 10_000);
  });

  it('asks for a fresh URL when the media is refused (a spent token), then resumes there', async () => {
    const cuts = [70_000];
    server.handle((req, res) => {
      if (req.url === '/video-0.m4v' && server.requests.length > 1) return void res.writeHead(403).end();
      serveFile(FILE, { cut: () => cuts.shift() ?? null })(req, res);
    });
    const { run, refreshes } = download();
    expect(await run).to.deep.equal({ size: FILE.length });
    expect(refreshes).to.deep.equal([403]);
    const resumedAt = server.requests[1]!.onDisk;
    expect(resumedAt).to.be.within(1, 70_000);
    expect(server.requests.map((r) => [r.path, r.range])).to.deep.equal([
      ['/video-0.m4v', null],
      ['/video-0.m4v', `bytes=${resumedAt}-`],
      ['/fresh/video-0.m4v', `bytes=${resumedAt}-`],
    ]);
  });

  it('asks for a fresh URL once when the HEAD is refused (a token that expired since the page was read)', async () => {
    server.handle((req, res) => (req.url === '/fresh/video-0.m4v' ? serveFile(FILE)(req, res) : void res.writeHead(401).end()));
    const refreshes: number[] = [];
    const fresh: MediaSource = { url: `${server.origin}/fresh/video-0.m4v`, jar: createCookieJar() };
    const refresh = async (refusal: DownloadError) => {
      refreshes.push(refusal.status ?? 0);
      return fresh;
    };
    const head = await headSource({ url: `${server.origin}/video-0.m4v`, jar: createCookieJar() }, { timeoutMs: 2000, refresh });
    expect(head).to.deep.equal({ source: fresh, url: fresh.url, size: FILE.length });
    expect(refreshes).to.deep.equal([401]);
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).to.deep.equal(['HEAD /video-0.m4v', 'HEAD /fresh/video-0.m4v']);

    // Refused again with the fresh URL: refused, with no second refresh.
    const again = await headSource({ url: `${server.origin}/video-0.m4v`, jar: createCookieJar() }, { timeoutMs: 2000, refresh: async (refusal) => (refreshes.push(refusal.status ?? 0), { url: `${server.origin}/still-refused`, jar: createCookieJar() }) }).catch((e: unknown) => e);
    expect([(again as DownloadError).problem, (again as DownloadError).status]).to.deep.equal(['refused', 401]);
    expect(refreshes).to.deep.equal([401, 401]);
  });

  it('gives up with the last problem when every attempt fails', async () => {
    server.handle((_req, res) => void res.writeHead(503).end());
    const error = await download({ attempts: 2 }).run.catch((e: unknown) => e);
    expect((error as DownloadError).problem).to.equal('http');
    expect((error as DownloadError).status).to.equal(503);
    expect(server.requests).to.have.length(2);
  });

  it('follows redirects by hand, keeping the cookies they set for the paths they name (Scalelite)', async () => {
    server.handle((req, res) => {
      if (req.url?.startsWith('/recording/r1/video?token=')) {
        res.writeHead(307, { location: '/playback/video/r1/', 'set-cookie': 'recording_video_r1=jwt; path=/video/r1; HttpOnly' }).end();
      } else if (req.url === '/playback/video/r1/') {
        res.writeHead(307, { location: `${server.origin}/video/r1/` }).end();
      } else if (req.url === '/video/r1/' && req.headers.cookie === 'recording_video_r1=jwt') {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<source src="video-0.m4v">');
      } else if (req.url === '/video/r1/video-0.m4v' && req.headers.cookie === 'recording_video_r1=jwt') {
        serveFile(FILE)(req, res);
      } else res.writeHead(404).end();
    });
    const jar = createCookieJar();
    const page = await fetchSmall(`${server.origin}/recording/r1/video?token=abc`, { jar, timeoutMs: 2000, maxBytes: 10_000 });
    expect(page).to.deep.equal({ url: `${server.origin}/video/r1/`, bytes: Buffer.from('<source src="video-0.m4v">') });
    expect(await headSize(`${server.origin}/video/r1/video-0.m4v`, { jar, timeoutMs: 2000 })).to.deep.equal({ url: `${server.origin}/video/r1/video-0.m4v`, size: FILE.length });
    // The cookie's path is /video/r1: never sent to the token link or the /playback path.
    expect(server.requests.map((r) => [r.path.replace(/\?.*/, ''), r.cookie])).to.deep.equal([
      ['/recording/r1/video', null],
      ['/playback/video/r1/', null],
      ['/video/r1/', 'recording_video_r1=jwt'],
      ['/video/r1/video-0.m4v', 'recording_video_r1=jwt'],
    ]);
  });

  it('stops after five redirects, and reports a refused page as refused', async () => {
    server.handle((req, res) => {
      if (req.url === '/gone') return void res.writeHead(404).end();
      res.writeHead(302, { location: `/loop${server.requests.length}` }).end();
    });
    const loop = await fetchSmall(`${server.origin}/loop`, { jar: createCookieJar(), timeoutMs: 2000, maxBytes: 100 }).catch((e: unknown) => e);
    expect((loop as DownloadError).problem).to.equal('redirects');
    expect(server.requests).to.have.length(6);
    const gone = await fetchSmall(`${server.origin}/gone`, { jar: createCookieJar(), timeoutMs: 2000, maxBytes: 100 }).catch((e: unknown) => e);
    expect([(gone as DownloadError).problem, (gone as DownloadError).status]).to.deep.equal(['refused', 404]);
  });
});

describe('recording import failures, as the job classifies them', () => {
  const classified = (error: unknown) => {
    const { code, retryable } = classifyImportFailure(error);
    return [code, retryable];
  };

  it('runs the job again for what the download itself retries (network, stall, HTTP 5xx) and for BBB being unreachable', () => {
    expect(classified(new DownloadError('network', 'reset'))).to.deep.equal(['bbb_download_failed', true]);
    expect(classified(new DownloadError('timeout', 'stalled'))).to.deep.equal(['bbb_download_failed', true]);
    expect(classified(new DownloadError('http', 'HTTP 502', 502))).to.deep.equal(['bbb_download_failed', true]);
    expect(classified(new BbbUnavailableError('down'))).to.deep.equal(['bbb_unavailable', true]);
  });

  it('fails at once for a refusal after the fresh URL, another HTTP error, redirects, size and short files', () => {
    expect(classified(new DownloadError('refused', 'HTTP 403', 403))).to.deep.equal(['bbb_media_not_found', false]);
    expect(classified(new DownloadError('http', 'HTTP 400', 400))).to.deep.equal(['bbb_media_not_found', false]);
    expect(classified(new DownloadError('http', 'HTTP 405', 405))).to.deep.equal(['bbb_media_not_found', false]);
    expect(classified(new DownloadError('redirects', 'loop', 302))).to.deep.equal(['bbb_media_not_found', false]);
    expect(classified(new DownloadError('too_large', 'big'))).to.deep.equal(['bbb_recording_too_large', false]);
    expect(classified(new DownloadError('incomplete', 'short'))).to.deep.equal(['bbb_download_incomplete', false]);
  });
});
