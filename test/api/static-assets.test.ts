import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import request from 'supertest';
import { projectRoot } from '../../server/src/infra/project-root.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

describe('static assets (/assets)', () => {
  let ctx: TestApp;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(async () => ctx?.close());

  const binary = (res: request.Response, done: (error: Error | null, body: Buffer) => void) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  };

  it('sends the build-time gzip copy to browsers that accept gzip, with the original type', async () => {
    const original = await readFile(path.join(projectRoot(), 'player', 'dist', 'player.js'));
    const zipped = await request(ctx.app).get('/assets/player.js').set('Accept-Encoding', 'gzip, br').buffer(true).parse(binary).expect(200);
    expect(zipped.headers['content-encoding']).to.equal('gzip');
    expect(zipped.headers['content-type']).to.match(/^text\/javascript|^application\/javascript/);
    expect(zipped.headers.vary).to.contain('Accept-Encoding');
    // superagent inflates gzip bodies itself: the bytes are the original's once inflated.
    expect(Number(zipped.headers['content-length'])).to.equal(gzipSync(original, { level: 9 }).length);
    expect((zipped.body as Buffer).equals(original)).to.equal(true);
    const css = await request(ctx.app).get('/assets/player.css').set('Accept-Encoding', 'gzip').buffer(true).parse(binary).expect(200);
    expect(css.headers['content-type']).to.match(/^text\/css/);
    expect(css.headers['content-encoding']).to.equal('gzip');
  });

  it('sends the plain file to clients that do not accept gzip', async () => {
    const plain = await request(ctx.app).get('/assets/lectern.css').set('Accept-Encoding', 'identity').expect(200);
    expect(plain.headers['content-encoding']).to.equal(undefined);
    expect(plain.text).to.equal(await readFile(path.join(projectRoot(), 'player', 'dist', 'lectern.css'), 'utf8'));
    await request(ctx.app).get('/assets/nothing.js').set('Accept-Encoding', 'gzip').expect(404);
  });
});
