import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { sql } from 'kysely';
import request from 'supertest';
import { deriveKey } from '../../server/src/domain/access/derive-key.js';
import { createMediaGrants, mediaPath } from '../../server/src/domain/access/media-grant.js';
import { createUser, createVideo } from '../helpers/factories.js';
import { encodedVideo, listen, rawRequest, type EncodedVideo } from '../helpers/media-delivery.js';
import { expectProblem } from '../helpers/problem.js';
import { buildTestApp, TEST_SECRET, type TestApp } from '../helpers/test-app.js';

describe('media delivery: refusals', function () {
  this.timeout(120_000);
  let ctx: TestApp;
  let enc: EncodedVideo;
  let grant: string;
  let master: string;

  before(async () => {
    ctx = await buildTestApp({ ENCODING_POLL_SECONDS: '0.5' }, undefined, { workers: 1 });
    enc = await encodedVideo(ctx);
    grant = ctx.services.mediaGrants.issue(enc.video.id, enc.video.accessEpoch, 60);
    master = `${enc.folder}/${enc.manifest.master!}`;
  });
  after(async () => {
    await ctx?.close();
  });

  /** Another video, not encoded, with one track file of its own on disk. */
  async function videoWithTrack(): Promise<{ id: number; epoch: number; owner: Awaited<ReturnType<typeof createUser>> }> {
    const owner = await createUser(ctx);
    const video = await createVideo(ctx, owner.user);
    const file = path.join(ctx.varDir, 'media', 'videos', String(video.id), 'tracks', 'secret.vtt');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, 'WEBVTT\n\n00:00.000 --> 00:01.000\nB only\n');
    return { id: video.id, epoch: video.accessEpoch, owner };
  }

  it('answers 401 media_grant_missing without a grant, or with one that is not shaped like a grant', async () => {
    for (const url of [`/media//${enc.video.id}/${master}`, '/media/', `/media/${enc.video.id}/${master}`, `/media/not-a-grant/${enc.video.id}/${master}`, `/media/${grant}x/${enc.video.id}/${master}`, `/media/${grant.replace('g1.', 'g9.')}/${enc.video.id}/${master}`]) {
      const res = await request(ctx.app).get(url);
      expectProblem(res, 401, 'media_grant_missing');
      expect(res.headers['access-control-allow-origin'], url).to.equal('*');
      expect(res.headers['cache-control']).to.equal('no-store');
    }
  });

  it('answers 403 media_grant_invalid to a grant with any part changed', async () => {
    const [prefix, video, epoch, expires, signature] = grant.split('.') as [string, string, string, string, string];
    const forged = [
      [prefix, String(Number(video) + 1), epoch, expires, signature],
      [prefix, video, String(Number(epoch) + 1), expires, signature],
      [prefix, video, epoch, (parseInt(expires, 36) + 86_400).toString(36), signature],
      [prefix, video, epoch, expires, `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`],
    ];
    for (const parts of forged) expectProblem(await request(ctx.app).get(`/media/${parts.join('.')}/${enc.video.id}/${master}`), 403, 'media_grant_invalid');
    const otherKey = createMediaGrants(deriveKey('another-secret-that-is-long-enough!!', 'media-grants')).issue(enc.video.id, enc.video.accessEpoch, 60);
    expectProblem(await request(ctx.app).get(mediaPath(otherKey, master)), 403, 'media_grant_invalid');
  });

  it('answers 403 media_grant_expired to a grant past its expiry', async () => {
    const anHourAgo = createMediaGrants(deriveKey(TEST_SECRET, 'media-grants'), () => Date.now() - 3600_000);
    const expired = anHourAgo.issue(enc.video.id, enc.video.accessEpoch, 60);
    expectProblem(await request(ctx.app).get(mediaPath(expired, master)), 403, 'media_grant_expired');
  });

  it('never lets a grant for one video reach another video’s files', async () => {
    const other = await videoWithTrack();
    const otherGrant = ctx.services.mediaGrants.issue(other.id, other.epoch, 60);
    expect((await request(ctx.app).get(mediaPath(otherGrant, 'tracks/secret.vtt'))).status).to.equal(200);
    // A grant names its video, and so does the URL: another video's files answer 403.
    expectProblem(await request(ctx.app).get(`/media/${grant}/${other.id}/tracks/secret.vtt`), 403, 'media_grant_foreign');
    expectProblem(await request(ctx.app).get(`/media/${otherGrant}/${enc.video.id}/${master}`), 403, 'media_grant_foreign');
    // Within its own folder, the other video's file names lead nowhere.
    expectProblem(await request(ctx.app).get(mediaPath(grant, 'tracks/secret.vtt')), 404, 'media_not_found');
    expectProblem(await request(ctx.app).get(mediaPath(otherGrant, master)), 404, 'media_not_found');
    const server = await listen(ctx.app);
    try {
      const escape = await rawRequest(server.port, `/media/${grant}/${enc.video.id}/${enc.folder}/../../${other.id}/tracks/secret.vtt`);
      expect(escape.status).to.equal(404);
      expect(escape.body.toString()).to.not.include('B only');
    } finally {
      await server.close();
    }
  });

  it('answers 403 media_grant_revoked once the video’s access epoch moved past the grant’s', async () => {
    const other = await videoWithTrack();
    const before = ctx.services.mediaGrants.issue(other.id, other.epoch, 60);
    expect((await request(ctx.app).get(mediaPath(before, 'tracks/secret.vtt'))).status).to.equal(200);
    await sql`UPDATE videos SET access_epoch = access_epoch + 1 WHERE id = ${other.id}`.execute(ctx.database.db);
    ctx.services.accessEpochs.forget(other.id);
    expectProblem(await request(ctx.app).get(mediaPath(before, 'tracks/secret.vtt')), 403, 'media_grant_revoked');
    const after = ctx.services.mediaGrants.issue(other.id, other.epoch + 1, 60);
    expect((await request(ctx.app).get(mediaPath(after, 'tracks/secret.vtt'))).status).to.equal(200);
  });

  it('answers 404 media_not_found once the video is deleted', async () => {
    const other = await videoWithTrack();
    const otherGrant = ctx.services.mediaGrants.issue(other.id, other.epoch, 60);
    expect((await request(ctx.app).get(mediaPath(otherGrant, 'tracks/secret.vtt'))).status).to.equal(200);
    await ctx.services.videoService.remove(other.owner.user, other.id);
    ctx.services.accessEpochs.forget(other.id);
    expectProblem(await request(ctx.app).get(mediaPath(otherGrant, 'tracks/secret.vtt')), 404, 'media_not_found');
    expectProblem(await request(ctx.app).get(mediaPath(otherGrant, 'tracks/other.vtt')), 404, 'media_not_found');
  });

  it('answers 404, never 500, to traversal, encoded, dotted and malformed keys, folders and missing files', async () => {
    const g = `/media/${grant}/${enc.video.id}`;
    const f = enc.folder;
    const paths = [
      `${g}/${f}/../../../../etc/passwd`,
      `${g}/${f}/hls/../../source/clip.mp4`,
      `${g}/../${enc.video.id}/${master}`,
      `${g}/${f}/%2e%2e/%2e%2e/source/clip.mp4`,
      `${g}/${f}/%2E%2E%2F%2E%2E%2Fsource%2Fclip.mp4`,
      `${g}/${f}%2Fhls%2Fmaster.m3u8`,
      `${g}/${f}/hls/%6Daster.m3u8`,
      `${g}/${f}/hls\\..\\..\\source\\clip.mp4`,
      `${g}/${f}/hls/.hidden`,
      `${g}/.${f}/hls/master.m3u8`,
      `${g}/source/clip.mp4`,
      `${g}/.work-1-1/hls/master.m3u8`,
      `${g}/${f}//hls/master.m3u8`,
      `${g}/${f}/hls/`,
      `${g}/${f}/hls`,
      `${g}/${f}`,
      `${g}/${f}/a/b/c/d/e.m3u8`,
      `${g}/${f}/hls/missing.m3u8`,
      `${g}/tracks/missing.vtt`,
      `${g}/${f}/hls/master.m3u8%00.jpg`,
      `${g}/${f}/hls/master.m3u8;.jpg`,
    ];
    const server = await listen(ctx.app);
    try {
      for (const rawPath of paths) {
        const res = await rawRequest(server.port, rawPath);
        expect(res.status, rawPath).to.equal(404);
        expect(JSON.parse(res.body.toString()), rawPath).to.include({ code: 'media_not_found', status: 404 });
      }
      const head = await rawRequest(server.port, `${g}/${f}/hls/missing.m3u8`, 'HEAD');
      expect([head.status, head.body.length]).to.deep.equal([404, 0]);
    } finally {
      await server.close();
    }
  });

  it('answers 405 to methods other than GET, HEAD and OPTIONS', async () => {
    for (const method of ['post', 'put', 'delete', 'patch'] as const) {
      const res = await request(ctx.app)[method](mediaPath(grant, master));
      expectProblem(res, 405, 'method_not_allowed');
      expect(res.headers.allow).to.equal('GET, HEAD, OPTIONS');
    }
  });
});
