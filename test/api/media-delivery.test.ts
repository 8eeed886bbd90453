import { mkdir, readFile, readdir, readlink, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import { mediaPath } from '../../server/src/domain/access/media-grant.js';
import { appWithLogger, encodedVideo, listen, type EncodedVideo } from '../helpers/media-delivery.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

/** supertest parser keeping any body as a Buffer (the response is a node:http message at run time). */
const binary = (res: request.Response, done: (error: Error | null, body: Buffer) => void) => {
  const message = res as unknown as http.IncomingMessage;
  const chunks: Buffer[] = [];
  message.on('data', (chunk: Buffer) => chunks.push(chunk));
  message.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('media delivery: grants open the files of one encoded video', function () {
  this.timeout(120_000);
  let ctx: TestApp;
  let enc: EncodedVideo;
  let grant: string;
  const url = (key: string) => mediaPath(grant, key);
  const inFolder = (key: string) => `${enc.folder}/${key}`;
  const get = (key: string) => request(ctx.app).get(url(key)).buffer(true).parse(binary);

  before(async () => {
    ctx = await buildTestApp({ ENCODING_POLL_SECONDS: '0.5' }, undefined, { workers: 1 });
    enc = await encodedVideo(ctx);
    grant = ctx.services.mediaGrants.issue(enc.video.id, enc.video.accessEpoch, 60);
  });
  after(async () => {
    await ctx?.close();
  });

  it('serves the master playlist, whose relative URLs reach the media playlist under the same grant', async () => {
    const master = await get(inFolder(enc.manifest.master!));
    expect(master.status).to.equal(200);
    expect(master.headers).to.include({ 'content-type': 'application/vnd.apple.mpegurl', 'accept-ranges': 'bytes', 'x-content-type-options': 'nosniff', 'access-control-allow-origin': '*' });
    expect(master.headers['cache-control']).to.match(/^private, max-age=\d+, immutable$/);
    expect(master.headers.etag).to.match(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect(new Date(master.headers['last-modified']!).getTime()).to.be.above(0);
    expect(master.headers['access-control-expose-headers']).to.equal('Content-Length, Content-Range, Accept-Ranges, ETag');
    expect(master.body.equals(await readFile(enc.fileOf(inFolder(enc.manifest.master!))))).to.equal(true);
    const playlistName = master.body.toString('utf8').split('\n').find((line: string) => line.endsWith('.m3u8'))!;
    const playlist = await get(inFolder(path.posix.join(path.posix.dirname(enc.manifest.master!), playlistName)));
    expect(playlist.status).to.equal(200);
    expect(playlist.body.toString('utf8')).to.match(/^#EXTM3U/);
  });

  it('serves each segment of the media playlist as a byte range of the fragmented MP4, exactly', async () => {
    const rendition = enc.manifest.renditions[0]!;
    const playlist = await readFile(enc.fileOf(inFolder(rendition.playlist)), 'utf8');
    const fmp4 = await readFile(enc.fileOf(inFolder(rendition.file)));
    const ranges = [...playlist.matchAll(/BYTERANGE[:=]"?(\d+)@(\d+)/g)].map(([, length, offset]) => [Number(offset), Number(offset) + Number(length) - 1] as const);
    expect(ranges.length).to.be.at.least(2, playlist);
    for (const [start, end] of ranges) {
      const res = await get(inFolder(rendition.file)).set('Range', `bytes=${start}-${end}`);
      expect(res.status).to.equal(206);
      expect(res.headers['content-range']).to.equal(`bytes ${start}-${end}/${fmp4.length}`);
      expect(res.headers['content-type']).to.equal('video/mp4');
      expect(res.headers['content-length']).to.equal(String(end - start + 1));
      expect(res.body.equals(fmp4.subarray(start, end + 1))).to.equal(true);
    }
  });

  it('answers MP4 range requests with the bytes on disk: first-last, open-ended and suffix ranges', async () => {
    const key = inFolder(enc.manifest.renditions[0]!.mp4!.file);
    const file = await readFile(enc.fileOf(key));
    const cases: [string, number, number][] = [
      ['bytes=100-1099', 100, 1099],
      [`bytes=${file.length - 300}-`, file.length - 300, file.length - 1],
      ['bytes=-500', file.length - 500, file.length - 1],
      [`bytes=0-${file.length + 1000}`, 0, file.length - 1],
    ];
    for (const [range, start, end] of cases) {
      const res = await get(key).set('Range', range);
      expect(res.status, range).to.equal(206);
      expect(res.headers['content-range']).to.equal(`bytes ${start}-${end}/${file.length}`);
      expect(res.body.equals(file.subarray(start, end + 1)), range).to.equal(true);
    }
    const whole = await get(key);
    expect(whole.status).to.equal(200);
    expect(whole.headers['content-length']).to.equal(String(file.length));
    expect(whole.body.equals(file)).to.equal(true);
  });

  it('answers several ranges with the whole file, and an unsatisfiable one with 416', async () => {
    const key = inFolder(enc.manifest.renditions[0]!.mp4!.file);
    const file = await readFile(enc.fileOf(key));
    const multiple = await get(key).set('Range', 'bytes=0-99,200-299');
    expect(multiple.status).to.equal(200);
    expect(multiple.body.equals(file)).to.equal(true);
    const beyond = await get(key).set('Range', `bytes=${file.length}-`);
    expect(beyond.status).to.equal(416);
    expect(beyond.headers['content-range']).to.equal(`bytes */${file.length}`);
    expect(beyond.body.length).to.equal(0);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const key = inFolder(enc.manifest.renditions[0]!.mp4!.file);
    const [got, head] = await Promise.all([get(key), request(ctx.app).head(url(key))]);
    expect(head.status).to.equal(200);
    for (const name of ['content-type', 'content-length', 'etag', 'last-modified', 'cache-control', 'accept-ranges']) expect(head.headers[name], name).to.equal(got.headers[name]);
    expect(head.text ?? '').to.equal('');
    const ranged = await request(ctx.app).head(url(key)).set('Range', 'bytes=0-9');
    expect(ranged.status).to.equal(206);
    expect(ranged.headers['content-length']).to.equal('10');
  });

  it('answers 304 to a matching If-None-Match or If-Modified-Since, and honours If-Range', async () => {
    const key = inFolder(enc.manifest.master!);
    const first = await get(key);
    const etag = first.headers.etag!;
    const byTag = await get(key).set('If-None-Match', etag);
    expect(byTag.status).to.equal(304);
    expect(byTag.headers.etag).to.equal(etag);
    expect(byTag.headers['cache-control']).to.equal(first.headers['cache-control']);
    expect(byTag.body.length).to.equal(0);
    expect((await get(key).set('If-Modified-Since', first.headers['last-modified']!)).status).to.equal(304);
    expect((await get(key).set('If-None-Match', '"stale"').set('If-Modified-Since', first.headers['last-modified']!)).status).to.equal(200);
    expect((await get(key).set('Range', 'bytes=0-9').set('If-Range', etag)).status).to.equal(206);
    const changed = await get(key).set('Range', 'bytes=0-9').set('If-Range', '"stale"');
    expect(changed.status).to.equal(200);
    expect(changed.body.equals(first.body)).to.equal(true);
  });

  it('gives every kind of file its content type; SVG is sandboxed, documents and unknown files are downloads', async () => {
    await mkdir(enc.fileOf('tracks'), { recursive: true });
    await mkdir(enc.fileOf('enrichments'), { recursive: true });
    await writeFile(enc.fileOf('tracks/fr-3.vtt'), 'WEBVTT\n\n00:00.000 --> 00:01.000\nBonjour\n');
    await writeFile(enc.fileOf('enrichments/logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    await writeFile(enc.fileOf('enrichments/notes.docx'), 'PK');
    await writeFile(enc.fileOf('enrichments/slides.pdf'), '%PDF-1.4');
    await writeFile(enc.fileOf('enrichments/data.bin'), 'bytes');
    const expectations: [string, string][] = [
      [inFolder(enc.manifest.subtitles[0]!.file), 'text/vtt; charset=utf-8'],
      [inFolder(enc.manifest.audio.mp3!), 'audio/mpeg'],
      [inFolder(enc.manifest.thumbnails[0]!), 'image/jpeg'],
      ['tracks/fr-3.vtt', 'text/vtt; charset=utf-8'],
      ['enrichments/slides.pdf', 'application/pdf'],
    ];
    for (const [key, type] of expectations) {
      const res = await get(key);
      expect(res.status, key).to.equal(200);
      expect(res.headers['content-type'], key).to.equal(type);
      expect(res.headers['content-disposition'], key).to.equal(undefined);
    }
    const svg = await get('enrichments/logo.svg');
    expect(svg.headers).to.include({ 'content-type': 'image/svg+xml', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox" });
    expect((await get('enrichments/notes.docx')).headers).to.include({ 'content-disposition': 'attachment; filename="notes.docx"' });
    expect((await get('enrichments/data.bin')).headers).to.include({ 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="data.bin"' });
    // Tracks and enrichments can be replaced under the same name: short-lived and never immutable.
    expect((await get('tracks/fr-3.vtt')).headers['cache-control']).to.match(/^private, max-age=([0-5]?\d|60)$/);
  });

  it('lets public grants be cached by shared caches for their remaining lifetime', async () => {
    const publicGrant = ctx.services.mediaGrants.issue(enc.video.id, enc.video.accessEpoch, ctx.config.media.publicGrantTtlSeconds);
    const res = await request(ctx.app).get(mediaPath(publicGrant, inFolder(enc.manifest.master!)));
    const maxAge = Number(/^public, max-age=(\d+), immutable$/.exec(res.headers['cache-control']!)?.[1]);
    expect(maxAge).to.be.above(ctx.config.media.grantTtlSeconds).and.at.most(ctx.config.media.publicGrantTtlSeconds * 1.125);
  });

  it('answers CORS preflights from any origin, without credentials', async () => {
    const key = inFolder(enc.manifest.renditions[0]!.file);
    const preflight = await request(ctx.app).options(url(key)).set('Origin', 'https://moodle.univ.fr').set('Access-Control-Request-Method', 'GET').set('Access-Control-Request-Headers', 'range');
    expect(preflight.status).to.equal(204);
    expect(preflight.headers).to.include({ 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET, HEAD', 'access-control-allow-headers': 'Range, If-None-Match, If-Modified-Since, If-Range' });
    expect(preflight.headers['access-control-allow-credentials']).to.equal(undefined);
    const res = await get(key).set('Origin', 'https://moodle.univ.fr').set('Range', 'bytes=0-0');
    expect(res.headers['access-control-allow-origin']).to.equal('*');
    expect(res.headers['set-cookie']).to.equal(undefined);
  });

  it('logs each request without its grant, and a client leaving mid-stream neither logs an error nor leaks a descriptor', async () => {
    const big = enc.fileOf('enrichments/lecture-notes.pdf');
    await mkdir(path.dirname(big), { recursive: true });
    await writeFile(big, Buffer.alloc(48 * 1024 * 1024, 1));
    const { app, lines } = appWithLogger(ctx);
    const server = await listen(app);
    try {
      await request(app).get(url(inFolder(enc.manifest.master!))).expect(200);
      const line = lines.map((text) => JSON.parse(text) as Record<string, unknown>).find((entry) => entry.msg === 'request');
      expect(line).to.include({ method: 'GET', status: 200, path: `/media/<redacted>/${enc.video.id}/${inFolder(enc.manifest.master!)}` });
      // Not the media route (case differs): Express's 404, whose log line must hide the grant too.
      await request(app).get(url(inFolder(enc.manifest.master!)).replace('/media/', '/MEDIA/')).expect(404);
      expect(lines.join('\n')).to.include('/media/<redacted>/').and.not.include(grant);
      await abortAfterFirstBytes(server.port, url('enrichments/lecture-notes.pdf'));
      await waitUntil(async () => !(await openFiles()).includes(big));
      await waitUntil(async () => lines.length >= 3);
      const entries = lines.map((text) => JSON.parse(text) as { level: number; msg: string; aborted?: boolean });
      expect(entries.filter((entry) => entry.level >= 50)).to.deep.equal([]);
      expect(entries.at(-1)).to.include({ msg: 'request', aborted: true });
    } finally {
      await server.close();
    }
  });

  it('in x-accel-redirect mode checks the grant, sets the headers and lets nginx send the bytes', async () => {
    const { app } = appWithLogger(ctx, { ...ctx.config, media: { ...ctx.config.media, delivery: 'x-accel-redirect' } });
    const key = inFolder(enc.manifest.renditions[0]!.file);
    const res = await request(app).get(url(key)).set('Range', 'bytes=0-99');
    expect(res.status).to.equal(200);
    expect(res.headers).to.include({ 'x-accel-redirect': `/_lectern_media/videos/${enc.video.id}/${key}`, 'content-type': 'video/mp4', 'access-control-allow-origin': '*', 'content-length': '0' });
    expect(res.headers['cache-control']).to.match(/^private, max-age=\d+, immutable$/);
    expect(res.text ?? '').to.equal('');
    await writeFile(enc.fileOf('enrichments/handout.docx'), 'PK');
    expect((await request(app).get(url('enrichments/handout.docx'))).headers).to.include({ 'content-disposition': 'attachment; filename="handout.docx"' });
    // The grant with its last signature character changed (to another character, always).
    const tampered = `${grant.slice(0, -1)}${grant.endsWith('x') ? 'y' : 'x'}`;
    expect((await request(app).get(url(key).replace(grant, tampered))).status).to.equal(403);
  });
});

/** Starts a download and hangs up as soon as the first bytes arrive. */
function abortAfterFirstBytes(port: number, rawPath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request({ host: '127.0.0.1', port, path: rawPath, agent: false }, (res) => {
      res.once('data', () => {
        outgoing.destroy();
        resolve();
      });
    });
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET') reject(error);
    });
    outgoing.end();
  });
}

/** Paths of the files this process holds open. */
async function openFiles(): Promise<string[]> {
  const fds = await readdir('/proc/self/fd');
  // A descriptor closed between readdir and readlink is simply not open any more.
  return Promise.all(fds.map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')));
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
