import { expect } from 'chai';
import request from 'supertest';
import { launch, startLtiWorld, type LtiWorld } from '../helpers/lti-tool.js';
import { csrfFrom, loggedInAgent } from '../helpers/web-session.js';

type Agent = Awaited<ReturnType<typeof loggedInAgent>>['agent'];

/** The kids /lti/keys serves. */
async function servedKids(world: LtiWorld): Promise<string[]> {
  const res = await request(world.ctx.app).get('/lti/keys').expect(200);
  return (res.body as { keys: { kid: string }[] }).keys.map((key) => key.kid);
}

/** Posts a form of the page at `from` (its CSRF token) to `to`. */
async function submit(agent: Agent, from: string, to: string, fields: Record<string, string> = {}) {
  const page = await agent.get(from).set('Accept-Language', 'en').expect(200);
  return agent.post(to).set('Accept-Language', 'en').type('form').send({ _csrf: csrfFrom(page.text), ...fields });
}

/** The login initiation of a launch: refused (its answer) or redirected to auth.php (302). */
async function login(world: LtiWorld, resourceLink: string) {
  const initiation = world.platform.loginInitiation({ user: '4', resourceLink });
  return request(world.ctx.app).post(new URL(initiation.url).pathname).type('form').send(initiation.body);
}

/** /admin/lti with the platform double registered by an administrator: status changes, key rotation, removal. */
describe('/admin/lti: platform status, key rotation and removal', function () {
  this.timeout(180_000);
  let world: LtiWorld;
  let agent: Agent;

  before(async () => {
    world = await startLtiWorld();
    world.platform.addUser({ id: '4', username: 'student1', name: 'Sam Student' });
    world.platform.addCourse({ id: '2', label: 'LAB101', members: ['4'] });
    world.platform.addResourceLink({ courseId: '2', id: '1', lineItem: false });
    ({ agent } = await loggedInAgent(world.ctx.app, world.admin.username));
  });
  after(async () => world?.close());

  it('lists the platform with its settings, status, origin and tool key', async () => {
    expect((await launch(world, { user: '4', resourceLink: '1' })).status).to.equal(200);
    const platform = await world.ctx.services.ltiPlatformService.get(world.admin, world.registered.id);
    const page = await agent.get('/admin/lti').set('Accept-Language', 'en').expect(200);
    const row = new RegExp(`<tr data-platform-id="${platform.id}">([\\s\\S]*?)</tr>`).exec(page.text)?.[1] ?? '';
    for (const text of ['Moodle LAB', `<code>${world.platform.issuer}</code>`, `<code>${world.platform.clientId}</code>`, world.platform.deploymentId, 'Active', 'By an administrator', `<code>${platform.toolKid}</code>`]) {
      expect(row).to.contain(text);
    }
    expect(page.text).to.contain('<a href="/admin" aria-current="true">');
    const french = await agent.get('/admin/lti').set('Accept-Language', 'fr').expect(200);
    expect(french.text).to.contain('Plateformes LTI').and.contain('Par un administrateur');
  });

  it('deactivates (launches refused lti_platform_inactive) and reactivates', async () => {
    const id = world.registered.id;
    const off = await submit(agent, `/admin/lti/${id}`, `/admin/lti/${id}/status`, { status: 'inactive' });
    expect(off.status).to.equal(303);
    expect((await agent.get('/admin/lti').set('Accept-Language', 'en')).text).to.contain('Platform deactivated: its launches are refused.');
    const refused = await login(world, '1');
    expect(refused.status).to.equal(403);
    expect(refused.headers['x-lectern-error-code']).to.equal('lti_platform_inactive');

    expect((await submit(agent, `/admin/lti/${id}`, `/admin/lti/${id}/status`, { status: 'active' })).status).to.equal(303);
    expect((await launch(world, { user: '4', resourceLink: '1' })).status).to.equal(200);
    const bad = await submit(agent, `/admin/lti/${id}`, `/admin/lti/${id}/status`, { status: 'pending' });
    expect(bad.status).to.equal(400);
  });

  it('rotates the tool key after a confirmation: the next launch makes a new key, /lti/keys drops the old one', async () => {
    const id = world.registered.id;
    expect((await launch(world, { user: '4', resourceLink: '1' })).status).to.equal(200);
    const oldKid = (await world.ctx.services.ltiPlatformService.get(world.admin, id)).toolKid!;
    expect(await servedKids(world)).to.include(oldKid);

    const confirm = await agent.get(`/admin/lti/${id}/rotate`).set('Accept-Language', 'en').expect(200);
    expect(confirm.text).to.contain('/lti/keys').and.contain(`action="/admin/lti/${id}/rotate"`);
    const rotated = await agent.post(`/admin/lti/${id}/rotate`).type('form').send({ _csrf: csrfFrom(confirm.text) });
    expect(rotated.status).to.equal(303);
    expect((await world.ctx.services.ltiPlatformService.get(world.admin, id)).toolKid).to.equal(null);
    expect((await agent.get(`/admin/lti/${id}`).set('Accept-Language', 'en')).text).to.contain('New key at the next launch');

    expect((await launch(world, { user: '4', resourceLink: '1' })).status).to.equal(200);
    const newKid = (await world.ctx.services.ltiPlatformService.get(world.admin, id)).toolKid!;
    expect(newKid).to.be.a('string').and.not.equal(oldKid);
    const kids = await servedKids(world);
    expect(kids).to.include(newKid).and.not.include(oldKid);
  });

  it('removes the platform after a confirmation: its launches are refused as unknown', async () => {
    const id = world.registered.id;
    const confirm = await agent.get(`/admin/lti/${id}/remove`).set('Accept-Language', 'fr').expect(200);
    expect(confirm.text).to.contain('Supprimer la plateforme « Moodle LAB » ?');
    const removed = await agent.post(`/admin/lti/${id}/remove`).type('form').send({ _csrf: csrfFrom(confirm.text) });
    expect(removed.status).to.equal(303);
    expect(await world.ctx.services.ltiPlatformService.list(world.admin)).to.deep.equal([]);
    const refused = await login(world, '1');
    expect(refused.status).to.equal(401);
    expect(refused.headers['x-lectern-error-code']).to.equal('lti_platform_unknown');
    await agent.get(`/admin/lti/${id}`).expect(404);
  });
});
