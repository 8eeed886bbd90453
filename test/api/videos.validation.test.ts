import { expect } from 'chai';
import request from 'supertest';
import { createUser, createVideo, type UserWithToken } from '../helpers/factories.js';
import { expectProblem } from '../helpers/problem.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

describe('videos API: bad input', () => {
  let ctx: TestApp;
  let teacher: UserWithToken;
  let stranger: UserWithToken;

  before(async () => {
    ctx = await buildTestApp();
    teacher = await createUser(ctx);
    stranger = await createUser(ctx);
  });
  after(async () => {
    await ctx.close();
  });


  async function myVideoCount(user: UserWithToken): Promise<number> {
    return (await request(ctx.app).get('/api/v1/videos').set(user.auth).expect(200)).body.count;
  }

  describe('titles', () => {
    it('refuses a 1,000-character title and creates nothing', async () => {
      const before = await myVideoCount(teacher);
      const res = await request(ctx.app).post('/api/v1/videos').set(teacher.auth).send({ title: 'x'.repeat(1000) });
      expectProblem(res, 400, 'validation_failed');
      expect(res.body.errors).to.deep.equal([{ path: 'body.title', message: 'at most 250 characters' }]);
      expect(await myVideoCount(teacher)).to.equal(before);
    });

    it('counts characters, not UTF-16 units: 250 emoji fit, 251 do not', async () => {
      const ok = await request(ctx.app).post('/api/v1/videos').set(teacher.auth).send({ title: '🎓'.repeat(250) }).expect(201);
      expect([...ok.body.title]).to.have.length(250);
      expect(ok.body.slug).to.equal(`${String(ok.body.id).padStart(4, '0')}-video`);
      expectProblem(await request(ctx.app).post('/api/v1/videos').set(teacher.auth).send({ title: '🎓'.repeat(251) }), 400, 'validation_failed');
    });

    it('keeps unicode titles intact and slugs them to ASCII', async () => {
      const title = 'Ἀριστοτέλης, Ça m’intéresse — 日本語 & Ünïcödé';
      const res = await request(ctx.app).post('/api/v1/videos').set(teacher.auth).send({ title }).expect(201);
      expect(res.body.title).to.equal(title);
      expect(res.body.slug).to.equal(`${String(res.body.id).padStart(4, '0')}-ca-minteresse-unicode`);
    });

    it('refuses empty, blank and control-character titles', async () => {
      for (const title of ['', '   ', 'bell\u0007']) {
        expectProblem(await request(ctx.app).post('/api/v1/videos').set(teacher.auth).send({ title }), 400, 'validation_failed');
      }
      expectProblem(await request(ctx.app).post('/api/v1/videos').set(teacher.auth).send({}), 400, 'validation_failed');
    });
  });

  describe('fields', () => {
    const invalid: [string, Record<string, unknown>, string][] = [
      ['an unknown field', { title: 't', is_published: true }, 'body'],
      ['a wrong licence', { title: 't', licence: 'gpl' }, 'body.licence'],
      ['an impossible date', { title: 't', date_evt: '2026-02-30' }, 'body.date_evt'],
      ['a date in another format', { title: 't', date_evt: '14/09/2026' }, 'body.date_evt'],
      ['a language that is not a code', { title: 't', main_lang: 'french' }, 'body.main_lang'],
      ['a string where a boolean goes', { title: 't', is_draft: 'no' }, 'body.is_draft'],
      ['too many tags', { title: 't', tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, 'body.tags'],
    ];
    for (const [name, body, field] of invalid) {
      it(`refuses ${name}, naming the field`, async () => {
        const res = await request(ctx.app).post('/api/v1/videos').set(teacher.auth).send(body);
        expectProblem(res, 400, 'validation_failed');
        expect(res.body.errors.map((e: { path: string }) => e.path)).to.include(field);
      });
    }

    it('refuses references to things that do not exist, listing each', async () => {
      const res = await request(ctx.app).post('/api/v1/videos').set(teacher.auth).send({ title: 't', type_id: 999, disciplines: [998], additional_owners: ['nobody-here'] });
      expectProblem(res, 400, 'invalid_video_fields');
      expect(res.body.errors.map((e: { path: string }) => e.path).sort()).to.deep.equal(['additional_owners', 'disciplines', 'type_id']);
    });

    it('refuses a JSON body over 1 MB', async () => {
      const res = await request(ctx.app).post('/api/v1/videos').set(teacher.auth).send({ title: 't', description: 'x'.repeat(1_100_000) });
      expectProblem(res, 413, 'body_too_large');
    });

    it('refuses a malformed JSON body', async () => {
      const res = await request(ctx.app).post('/api/v1/videos').set(teacher.auth).set('Content-Type', 'application/json').send('{"title": ');
      expectProblem(res, 400, 'malformed_body');
    });

    it('refuses an empty PATCH and a malformed If-Match', async () => {
      const video = await createVideo(ctx, teacher.user);
      expectProblem(await request(ctx.app).patch(`/api/v1/videos/${video.id}`).set(teacher.auth).send({}), 400, 'validation_failed');
      expectProblem(await request(ctx.app).patch(`/api/v1/videos/${video.id}`).set(teacher.auth).set('If-Match', 'yesterday').send({ title: 'x' }), 400, 'invalid_if_match');
    });

    it('refuses ids that are not video numbers', async () => {
      for (const id of ['abc', '-1', '0', '1.5', '99999999999']) {
        expectProblem(await request(ctx.app).get(`/api/v1/videos/${id}`).set(teacher.auth), 400, 'validation_failed');
      }
      expectProblem(await request(ctx.app).get('/api/v1/videos/424242').set(teacher.auth), 404, 'video_not_found');
    });

    it('refuses bad paging and answers 404 past the last page', async () => {
      expectProblem(await request(ctx.app).get('/api/v1/videos?page=0').set(teacher.auth), 400, 'validation_failed');
      expectProblem(await request(ctx.app).get('/api/v1/videos?page_size=1000').set(teacher.auth), 400, 'validation_failed');
      expectProblem(await request(ctx.app).get('/api/v1/videos?page=500').set(teacher.auth), 404, 'page_out_of_range');
    });
  });

  describe('rights', () => {
    it("hides nothing but refuses another user's video: read, change, delete", async () => {
      const video = await createVideo(ctx, teacher.user, { title: 'Mine' });
      expectProblem(await request(ctx.app).get(`/api/v1/videos/${video.id}`).set(stranger.auth), 403, 'not_video_manager');
      expectProblem(await request(ctx.app).patch(`/api/v1/videos/${video.id}`).set(stranger.auth).send({ title: 'Theirs' }), 403, 'not_video_manager');
      expectProblem(await request(ctx.app).delete(`/api/v1/videos/${video.id}`).set(stranger.auth), 403, 'not_video_manager');
      const unchanged = await request(ctx.app).get(`/api/v1/videos/${video.id}`).set(teacher.auth).expect(200);
      expect(unchanged.body).to.include({ title: 'Mine', version: 1 });
    });

    it('refuses a student who tries to create a video', async () => {
      const student = await createUser(ctx, { role: 'student' });
      expectProblem(await request(ctx.app).post('/api/v1/videos').set(student.auth).send({ title: 'mine' }), 403, 'upload_not_allowed');
    });
  });

  describe('search', () => {
    it('treats SQL-looking strings as text', async () => {
      const owner = await createUser(ctx);
      await createVideo(ctx, owner.user, { title: "Robert'); DROP TABLE videos;--" });
      await createVideo(ctx, owner.user, { title: 'Innocent' });
      for (const search of ["' OR 1=1 --", "'; DROP TABLE videos; --", '%', '\\', '" OR ""="', 'UNION SELECT password_hash FROM users']) {
        const res = await request(ctx.app).get('/api/v1/videos').query({ search }).set(owner.auth).expect(200);
        expect(res.body.count, search).to.equal(0);
      }
      const found = await request(ctx.app).get('/api/v1/videos').query({ search: 'DROP TABLE videos;--' }).set(owner.auth).expect(200);
      expect(found.body.results.map((v: { title: string }) => v.title)).to.deep.equal(["Robert'); DROP TABLE videos;--"]);
      expect(await myVideoCount(owner)).to.equal(2);
    });

    it('refuses a search longer than 200 characters', async () => {
      expectProblem(await request(ctx.app).get('/api/v1/videos').query({ search: 'a'.repeat(201) }).set(teacher.auth), 400, 'validation_failed');
    });
  });

  describe('concurrent changes', () => {
    it('two concurrent PATCHes without If-Match both apply, one after the other, nothing lost', async () => {
      const video = await createVideo(ctx, teacher.user, { title: 'Start' });
      const [a, b] = await Promise.all([
        request(ctx.app).patch(`/api/v1/videos/${video.id}`).set(teacher.auth).send({ title: 'From A', tags: ['a'] }),
        request(ctx.app).patch(`/api/v1/videos/${video.id}`).set(teacher.auth).send({ description: 'From B', allow_downloading: true }),
      ]);
      expect([a.status, b.status]).to.deep.equal([200, 200]);
      const final = await request(ctx.app).get(`/api/v1/videos/${video.id}`).set(teacher.auth).expect(200);
      expect(final.body).to.include({ title: 'From A', description: 'From B', allow_downloading: true, version: 3 });
      expect(final.body.tags).to.deep.equal(['a']);
      expect(final.body.slug).to.equal(`${String(video.id).padStart(4, '0')}-from-a`);
    });

    it('two concurrent PATCHes on the same version: exactly one wins, the other gets 412', async () => {
      const video = await createVideo(ctx, teacher.user, { title: 'Start' });
      const results = await Promise.all(
        ['Left', 'Right'].map((title) => request(ctx.app).patch(`/api/v1/videos/${video.id}`).set(teacher.auth).set('If-Match', '"1"').send({ title })),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).to.deep.equal([200, 412]);
      const winner = results.find((r) => r.status === 200)!.body.title;
      const final = await request(ctx.app).get(`/api/v1/videos/${video.id}`).set(teacher.auth).expect(200);
      expect(final.body).to.include({ title: winner, version: 2 });
    });
  });
});
