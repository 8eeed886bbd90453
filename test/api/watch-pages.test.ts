import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import type { User } from '../../server/src/domain/users/user.js';
import type { Video } from '../../server/src/domain/videos/video.js';
import type { PlayerConfig } from '../../player/src/contract/player-config.js';
import { createUser, type UserWithToken } from '../helpers/factories.js';
import { lectureClip } from '../helpers/media.js';
import { cloneEncoded, encodedVideo } from '../helpers/published-video.js';
import { buildTestApp, TEST_PUBLIC_URL, type TestApp } from '../helpers/test-app.js';
import { loggedInAgent } from '../helpers/web-session.js';
import { PNG, VTT, utf8 } from '../helpers/enrichment-files.js';

/** The player configuration embedded in a page, or null. */
export function configIn(page: string): PlayerConfig | null {
  const match = /<script type="application\/json" id="lectern-player-config">([^<]*)<\/script>/.exec(page);
  return match ? (JSON.parse(match[1]!) as PlayerConfig) : null;
}

describe('video page /video/<slug>/', function () {
  this.timeout(120_000);
  let ctx: TestApp;
  let owner: UserWithToken;
  let template: Video;

  before(async () => {
    ctx = await buildTestApp({}, undefined, { workers: 1 });
    owner = await createUser(ctx, { username: 'prof' });
    // Long enough for a storyboard (10 s and more).
    template = await encodedVideo(ctx, owner.user, await lectureClip({ seconds: 11, width: 320, height: 240 }));
  });
  after(async () => ctx?.close());

  const publicVideo = (fields = {}) => cloneEncoded(ctx, template, owner.user, { isDraft: false, ...fields });
  const page = (video: Video, suffix = '') => `/video/${video.slug}/${suffix}`;

  it('shows a public video to anyone, with the player, its grants and an oEmbed link', async () => {
    const video = await publicVideo({ title: 'Intégrales & séries' });
    const response = await request(ctx.app).get(page(video)).expect(200);
    expect(response.headers['cache-control']).to.equal('private, no-store');
    expect(response.headers['x-frame-options']).to.equal(undefined);
    const config = configIn(response.text)!;
    expect(config.videoId).to.equal(video.id);
    expect(config.title).to.equal('Intégrales & séries');
    expect(config.kind).to.equal('video');
    expect(config.sources.hls).to.match(/^\/media\/g1\.[^/]+\/.+\/hls\/master\.m3u8$/);
    expect(config.sources.mp4.length).to.be.greaterThan(0);
    expect(config.poster).to.match(/thumbnails\/\d\.jpg$/);
    expect(config.storyboard?.vtt).to.match(/storyboard\/storyboard\.vtt$/);
    expect(config.resume, 'anonymous viewers have no resume position').to.equal(null);
    expect(config.pageUrl).to.equal(`${TEST_PUBLIC_URL}/video/${video.slug}/`);
    expect(config.texts).to.be.an('object');
    expect(response.text).to.contain('<link rel="stylesheet" href="/assets/player.css">');
    expect(response.text).to.contain('application/json+oembed');
    expect(response.text).to.contain('allow=&quot;fullscreen; autoplay&quot;');
    await request(ctx.app).get(config.sources.hls!).expect(200).expect('content-type', /mpegurl/);
  });

  it("gives the player the video's chapters, tracks, enrichments and overlays, files behind the same grant", async () => {
    const video = await publicVideo();
    const { enrichmentService } = ctx.services;
    await enrichmentService.chapters.create(owner.user, video.id, { title: 'Introduction', start: 0 });
    await enrichmentService.chapters.create(owner.user, video.id, { title: 'Partie 2', start: 5.5 });
    await enrichmentService.tracks.create(owner.user, video.id, { kind: 'subtitles', lang: 'fr', file: { filename: 'fr.vtt', bytes: utf8(VTT) } });
    await enrichmentService.tracks.create(owner.user, video.id, { kind: 'captions', lang: 'en', label: 'English, by the author', file: { filename: 'en.vtt', bytes: utf8(VTT) } });
    const pngPath = path.join(ctx.varDir, 'schema.png');
    await writeFile(pngPath, PNG);
    await enrichmentService.enrichments.create(owner.user, video.id, { title: 'Schéma', type: 'image', start: 1, end: 3, stopVideo: true, file: { localPath: pngPath, filename: 'schema.png', size: PNG.length, head: PNG } });
    await enrichmentService.enrichments.create(owner.user, video.id, { title: 'Lien', type: 'weblink', start: 4, end: 6, weblink: 'https://example.org/cours' });
    await enrichmentService.overlays.create(owner.user, video.id, { title: 'Note', content: '<b>Attention</b><script>x()</script>', start: 2, end: 4, position: 'top-left' });
    const config = configIn((await request(ctx.app).get(page(video)).set('Accept-Language', 'en').expect(200)).text)!;
    expect(config.chapters).to.deep.equal([{ title: 'Introduction', start: 0 }, { title: 'Partie 2', start: 5.5 }]);
    expect(config.tracks.map((t) => [t.kind, t.lang, t.label]).sort()).to.deep.equal([['captions', 'en', 'English, by the author (CC)'], ['subtitles', 'fr', 'French']].sort());
    for (const track of config.tracks) {
      const vtt = await request(ctx.app).get(track.src).expect(200).expect('content-type', 'text/vtt; charset=utf-8');
      expect(vtt.text).to.contain('Bonjour à tous');
    }
    const [image, link] = config.enrichments;
    expect(image).to.include({ title: 'Schéma', type: 'image', start: 1, end: 3, stopVideo: true, fileName: 'schema.png', fileType: 'image/png' });
    expect((await request(ctx.app).get(image!.url!).expect(200).expect('content-type', 'image/png')).body).to.deep.equal(PNG);
    expect(link).to.include({ type: 'weblink', url: 'https://example.org/cours', fileName: null });
    expect(config.overlays).to.deep.equal([{ id: config.overlays[0]!.id, html: '<b>Attention</b>', position: 'top-left', background: true, start: 2, end: 4 }]);
  });

  it('serves the bare iframe form with ?is_iframe=true', async () => {
    const video = await publicVideo();
    const response = await request(ctx.app).get(`${page(video)}?is_iframe=true`).expect(200);
    expect(response.text).to.contain('<body class="embed">');
    expect(response.text).to.not.contain('site-header');
    expect(configIn(response.text)?.videoId).to.equal(video.id);
  });

  it('redirects old slugs and bare ids to the current slug, keeping the query', async () => {
    const video = await publicVideo({ title: 'Current title' });
    const id = String(video.id).padStart(4, '0');
    await request(ctx.app).get(`/video/${id}-an-old-title/?is_iframe=true`).expect(301).expect('location', `/video/${video.slug}/?is_iframe=true`);
    await request(ctx.app).get(`/video/${video.id}`).expect(301).expect('location', `/video/${video.slug}/`);
    await request(ctx.app).get('/video/not-a-slug/').expect(404);
    await request(ctx.app).get('/video/999999-nothing/').expect(404);
  });

  it('says so while a video is not encoded yet', async () => {
    const video = await ctx.services.videoService.create(owner.user, { title: 'Coming soon', isDraft: false });
    const response = await request(ctx.app).get(page(video)).set('Accept-Language', 'en').expect(200);
    expect(configIn(response.text)).to.equal(null);
    expect(response.text).to.contain('being prepared');
  });

  it('keeps drafts to owners, co-owners and admins', async () => {
    const coOwner = await createUser(ctx, { username: 'coprof' });
    const video = await publicVideo({ isDraft: true, additionalOwners: ['coprof'] });
    await request(ctx.app).get(page(video)).expect(302).expect('location', `/login?next=${encodeURIComponent(page(video))}`);
    const framed = await request(ctx.app).get(`${page(video)}?is_iframe=true`).expect(401);
    expect(framed.text).to.contain('target="_blank"');
    expect(configIn(framed.text)).to.equal(null);
    const student = await createUser(ctx, { username: 'student1', role: 'student' });
    const refused = await (await loggedInAgent(ctx.app, student.user.username)).agent.get(page(video)).expect(403);
    expect(configIn(refused.text)).to.equal(null);
    for (const who of [owner.user, coOwner.user, (await createUser(ctx, { username: 'boss', role: 'admin' })).user]) {
      const response = await (await loggedInAgent(ctx.app, who.username)).agent.get(page(video)).expect(200);
      expect(configIn(response.text)?.videoId, who.username).to.equal(video.id);
    }
  });

  it('asks anonymous viewers to log in for a restricted video', async () => {
    const video = await publicVideo({ isRestricted: true });
    await request(ctx.app).get(page(video)).expect(302);
    const student = await createUser(ctx, { role: 'student' });
    const response = await (await loggedInAgent(ctx.app, student.user.username)).agent.get(page(video)).expect(200);
    expect(configIn(response.text)).to.not.equal(null);
  });

  it('opens a group or course video to members only', async () => {
    const admin = await createUser(ctx, { role: 'admin' });
    await ctx.services.accessGroupService.create(admin.user, 'L1-MATH', 'Licence 1 maths');
    const member = await createUser(ctx, { role: 'student' });
    const courseMember = await createUser(ctx, { role: 'student' });
    const outsider = await createUser(ctx, { role: 'student' });
    await ctx.services.accessGroupService.addMembers(admin.user, 'L1-MATH', [member.user.username]);
    const course = await ctx.services.accessRepository.upsertCourseMember({ siteId: 1, platform: 'https://moodle.example', contextId: '42', title: 'Algebra', label: 'ALG' }, courseMember.user.id, ['Learner']);
    await ctx.services.accessRepository.upsertCourseMember({ siteId: 1, platform: 'https://moodle.example', contextId: '42', title: 'Algebra', label: 'ALG' }, owner.user.id, ['Instructor']);
    const video = await publicVideo({ accessGroups: ['l1-math'], courseIds: [course.id] });
    expect(video.accessGroups.map((g) => g.codeName)).to.deep.equal(['L1-MATH']);
    expect(video.courses.map((c) => c.id)).to.deep.equal([course.id]);
    await request(ctx.app).get(page(video)).expect(302);
    await (await loggedInAgent(ctx.app, outsider.user.username)).agent.get(page(video)).expect(403);
    await (await loggedInAgent(ctx.app, member.user.username)).agent.get(page(video)).expect(200);
    await (await loggedInAgent(ctx.app, courseMember.user.username)).agent.get(page(video)).expect(200);
  });

  it('asks for the password, answers the player itself when it is right (no cookie needed) and remembers it in the session', async () => {
    const video = await publicVideo({ password: 'sesame 2024' });
    const form = await request(ctx.app).get(page(video)).expect(200);
    expect(form.text).to.contain('name="password"');
    expect(configIn(form.text)).to.equal(null);
    const wrong = await request(ctx.app).post(page(video)).type('form').send({ password: 'nope' }).expect(400);
    expect(wrong.text).to.contain('aria-invalid="true"');
    expect(configIn(wrong.text)).to.equal(null);
    // Cookieless (an LMS iframe with third-party cookies blocked): no CSRF token, no session.
    const right = await request(ctx.app).post(`${page(video)}?is_iframe=true`).type('form').send({ password: 'sesame 2024' }).expect(200);
    expect(configIn(right.text)?.videoId).to.equal(video.id);
    // With cookies, the session remembers it.
    const agent = request.agent(ctx.app);
    await agent.get(page(video)).expect(200);
    await agent.post(page(video)).type('form').send({ password: 'sesame 2024' }).expect(200);
    expect(configIn((await agent.get(page(video)).expect(200)).text)?.videoId).to.equal(video.id);
    // A new password locks the session out again.
    await ctx.services.videoService.update(owner.user, video.id, { password: 'another one' });
    expect(configIn((await agent.get(page(video)).expect(200)).text)).to.equal(null);
  });

  it('opens any video through a live share link, and no longer once revoked', async () => {
    const video = await publicVideo({ isDraft: true, password: 'secret', accessGroups: [] });
    const created = await request(ctx.app).post(`/api/v1/videos/${video.id}/share-links`).set(owner.auth).send({ label: 'Jury' }).expect(201);
    expect(created.body.url).to.match(new RegExp(`^${TEST_PUBLIC_URL}/video/${video.slug}/\\d+-[\\w-]{32}/$`));
    const path = new URL(created.body.url as string).pathname;
    const opened = await request(ctx.app).get(path).expect(200);
    const config = configIn(opened.text)!;
    expect(config.videoId).to.equal(video.id);
    expect(config.resume).to.equal(null);
    await request(ctx.app).get(config.sources.hls!).expect(200);
    await request(ctx.app).get(`${path.slice(0, -2)}x/`).expect(302); // a forged token opens nothing
    await request(ctx.app).delete(`/api/v1/videos/${video.id}/share-links/${created.body.id}`).set(owner.auth).expect(204);
    await request(ctx.app).get(path).expect(302);
    const revoked = await request(ctx.app).get(config.sources.hls!).expect(403);
    expect(revoked.body.code, 'the media grant given through the link died with it').to.equal('media_grant_revoked');
    const listed = await request(ctx.app).get(`/api/v1/videos/${video.id}/share-links`).set(owner.auth).expect(200);
    expect(listed.body[0].revoked_at).to.be.a('string');
  });
});

describe('player progress and the playback API', function () {
  this.timeout(120_000);
  let ctx: TestApp;
  let owner: UserWithToken;
  let template: Video;
  let student: User;

  before(async () => {
    ctx = await buildTestApp({}, undefined, { workers: 1 });
    owner = await createUser(ctx, { username: 'prof' });
    student = (await createUser(ctx, { username: 'student', role: 'student' })).user;
    template = await encodedVideo(ctx, owner.user, await lectureClip({ seconds: 3, width: 320, height: 240 }));
  });
  after(async () => ctx?.close());

  it("saves a logged-in viewer's position with the viewer token, without cookies or CSRF token", async () => {
    const video = await cloneEncoded(ctx, template, owner.user, { isDraft: false });
    const { agent } = await loggedInAgent(ctx.app, student.username);
    const config = configIn((await agent.get(`/video/${video.slug}/`).expect(200)).text)!;
    expect(config.resume?.position).to.equal(null);
    expect(config.resume?.saveUrl).to.equal(`/api/v1/videos/${video.id}/position`);
    await request(ctx.app).post(config.resume!.saveUrl).set('X-Lectern-Viewer', config.resume!.token).send({ position: 1.25 }).expect(204);
    // Also from the page's own origin with the session cookie present: the header is the credential.
    await agent.post(config.resume!.saveUrl).set('X-Lectern-Viewer', config.resume!.token).send({ position: 1.5 }).expect(204);
    const again = configIn((await agent.get(`/video/${video.slug}/`).expect(200)).text)!;
    expect(again.resume?.position).to.equal(1.5);
  });

  it('refuses positions without a valid viewer token for that video', async () => {
    const video = await cloneEncoded(ctx, template, owner.user, { isDraft: false });
    const other = await cloneEncoded(ctx, template, owner.user, { isDraft: false });
    const { agent } = await loggedInAgent(ctx.app, student.username);
    const config = configIn((await agent.get(`/video/${other.slug}/`).expect(200)).text)!;
    const foreign = await request(ctx.app).post(`/api/v1/videos/${video.id}/position`).set('X-Lectern-Viewer', config.resume!.token).send({ position: 1 }).expect(400);
    expect(foreign.body.code).to.equal('viewer_token_invalid');
    const none = await request(ctx.app).post(`/api/v1/videos/${video.id}/position`).send({ position: 1 }).expect(400);
    expect(none.body.code).to.equal('viewer_token_invalid');
    const negative = await request(ctx.app).post(`/api/v1/videos/${other.id}/position`).set('X-Lectern-Viewer', config.resume!.token).send({ position: -3 }).expect(400);
    expect(negative.body.code).to.equal('validation_failed');
  });

  it('gives API clients the player configuration under the same rules', async () => {
    const open = await cloneEncoded(ctx, template, owner.user, { isDraft: false });
    const body = (await request(ctx.app).get(`/api/v1/videos/${open.id}/playback`).expect(200)).body as PlayerConfig;
    expect(body.sources.hls).to.match(/^\/media\//);
    const draft = await cloneEncoded(ctx, template, owner.user, { isDraft: true });
    expect((await request(ctx.app).get(`/api/v1/videos/${draft.id}/playback`).expect(401)).body.code).to.equal('login_required');
    await request(ctx.app).get(`/api/v1/videos/${draft.id}/playback`).set(owner.auth).expect(200);
    const locked = await cloneEncoded(ctx, template, owner.user, { isDraft: false, password: 'pw-123' });
    expect((await request(ctx.app).get(`/api/v1/videos/${locked.id}/playback`).expect(403)).body.code).to.equal('video_password_required');
    expect((await request(ctx.app).get(`/api/v1/videos/${locked.id}/playback`).set('X-Video-Password', 'wrong').expect(403)).body.code).to.equal('video_password_required');
    await request(ctx.app).get(`/api/v1/videos/${locked.id}/playback`).set('X-Video-Password', 'pw-123').expect(200);
    const studentToken = (await ctx.services.tokenService.create(student.id, 't')).key;
    expect((await request(ctx.app).get(`/api/v1/videos/${draft.id}/playback`).set('Authorization', `Token ${studentToken}`).expect(403)).body.code).to.equal('video_forbidden');
  });

  it('answers oEmbed for public videos only', async () => {
    const open = await cloneEncoded(ctx, template, owner.user, { isDraft: false, title: 'Cours "1" <intro>' });
    const url = `${TEST_PUBLIC_URL}/video/${open.slug}/`;
    const response = await request(ctx.app).get('/oembed').query({ url, format: 'json', maxwidth: '320' }).expect(200);
    expect(response.headers['access-control-allow-origin']).to.equal('*');
    expect(response.body).to.include({ version: '1.0', type: 'video', provider_name: 'Lectern', title: 'Cours "1" <intro>', width: 320, height: 240 });
    expect(response.body.html).to.equal(
      `<iframe src="${TEST_PUBLIC_URL}/video/${open.slug}/?is_iframe=true" width="320" height="240" style="border:0" allow="fullscreen; autoplay" allowfullscreen title="Cours &quot;1&quot; &lt;intro>"></iframe>`,
    );
    expect(response.body.thumbnail_url).to.match(/^http:\/\/lectern\.test\/media\/g1\./);
    const draft = await cloneEncoded(ctx, template, owner.user, { isDraft: true });
    await request(ctx.app).get('/oembed').query({ url: `${TEST_PUBLIC_URL}/video/${draft.slug}/` }).expect(401);
    await request(ctx.app).get('/oembed').query({ url: 'https://elsewhere.example/video/0001-x/' }).expect(400);
    await request(ctx.app).get('/oembed').query({ url: `${TEST_PUBLIC_URL}/video/999999-none/` }).expect(404);
    await request(ctx.app).get('/oembed').query({ url, format: 'xml' }).expect(501);
  });
});
