import { expect } from 'chai';
import request from 'supertest';
import type { Video } from '../../server/src/domain/videos/video.js';
import { createUser, createVideo, type UserWithToken } from '../helpers/factories.js';
import { audioClip, lectureClip } from '../helpers/media.js';
import { RepositoryPodPlugin, type PluginSettings } from '../helpers/moodle-repository-pod.js';
import { cloneEncoded, encodedVideo } from '../helpers/published-video.js';
import { buildTestApp, TEST_PUBLIC_URL, type TestApp } from '../helpers/test-app.js';

/**
 * Moodle's repository_pod plugin against Lectern: the exact requests of moodle-observed §8.2,
 * every field the plugin reads, and what the file picker ends up showing and playing.
 */
describe('Moodle repository_pod plugin: the three calls', function () {
  this.timeout(240_000);
  let ctx: TestApp;
  let admin: UserWithToken;
  let teacher: UserWithToken;
  let key: string;
  let lab: Video;
  let draft: Video;
  let locked: Video;
  let audio: Video;
  const settings = (overrides: Partial<PluginSettings> = {}): PluginSettings => ({ apiKey: key, pageSize: 12, extensions: 'mp4,mp3', https: true, qualityMode: 'lower', thumbnail: null, ...overrides });

  before(async () => {
    // Two MP4 renditions (144p, 240p) from a 320×240 source, so quality modes differ.
    ctx = await buildTestApp({ ENCODING_LADDER: '144p:200:48:mp4,240p:400:64:mp4' }, undefined, { workers: 1 });
    admin = await createUser(ctx, { role: 'admin', username: 'moodle-admin' });
    teacher = await createUser(ctx, { username: 'teacher1' });
    key = (await ctx.services.bridgeKeyService.create(admin.user, { name: 'Moodle LAB', siteId: null, usernameMapping: 'username', identityIssuer: null, pageSize: 12 })).key;
    const template = await encodedVideo(ctx, teacher.user, await lectureClip({ seconds: 3, width: 320, height: 240 }));
    audio = await encodedVideo(ctx, teacher.user, await audioClip());
    audio = await ctx.services.videoService.update(teacher.user, audio.id, { title: 'Podcast one', isDraft: false });
    draft = await cloneEncoded(ctx, template, teacher.user, { title: 'Draft lecture' });
    locked = await cloneEncoded(ctx, template, teacher.user, { title: 'Locked lecture', isDraft: false, password: 'open sesame' });
    lab = await cloneEncoded(ctx, template, teacher.user, { title: 'Lab video one', isDraft: false, dateEvt: '2026-01-15' });
    // The encoded template served its purpose: the listings hold the four videos above.
    await ctx.services.videoService.remove(teacher.user, template.id);
  });
  after(async () => ctx?.close());

  it('lists the teacher\'s videos as file-picker entries, one per extension, newest first', async () => {
    const plugin = new RepositoryPodPlugin(ctx.app, settings());
    const listing = await plugin.listing('teacher1');
    expect(plugin.requests).to.deep.equal(['/rest/videos/user_videos/?&username=teacher1&format=json&encoding_in_progress=False&extensions=mp4%2Cmp3']);
    expect(listing).to.include({ total: 4, pages: 1, perpage: 12, page: 1 });
    // As in Pod, a video with an MP3 besides its MP4s is two entries (the plugin keys on extension).
    expect(listing.list.map((entry) => entry.title)).to.deep.equal([
      'Lab video one.mp4',
      'Lab video one.mp3',
      'Locked lecture.mp4',
      'Locked lecture.mp3',
      'Draft lecture.mp4',
      'Draft lecture.mp3',
      'Podcast one.mp3',
    ]);
    const entry = listing.list[0]!;
    expect(entry).to.deep.include({ source: lab.id, url: `https://lectern.test/video/${lab.slug}/`, author: 'teacher1', size: null, license: '-', extension: '.mp4' });
    expect(entry.datemodified).to.equal(Math.floor(lab.createdAt.getTime() / 1000));
    expect(entry.datecreated).to.equal(Date.parse('2026-01-15T00:00:00Z') / 1000);
    expect(entry.thumbnail).to.match(new RegExp(`^https://lectern\\.test/media/g1\\.${lab.id}\\.[^/]+/${lab.id}/media-[^/]+/.+\\.(jpg|png|webp)$`));
  });

  it('answers with the item shape the plugin reads, including top-level date_evt and duration', async () => {
    const res = await request(ctx.app).get('/rest/videos/user_videos/?&username=teacher1&format=json&encoding_in_progress=False&extensions=mp4%2Cmp3').set('Authorization', `Token ${key}`).set('Content-Type', 'application/json').expect(200);
    expect(res.body).to.have.keys('count', 'next', 'previous', 'results');
    const item = res.body.results.find((candidate: { id: number }) => candidate.id === lab.id);
    expect(item).to.include({ id: lab.id, url: `${TEST_PUBLIC_URL}/rest/videos/${lab.id}/`, date_evt: '2026-01-15', duration: 3, is_draft: false, encoded: true, encoding_in_progress: false });
    expect(Date.parse(item.date_added)).to.equal(lab.createdAt.getTime());
    const data = item.video_data;
    expect(data).to.include({ mediatype: 'video', title: 'Lab video one', owner: 'teacher1', owner_full_name: 'Ada Lovelace', full_url: `//lectern.test/video/${lab.slug}/`, duration: '3', duration_in_time: '00:00:03', password: false });
    expect(data.thumbnail).to.match(/^\/\/lectern\.test\/media\//);
    expect(Object.keys(data.video_files)).to.deep.equal(['mp4', 'mp3']);
    expect(data.video_files.mp3).to.have.length(1);
    expect(data.video_files.mp3[0]).to.include({ type: 'audio/mp3', extension: '.mp3', label: 'audio', height: null });
    expect(data.video_files.mp4.map((file: { height: number }) => file.height)).to.deep.equal([144, 240]);
    for (const file of data.video_files.mp4) {
      expect(file).to.include({ type: 'video/mp4', extension: '.mp4' });
      expect(file.src).to.match(new RegExp(`^/media/g1\\.${lab.id}\\.`));
    }
    expect(data.video_files.mp4.map((file: { label: string }) => file.label)).to.deep.equal(['144p', '240p']);
  });

  it('gives audio-only videos the audio media type and mp3 files', async () => {
    const res = await request(ctx.app).get('/rest/videos/user_videos/?&username=teacher1&format=json&encoding_in_progress=False&extensions=mp4%2Cmp3%2Cm4a').set('Authorization', `Token ${key}`).expect(200);
    const data = res.body.results.find((candidate: { id: number }) => candidate.id === audio.id).video_data;
    expect(data.mediatype).to.equal('audio');
    expect(Object.keys(data.video_files).sort()).to.deep.equal(['m4a', 'mp3']);
    expect(data.video_files.mp3[0]).to.include({ type: 'audio/mp3', extension: '.mp3', label: 'audio', height: null });
    expect(data.video_files.m4a[0]).to.include({ type: 'video/mp4', extension: '.m4a' });
    const plugin = new RepositoryPodPlugin(ctx.app, settings());
    const url = await plugin.playbackUrl(audio.id, 'Podcast one.mp3');
    expect(plugin.requests).to.deep.equal([`/rest/encodings_audio/audio_encodedfiles/?&format=json&video=${audio.id}&extension=mp3`]);
    const media = await request(ctx.app).get(new URL(url).pathname).expect(200);
    expect(media.headers['content-type']).to.match(/^audio\/mpeg/);
  });

  it('keeps only the extensions the Moodle administrator accepts; a video with none left has an empty string', async () => {
    const res = await request(ctx.app).get('/rest/videos/user_videos/?&username=teacher1&format=json&extensions=m4a').set('Authorization', `Token ${key}`).expect(200);
    const byId = new Map(res.body.results.map((item: { id: number; video_data: { video_files: unknown } }) => [item.id, item.video_data.video_files]));
    expect(byId.get(lab.id)).to.equal('');
    expect(Object.keys(byId.get(audio.id) as object)).to.deep.equal(['m4a']);
  });

  it('plays the lowest or best MP4 through a signed media URL, even for a draft or a password-protected video', async () => {
    for (const video of [lab, draft, locked]) {
      for (const qualityMode of ['lower', 'best'] as const) {
        const plugin = new RepositoryPodPlugin(ctx.app, settings({ qualityMode }));
        const url = await plugin.playbackUrl(video.id, `${video.title}.mp4`);
        expect(plugin.requests).to.deep.equal([`/rest/encodings_video/video_encodedfiles/?&format=json&video=${video.id}&extension=mp4`]);
        expect(url).to.match(new RegExp(`^${TEST_PUBLIC_URL}/media/g1\\.${video.id}\\.[^/]+/${video.id}/media-[^/]+/mp4/${qualityMode === 'lower' ? '144p' : '240p'}\\.mp4$`));
        const media = await request(ctx.app).get(new URL(url).pathname).set('Range', 'bytes=0-7').expect(206);
        expect(media.body.subarray(4, 8).toString('latin1')).to.equal('ftyp');
      }
    }
    // With another video's grant the same file is refused: the media stay protected.
    const plugin = new RepositoryPodPlugin(ctx.app, settings());
    const path = new URL(await plugin.playbackUrl(draft.id, 'Draft lecture.mp4')).pathname;
    const labGrant = ctx.services.mediaGrants.issue(lab.id, lab.accessEpoch, 60);
    const refused = await request(ctx.app).get(path.replace(/^\/media\/[^/]+\//, `/media/${labGrant}/`)).expect(403);
    expect(refused.body.code).to.equal('media_grant_foreign');
  });

  it('answers the encoded-files call with a bare array sorted by height, and [] for an unknown video or extension', async () => {
    const res = await request(ctx.app).get(`/rest/encodings_video/video_encodedfiles/?&format=json&video=${lab.id}&extension=mp4`).set('Authorization', `Token ${key}`).set('Content-Type', 'application/json').expect(200);
    expect(res.body).to.be.an('array').with.length(2);
    expect(res.body.map((file: { name: string }) => file.name)).to.deep.equal(['144p', '240p']);
    expect(res.body[0]).to.include({ video: `${TEST_PUBLIC_URL}/rest/videos/${lab.id}/`, rendition: `${TEST_PUBLIC_URL}/rest/renditions/144/`, encoding_format: 'video/mp4' });
    expect(res.body[0].url).to.equal(`${TEST_PUBLIC_URL}/rest/encodings_video/${res.body[0].id}/`);
    await request(ctx.app).get('/rest/encodings_video/video_encodedfiles/?&format=json&video=999999&extension=mp4').set('Authorization', `Token ${key}`).expect(200, []);
    await request(ctx.app).get(`/rest/encodings_video/video_encodedfiles/?&format=json&video=${lab.id}&extension=webm`).set('Authorization', `Token ${key}`).expect(200, []);
    const plugin = new RepositoryPodPlugin(ctx.app, settings());
    let thrown: unknown;
    await plugin.playbackUrl(999999, 'Gone.mp4').catch((error: unknown) => (thrown = error));
    expect((thrown as Error).message).to.equal('podfilenotfound');
  });

  it('refuses a video id that is not a number with a DRF field error', async () => {
    const res = await request(ctx.app).get('/rest/encodings_video/video_encodedfiles/?video=abc&extension=mp4').set('Authorization', `Token ${key}`).expect(400);
    expect(res.body).to.deep.equal({ video: ['Enter a whole number.'] });
    expect(res.headers['x-lectern-error-code']).to.equal('invalid_filter');
  });

  it('gives the slug for the enriched view, and that page can be framed by Moodle', async () => {
    const plugin = new RepositoryPodPlugin(ctx.app, settings());
    const url = await plugin.enrichedViewUrl(TEST_PUBLIC_URL, lab.id);
    expect(plugin.requests).to.deep.equal([`/rest/videos/${lab.id}/?format=json`]);
    expect(url).to.equal(`${TEST_PUBLIC_URL}/video/${lab.slug}/?is_iframe=true`);
    const page = await request(ctx.app).get(new URL(url).pathname + new URL(url).search).expect(200);
    expect(page.headers['x-frame-options']).to.equal(undefined);
    expect(page.text).to.contain('Lab video one');
    await request(ctx.app).get('/rest/videos/999999/?format=json').set('Authorization', `Token ${key}`).expect(404, { detail: 'Not found.' });
  });

  it('searches titles (case and accents ignored) and carries the search text', async () => {
    const plugin = new RepositoryPodPlugin(ctx.app, settings());
    const listing = await plugin.listing('teacher1', { search: 'LÉCTURE' });
    expect(plugin.requests[0]).to.equal('/rest/videos/user_videos/?&username=teacher1&format=json&encoding_in_progress=False&extensions=mp4%2Cmp3&search_title=L%C3%89CTURE');
    expect(listing.searchtext).to.equal('LÉCTURE');
    expect(listing.list.map((entry) => entry.title)).to.deep.equal(['Locked lecture.mp4', 'Locked lecture.mp3', 'Draft lecture.mp4', 'Draft lecture.mp3']);
    const none = await plugin.listing('teacher1', { search: 'nothing like this' });
    expect(none).to.include({ total: 0, pages: 0 });
    expect(none.list).to.deep.equal([]);
  });

  it('leaves out videos being encoded, videos only co-owned and other people\'s videos', async () => {
    const other = await createUser(ctx, { username: 'teacher2' });
    const coOwned = await createVideo(ctx, other.user, { title: 'Shared lecture', additionalOwners: ['teacher1'] });
    const encoding = await createVideo(ctx, teacher.user, { title: 'Still encoding' });
    await ctx.database.db.updateTable('videos').set({ status: 'encoding' }).where('id', '=', encoding.id).execute();
    const res = await request(ctx.app).get('/rest/videos/user_videos/?&username=teacher1&format=json&encoding_in_progress=False').set('Authorization', `Token ${key}`).expect(200);
    const ids = res.body.results.map((item: { id: number }) => item.id);
    expect(ids).to.not.include(coOwned.id);
    expect(ids).to.not.include(encoding.id);
    const all = await request(ctx.app).get('/rest/videos/user_videos/?username=teacher1').set('Authorization', `Token ${key}`).expect(200);
    expect(all.body.results.map((item: { id: number }) => item.id)).to.include(encoding.id);
    const inProgress = await request(ctx.app).get('/rest/videos/user_videos/?username=teacher1&encoding_in_progress=true').set('Authorization', `Token ${key}`).expect(200);
    expect(inProgress.body.results.map((item: { id: number }) => item.id)).to.deep.equal([encoding.id]);
    await ctx.services.videoService.remove(teacher.user, encoding.id);
  });

  it('lists a draft and a password-protected video for their owner, flagged as such', async () => {
    const res = await request(ctx.app).get('/rest/videos/user_videos/?username=teacher1').set('Authorization', `Token ${key}`).expect(200);
    const byId = new Map(res.body.results.map((item: { id: number }) => [item.id, item]));
    expect(byId.get(draft.id)).to.deep.include({ is_draft: true });
    expect((byId.get(locked.id) as { video_data: { password: boolean } }).video_data.password).to.equal(true);
  });
});
