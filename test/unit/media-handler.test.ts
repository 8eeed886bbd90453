import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { pino } from 'pino';
import { loadConfig } from '../../server/src/config/config.js';
import { createMediaGrants, mediaPath } from '../../server/src/domain/access/media-grant.js';
import { createMediaHandler, type MediaHandlerDeps } from '../../server/src/http/media/media-handler.js';

/** The handler's own failure paths, with stand-ins for the database and storage. */
describe('media handler: failures of its dependencies', () => {
  const grants = createMediaGrants(Buffer.alloc(32, 1));
  const grant = grants.issue(7, 1, 600);
  let logs: { level: number; msg: string }[];
  let server: http.Server;

  async function serve(overrides: Partial<MediaHandlerDeps>): Promise<number> {
    logs = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(...chunk.toString().split('\n').filter(Boolean).map((line) => JSON.parse(line) as { level: number; msg: string }));
        done();
      },
    });
    const handler = createMediaHandler({
      grants,
      epochs: { epochOf: async () => 1 },
      storage: { localPath: (key) => `/nonexistent/${key}` },
      config: loadConfig({}).media,
      logger: pino({ level: 'info' }, sink),
      ...overrides,
    });
    server = http.createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

  function get(port: number, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
    return new Promise((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
        })
        .on('error', reject);
    });
  }

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers 503 media_unavailable when the access epoch cannot be read, and logs why', async () => {
    const port = await serve({ epochs: { epochOf: async () => Promise.reject(new Error('database down')) } });
    const res = await get(port, mediaPath(grant, 'media-x/hls/master.m3u8'));
    expect(res).to.deep.include({ status: 503 });
    expect(res.body).to.include({ code: 'media_unavailable' });
    expect(logs.some((entry) => entry.level === 50 && entry.msg === 'access epoch lookup failed')).to.equal(true);
  });

  it('answers 500 to an unexpected error, logs it, and keeps serving', async () => {
    const port = await serve({
      storage: {
        localPath: () => {
          throw new Error('storage exploded');
        },
      },
    });
    const res = await get(port, mediaPath(grant, 'media-x/hls/master.m3u8'));
    expect(res.status).to.equal(500);
    expect(res.body).to.include({ code: 'internal_error' });
    expect(logs.some((entry) => entry.level === 50 && entry.msg === 'unexpected error in the media handler')).to.equal(true);
    expect((await get(port, mediaPath(grant, 'media-x/hls/missing.m3u8'))).status).to.equal(500);
  });

  it('answers 404 media_not_found for a file that is not there', async () => {
    const port = await serve({});
    const res = await get(port, mediaPath(grant, 'media-x/hls/master.m3u8'));
    expect(res.status).to.equal(404);
    expect(res.body).to.include({ code: 'media_not_found', status: 404 });
    expect(res.body.requestId).to.be.a('string');
  });
});
