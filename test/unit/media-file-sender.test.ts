import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readlink, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { createBufferPool, READ_SIZE, type BufferPool } from '../../server/src/http/media/file-pump.js';
import { sendMediaFile } from '../../server/src/http/media/media-file-sender.js';
import { createOpenFileCache, type OpenFileCache } from '../../server/src/http/media/open-file-cache.js';

/** Every lease the sender takes is released, however the answer ends: cleared, the cache closes the descriptor. */
describe('media file sender: leases of shared descriptors', () => {
  let dir: string;
  let file: string;
  let cache: OpenFileCache;
  let server: http.Server;
  let port: number;
  let content: Buffer;
  let pool: BufferPool;
  const readErrors: Error[] = [];

  async function descriptorsOn(target: string): Promise<number> {
    const fds = await readdir('/proc/self/fd');
    // A descriptor closed between readdir and readlink is not open on the file any more.
    const links = await Promise.all(fds.map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')));
    return links.filter((link) => link === target).length;
  }

  async function closedAfterClear(): Promise<number> {
    cache.clear();
    for (let i = 0; i < 400 && (await descriptorsOn(file)) > 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
    return descriptorsOn(file);
  }

  function get(headers: http.OutgoingHttpHeaders = {}, method = 'GET'): Promise<{ status: number; length: number; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method, headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, length: body.length, body });
        });
      });
      req.on('error', reject);
      req.end();
    });
  }

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-sender-'));
    file = path.join(dir, 'segment.mp4');
    content = randomBytes(16 * 1024 * 1024 + 5);
    await writeFile(file, content);
    // Two idle buffers at most: concurrent answers reuse them, and must still send the right bytes.
    pool = createBufferPool(READ_SIZE, 2);
    cache = createOpenFileCache({ onCloseError: (error) => readErrors.push(error) });
    server = http.createServer((req, res) => {
      cache.open(file, true, (error, lease) => {
        if (!lease) throw error;
        sendMediaFile(req, res, lease, { 'content-type': 'video/mp4' }, { pool, onReadError: (readError) => readErrors.push(readError) });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
    expect(readErrors).to.deep.equal([]);
  });

  it('after whole files, ranges, HEAD, 304 and 416', async () => {
    const results = await Promise.all([
      get(),
      get({ range: 'bytes=100-2000000' }),
      get({}, 'HEAD'),
      get({ range: 'bytes=99999999-' }),
      get({ 'if-none-match': '*' }),
    ]);
    expect(results.map(({ status, length }) => ({ status, length }))).to.deep.equal([
      { status: 200, length: content.length },
      { status: 206, length: 1_999_901 },
      { status: 200, length: 0 },
      { status: 416, length: 0 },
      { status: 304, length: 0 },
    ]);
    expect(results[0]!.body.equals(content)).to.equal(true);
    expect(results[1]!.body.equals(content.subarray(100, 2_000_001))).to.equal(true);
    expect(await descriptorsOn(file)).to.equal(1, 'one shared descriptor');
    expect(await closedAfterClear()).to.equal(0);
  });

  it('sends the right bytes to many concurrent ranges through reused buffers', async () => {
    const ranges = Array.from({ length: 12 }, (_, i) => [i * 1_300_001, i * 1_300_001 + 1_500_000 + i] as const);
    const results = await Promise.all(ranges.map(([start, end]) => get({ range: `bytes=${start}-${end}` })));
    results.forEach((result, i) => expect(result.body.equals(content.subarray(ranges[i]![0], ranges[i]![1] + 1)), `range ${i}`).to.equal(true));
    expect(await closedAfterClear()).to.equal(0);
  });

  it('after clients that leave mid-stream', async () => {
    await Promise.all(
      [1, 2, 3].map(
        () =>
          new Promise<void>((resolve, reject) => {
            const req = http.request({ host: '127.0.0.1', port, agent: false }, (res) => {
              res.once('data', () => {
                req.destroy();
                resolve();
              });
            });
            req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? resolve() : reject(error)));
            req.end();
          }),
      ),
    );
    expect(await closedAfterClear()).to.equal(0);
  });
});
