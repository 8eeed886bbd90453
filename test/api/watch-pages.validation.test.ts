import { expect } from 'chai';
import request from 'supertest';
import { createUser } from '../helpers/factories.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

describe('video page: refusals', () => {
  let ctx: TestApp;
  before(async () => {
    ctx = await buildTestApp({ LOGIN_RATE_LIMIT: '2' });
  });
  after(async () => ctx?.close());

  it('limits wrong passwords per address and video, and keeps the limit to that video', async () => {
    const { user } = await createUser(ctx);
    const locked = await ctx.services.videoService.create(user, { title: 'Locked', isDraft: false, password: 'right-password' });
    const other = await ctx.services.videoService.create(user, { title: 'Other', isDraft: false, password: 'right-password' });
    const page = `/video/${locked.slug}/`;
    await request(ctx.app).post(page).type('form').send({ password: 'wrong 1' }).expect(400);
    await request(ctx.app).post(page).type('form').send({ password: 'wrong 2' }).expect(400);
    const limited = await request(ctx.app).post(page).type('form').send({ password: 'right-password' }).set('Accept-Language', 'en').set('Accept', 'text/html');
    expect(limited.status).to.equal(429);
    expect(limited.text).to.contain('Too many wrong passwords for this video.');
    const api = await request(ctx.app).post(page).type('form').send({ password: 'x' }).set('Accept', 'application/json');
    expect([api.status, api.body.code]).to.deep.equal([429, 'too_many_password_attempts']);
    await request(ctx.app).post(`/video/${other.slug}/`).type('form').send({ password: 'wrong' }).expect(400);
  });

  it('answers 404 for an unknown video or a slug that is not one, whatever the method', async () => {
    await request(ctx.app).post('/video/999999-nothing/').type('form').send({ password: 'x' }).expect(404);
    await request(ctx.app).get('/video/no-number-here/').expect(404);
    await request(ctx.app).get('/video/99999999999-too-big/').expect(404);
  });
});
