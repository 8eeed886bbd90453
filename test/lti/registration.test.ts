import { expect } from 'chai';
import request from 'supertest';
import { launch, startLtiWorld, type LtiWorld } from '../helpers/lti-tool.js';
import { TEST_PUBLIC_URL } from '../helpers/test-app.js';
import { csrfFrom, loggedInAgent } from '../helpers/web-session.js';

const TOOL_CONFIGURATION = 'https://purl.imsglobal.org/spec/lti-tool-configuration';

/** The path and query of a URL on Lectern (supertest has no host). */
const onLectern = (url: string) => {
  const parsed = new URL(url);
  expect(parsed.origin).to.equal(TEST_PUBLIC_URL);
  return parsed.pathname + parsed.search;
};

/** A course, a student and a resource link of the tool type `typeId` on the double. */
function linkFor(world: LtiWorld, typeId: string, linkId: string): void {
  if (!world.platform.state.users.has('4')) world.platform.addUser({ id: '4', username: 'student1', name: 'Sam Student' });
  if (!world.platform.state.courses.has('2')) world.platform.addCourse({ id: '2', label: 'LAB101', members: ['4'] });
  world.platform.addResourceLink({ courseId: '2', id: linkId, typeId, lineItem: false });
}

/**
 * LTI Dynamic Registration end to end with the Moodle double: Moodle's "Add LTI Advantage"
 * opens /lti/register; Lectern reads the OpenID configuration, registers itself with what
 * Moodle 5.0 requires, records the platform as pending and closes the dialog.
 */
describe('LTI dynamic registration', function () {
  this.timeout(180_000);
  let world: LtiWorld;

  before(async () => {
    world = await startLtiWorld({ register: false });
  });
  after(async () => world?.close());

  it('registers with everything Moodle requires, records a pending platform, refuses its launches until an administrator approves it', async () => {
    const start = world.platform.dynamicRegistrationStart();
    const res = await request(world.ctx.app).get(onLectern(start.url)).set('Accept-Language', 'en');
    expect(res.status, res.text).to.equal(200);
    expect(res.text).to.contain('data-lti-close="auto"').and.contain('<script type="module" src="/assets/pages.js">');
    expect(res.text).to.contain('data-platform-status="pending"').and.contain('must approve it');

    const [registration] = world.platform.state.registrations;
    expect(registration).to.include({ status: 200, registrationToken: start.registrationToken });
    const sent = registration!.request as Record<string, unknown>;
    expect(sent).to.include({ application_type: 'web', token_endpoint_auth_method: 'private_key_jwt', initiate_login_uri: `${TEST_PUBLIC_URL}/lti/login`, jwks_uri: `${TEST_PUBLIC_URL}/lti/keys` });
    expect(sent.response_types).to.deep.equal(['id_token']);
    expect(sent.grant_types).to.have.members(['implicit', 'client_credentials']);
    expect(sent.redirect_uris).to.deep.equal([`${TEST_PUBLIC_URL}/lti/launch`, `${TEST_PUBLIC_URL}/lti/deeplink`]);
    expect(String(sent.scope).split(' ')).to.have.members([
      'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
      'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
      'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
      'https://purl.imsglobal.org/spec/lti-ags/scope/score',
      'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
    ]);
    const tool = sent[TOOL_CONFIGURATION] as { domain: string; target_link_uri: string; claims: string[]; messages: { type: string; target_link_uri: string; placements?: string[] }[] };
    expect(tool.domain).to.equal('lectern.test');
    expect(tool.target_link_uri).to.equal(`${TEST_PUBLIC_URL}/lti/launch`);
    expect(tool.claims).to.include.members(['name', 'given_name', 'family_name', 'email']);
    expect(tool.messages).to.deep.equal([{ type: 'LtiDeepLinkingRequest', target_link_uri: `${TEST_PUBLIC_URL}/lti/deeplink`, label: 'Lectern', placements: ['ContentArea'] }]);
    // What Moodle made of it: deep linking on, names and e-mail sent, full grade sync and the roster.
    const typeId = registration!.typeId!;
    expect(world.platform.type(typeId)).to.include({ clientId: start.clientId, state: 'pending', deepLinkUrl: `${TEST_PUBLIC_URL}/lti/deeplink`, sendName: true, sendEmail: true, gradeSync: 2, memberships: true, domain: 'lectern.test' });

    const recorded = await world.ctx.services.ltiPlatformService.findForLaunch(world.platform.issuer, start.clientId);
    expect(recorded).to.include({ status: 'pending', origin: 'dynamic', product: 'moodle', siteId: 1, authenticationEndpoint: world.platform.endpoints.auth, accessTokenEndpoint: world.platform.endpoints.token, jwksUrl: world.platform.endpoints.jwks });
    expect(recorded!.deploymentIds).to.deep.equal([typeId]);
    expect(recorded!.name).to.match(/^Moodle \(127\.0\.0\.1:\d+\)$/);

    world.platform.activate(typeId);
    linkFor(world, typeId, '31');
    // Refused at the login initiation already: Lectern does not send the browser to auth.php.
    const login = world.platform.loginInitiation({ user: '4', resourceLink: '31', typeId });
    const refused = await request(world.ctx.app).post(new URL(login.url).pathname).type('form').send(login.body);
    expect(refused.status).to.equal(403);
    expect(refused.headers['x-lectern-error-code']).to.equal('lti_platform_pending');

    const { agent } = await loggedInAgent(world.ctx.app, world.admin.username);
    const list = await agent.get('/admin/lti').set('Accept-Language', 'en').expect(200);
    expect(list.text).to.contain(`<tr data-platform-id="${recorded!.id}">`).and.contain('Pending approval');
    await agent.post(`/admin/lti/${recorded!.id}/status`).type('form').send({ _csrf: csrfFrom(list.text), status: 'active' }).expect(303);
    const accepted = await launch(world, { user: '4', resourceLink: '31', typeId });
    expect(accepted.status, accepted.text).to.equal(200);
    expect(accepted.headers['x-lectern-error-code']).to.equal(undefined);
  });

  it('answers a conflict to a second registration of the same platform and changes nothing', async () => {
    const first = world.platform.dynamicRegistrationStart();
    await request(world.ctx.app).get(onLectern(first.url)).expect(200);
    const typeId = world.platform.state.registrations.at(-1)!.typeId!;
    const before = await world.ctx.services.ltiPlatformService.findForLaunch(world.platform.issuer, first.clientId);

    // Moodle's "update the existing tool": the same client id comes back.
    const again = world.platform.dynamicRegistrationStart({ updateTypeId: typeId });
    const res = await request(world.ctx.app).get(onLectern(again.url)).set('Accept-Language', 'fr');
    expect(res.status).to.equal(409);
    expect(res.headers['x-lectern-error-code']).to.equal('lti_registration_conflict');
    expect(res.text).to.contain('déjà enregistrée').and.contain('<code>lti_registration_conflict</code>');
    const after = await world.ctx.services.ltiPlatformService.findForLaunch(world.platform.issuer, first.clientId);
    expect(after).to.deep.equal(before);
  });
});

describe('LTI dynamic registration with LTI_AUTO_APPROVE=true', function () {
  this.timeout(180_000);
  let world: LtiWorld;

  before(async () => {
    world = await startLtiWorld({ register: false, env: { LTI_AUTO_APPROVE: 'true' } });
  });
  after(async () => world?.close());

  it('records the platform as active: its launches are accepted at once', async () => {
    const start = world.platform.dynamicRegistrationStart();
    const res = await request(world.ctx.app).get(onLectern(start.url)).set('Accept-Language', 'en');
    expect(res.status, res.text).to.equal(200);
    expect(res.text).to.contain('data-platform-status="active"').and.contain('Its launches are accepted.');
    const recorded = await world.ctx.services.ltiPlatformService.findForLaunch(world.platform.issuer, start.clientId);
    expect(recorded).to.include({ status: 'active', origin: 'dynamic' });

    const typeId = world.platform.state.registrations.at(-1)!.typeId!;
    world.platform.activate(typeId);
    linkFor(world, typeId, '41');
    const accepted = await launch(world, { user: '4', resourceLink: '41', typeId });
    expect(accepted.status, accepted.text).to.equal(200);
  });
});
