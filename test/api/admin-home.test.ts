import { expect } from 'chai';
import request from 'supertest';
import { createUser } from '../helpers/factories.js';
import { expectProblem } from '../helpers/problem.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { loggedInAgent } from '../helpers/web-session.js';

describe('administration home (/admin) and its one navigation entry', () => {
  let ctx: TestApp;

  before(async () => {
    ctx = await buildTestApp();
    await createUser(ctx, { username: 'home.admin', role: 'admin' });
    await createUser(ctx, { username: 'home.staff', role: 'staff' });
  });

  after(async () => {
    await ctx.close();
  });

  it('lists every administration page, in English and French, and marks the Administration entry as current below /admin', async () => {
    const { agent } = await loggedInAgent(ctx.app, 'home.admin');
    const page = await agent.get('/admin').expect(200);
    for (const href of ['/admin/encoding', '/admin/groups', '/admin/imports', '/admin/moodle', '/admin/lti', '/admin/bbb', '/admin/sso', '/admin/sso/saml', '/admin/sso/cas']) {
      expect(page.text).to.contain(`<dt><a href="${href}">`);
    }
    expect(page.text).to.contain('<a href="/admin" aria-current="page">Administration</a>');
    const fr = await agent.get('/admin?lang=fr').expect(200);
    expect(fr.text).to.contain('Tout ce que les administrateurs règlent pour ce site.').and.contain('Clés Moodle et Esup-Pod');
    const inside = await agent.get('/admin/sso').expect(200);
    expect(inside.text).to.contain('<a href="/admin" aria-current="true">Administration</a>');
    const nav = /<nav aria-label="Lectern">[\s\S]*?<\/nav>/.exec(inside.text)?.[0] ?? '';
    expect(nav).to.contain('href="/admin"');
    expect(nav, 'one entry, not one per page').not.to.match(/href="\/admin\//);
  });

  it('refuses other users (403 admin_only) and sends visitors to the login page; staff see no Administration entry', async () => {
    const { agent } = await loggedInAgent(ctx.app, 'home.staff');
    expectProblem(await agent.get('/admin').set('accept', 'application/json'), 403, 'admin_only');
    expect((await agent.get('/my/videos').expect(200)).text).not.to.contain('href="/admin"');
    await request(ctx.app).get('/admin').expect(303).expect('location', '/login?next=%2Fadmin');
  });
});
