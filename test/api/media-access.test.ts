import { expect } from 'chai';
import request from 'supertest';
import type { PlayerConfig } from '../../player/src/contract/player-config.js';
import { deriveKey } from '../../server/src/domain/access/derive-key.js';
import { createMediaGrants } from '../../server/src/domain/access/media-grant.js';
import type { Video, VideoCreate } from '../../server/src/domain/videos/video.js';
import { VTT, utf8 } from '../helpers/enrichment-files.js';
import { createUser, type UserWithToken } from '../helpers/factories.js';
import { lectureClip } from '../helpers/media.js';
import { cloneEncoded, encodedVideo } from '../helpers/published-video.js';
import { buildTestApp, TEST_SECRET, type TestApp } from '../helpers/test-app.js';

/**
 * Every access rule on every kind of media file: without a grant, with an expired grant and
 * with another video's grant, nothing of a non-public video is served; the grants the owner
 * gets do open it; changing who may watch revokes them.
 */
describe('protected media: every access rule on every media kind', function () {
  this.timeout(180_000);
  let ctx: TestApp;
  let owner: UserWithToken;
  let template: Video;
  let publicGrant: string;
  let courseId = 0;

  before(async () => {
    ctx = await buildTestApp({}, undefined, { workers: 1 });
    owner = await createUser(ctx, { username: 'prof' });
    template = await encodedVideo(ctx, owner.user, await lectureClip({ seconds: 11, width: 320, height: 240 }));
    const open = await cloneEncoded(ctx, template, owner.user, { isDraft: false });
    publicGrant = ctx.services.mediaGrants.issue(open.id, open.accessEpoch, 60);
    await ctx.services.accessGroupService.create((await createUser(ctx, { role: 'admin' })).user, 'M2-SECRET', 'Master 2');
    const course = { siteId: 1, platform: 'https://moodle.example', contextId: 'c1', title: 'Cell biology', label: 'BIO' };
    courseId = (await ctx.services.accessRepository.upsertCourseMember(course, owner.user.id, ['Instructor'])).id;
  });
  after(async () => ctx?.close());

  /** A fresh non-public video with a subtitle track, and the player configuration its owner gets. */
  async function protectedVideo(fields: Partial<VideoCreate>): Promise<{ video: Video; config: PlayerConfig }> {
    const video = await cloneEncoded(ctx, template, owner.user, fields);
    await ctx.services.enrichmentService.tracks.create(owner.user, video.id, { kind: 'subtitles', lang: 'fr', file: { filename: 'fr.vtt', bytes: utf8(VTT) } });
    const config = (await request(ctx.app).get(`/api/v1/videos/${video.id}/playback`).set(owner.auth).expect(200)).body as PlayerConfig;
    return { video, config };
  }

  /** One URL per media kind, with the Range header a player would send. */
  async function mediaUrls(config: PlayerConfig): Promise<{ kind: string; url: string; range?: string }[]> {
    const master = (await request(ctx.app).get(config.sources.hls!).expect(200)).text;
    const variant = config.sources.hls!.replace('master.m3u8', master.split('\n').find((line) => line.endsWith('.m3u8'))!);
    const playlist = (await request(ctx.app).get(variant).expect(200)).text;
    const range = /#EXT-X-BYTERANGE:(\d+)@(\d+)\n([^\n]+)/.exec(playlist.slice(playlist.indexOf('#EXTINF')))!;
    const [, length, offset, file] = range;
    const storyboardVtt = (await request(ctx.app).get(config.storyboard!.vtt).expect(200)).text;
    const sprite = /\n([\w./-]+\.jpg)#xywh=/.exec(storyboardVtt)![1]!;
    return [
      { kind: 'master playlist', url: config.sources.hls! },
      { kind: 'media playlist', url: variant },
      { kind: 'segment', url: variant.replace(/[^/]+$/, file!), range: `bytes=${offset}-${Number(offset) + Number(length) - 1}` },
      { kind: 'mp4', url: config.sources.mp4[0]!.src, range: 'bytes=0-1023' },
      { kind: 'mp3', url: config.sources.audio.find((a) => a.type === 'audio/mpeg')!.src },
      { kind: 'thumbnail', url: config.poster! },
      { kind: 'storyboard', url: config.storyboard!.vtt },
      { kind: 'storyboard sprite', url: config.storyboard!.vtt.replace(/[^/]+$/, sprite) },
      { kind: 'subtitle track', url: config.tracks[0]!.src },
    ];
  }

  const grantOf = (url: string) => url.split('/')[2]!;
  const expiredGrant = (video: Video) => createMediaGrants(deriveKey(TEST_SECRET, 'media-grants'), () => Date.now() - 7 * 24 * 3600_000).issue(video.id, video.accessEpoch, 3600);

  const RULES: { name: string; fields: () => Partial<VideoCreate> }[] = [
    { name: 'draft', fields: () => ({ isDraft: true }) },
    { name: 'password', fields: () => ({ isDraft: false, password: 'opensesame' }) },
    { name: 'group', fields: () => ({ isDraft: false, accessGroups: ['M2-SECRET'] }) },
    { name: 'LMS course', fields: () => ({ isDraft: false, courseIds: [courseId] }) },
    { name: 'restricted to logged-in users', fields: () => ({ isDraft: false, isRestricted: true }) },
  ];

  for (const rule of RULES) {
    it(`keeps every file of a ${rule.name} video behind its grant`, async () => {
      const { video, config } = await protectedVideo(rule.fields());
      // Nobody outside gets a grant: not the page, not the API.
      const page = await request(ctx.app).get(`/video/${video.slug}/?is_iframe=true`);
      expect(page.text, 'the page hands out no media URL').to.not.contain('/media/');
      expect((await request(ctx.app).get(`/api/v1/videos/${video.id}/playback`)).status).to.be.oneOf([401, 403]);
      const expired = expiredGrant(video);
      for (const { kind, url, range } of await mediaUrls(config)) {
        const get = (target: string) => (range ? request(ctx.app).get(target).set('Range', range) : request(ctx.app).get(target));
        expect((await get(url)).status, `${kind} with the owner's grant`).to.be.oneOf([200, 206]);
        const withoutGrant = await get(url.replace(`/${grantOf(url)}/`, '/'));
        expect([withoutGrant.status, withoutGrant.body.code], `${kind} without a grant`).to.deep.equal([401, 'media_grant_missing']);
        const late = await get(url.replace(grantOf(url), expired));
        expect([late.status, late.body.code], `${kind} with an expired grant`).to.deep.equal([403, 'media_grant_expired']);
        const foreign = await get(url.replace(grantOf(url), publicGrant));
        expect([foreign.status, foreign.body.code], `${kind} with another video's grant`).to.deep.equal([403, 'media_grant_foreign']);
      }
    });
  }

  it('revokes grants when who may watch changes, and the new grants work', async () => {
    const { video, config } = await protectedVideo({ isDraft: false, password: 'first' });
    const urls = await mediaUrls(config);
    // No waiting for the epoch cache: a change made in this process refreshes it at once.
    await ctx.services.videoService.update(owner.user, video.id, { password: 'second' });
    for (const { kind, url } of urls) {
      const answer = await request(ctx.app).get(url);
      expect([answer.status, answer.body.code], kind).to.deep.equal([403, 'media_grant_revoked']);
    }
    const fresh = (await request(ctx.app).get(`/api/v1/videos/${video.id}/playback`).set('X-Video-Password', 'second').expect(200)).body as PlayerConfig;
    await request(ctx.app).get(fresh.sources.hls!).expect(200);
  });

  it('gives public videos long-lived grants and the others short ones', async () => {
    const open = await cloneEncoded(ctx, template, owner.user, { isDraft: false });
    const publicConfig = (await request(ctx.app).get(`/api/v1/videos/${open.id}/playback`).expect(200)).body as PlayerConfig;
    const { config } = await protectedVideo({ isDraft: true });
    const expiry = (url: string) => parseInt(grantOf(url).split('.')[3]!, 36) * 1000 - Date.now();
    expect(expiry(publicConfig.sources.hls!)).to.be.greaterThan(ctx.config.media.grantTtlSeconds * 1000);
    expect(expiry(config.sources.hls!)).to.be.at.most(ctx.config.media.grantTtlSeconds * 1000 * 1.125 + 1000);
    const cached = await request(ctx.app).get(publicConfig.sources.hls!).expect(200);
    expect(cached.headers['cache-control']).to.match(/^public, max-age=\d+, immutable$/);
    const privateAnswer = await request(ctx.app).get(config.sources.hls!).expect(200);
    expect(privateAnswer.headers['cache-control']).to.match(/^private, max-age=\d+/);
  });
});
