import { expect } from 'chai';
import request from 'supertest';
import type { Agent } from 'supertest';
import { redirectMessageOf } from '../helpers/saml-responses.js';
import { ssoSessionCount } from '../helpers/saml-sp.js';
import type { SamlMessageToSp } from '../helpers/saml-idp/index.js';
import { lecternWithSimpleSamlIdp, type LecternWithIdp } from '../helpers/saml-idp/lectern-world.js';
import { TEST_PUBLIC_URL } from '../helpers/test-app.js';
import { csrfFrom } from '../helpers/web-session.js';

/** Single logout between Lectern and SimpleSAMLphp, started on either side (HTTP-Redirect binding, signed both ways). */
describe('SAML single logout with SimpleSAMLphp (a real IdP)', () => {
  let world: LecternWithIdp;

  before(async function () {
    this.timeout(60_000);
    world = await lecternWithSimpleSamlIdp();
  });
  after(async () => world?.close());

  const signedIn = async (agent: Agent) => (await agent.get('/my/videos')).status === 200;

  /** Follows a redirect to Lectern's SLO endpoint (an absolute URL on the test public URL) with the agent. */
  function toLectern(agent: Agent, message: SamlMessageToSp) {
    expect(message.binding).to.equal('redirect');
    expect(message.url.startsWith(`${TEST_PUBLIC_URL}/sso/saml/slo?`), message.url).to.equal(true);
    const url = new URL(message.url);
    return agent.get(url.pathname + url.search);
  }

  it('signs out of Lectern and of the IdP from Lectern’s logout (SP-initiated), back on the login page', async () => {
    const agent = request.agent(world.ctx.app);
    const browser = world.idp.browser();
    expect((await world.signIn(agent, world.idp.users.teacher, browser)).acs.status).to.equal(303);
    const sessions = await ssoSessionCount(world.ctx);

    const home = await agent.get('/my/videos').expect(200);
    const page = await agent.post('/logout').type('form').send({ _csrf: csrfFrom(home.text) }).expect(200);
    const link = /<a href="([^"]+)" data-sso-sign-out>/.exec(page.text)?.[1]?.replace(/&amp;/g, '&');
    expect(link, 'the signing-out page links to the IdP').to.be.a('string');
    expect(link!.startsWith(`${world.idp.sloUrl}?`)).to.equal(true);
    expect(redirectMessageOf(link!).xml).to.match(/<(\w+:)?LogoutRequest\b/);
    expect(await signedIn(agent), 'Lectern’s session ended at once').to.equal(false);
    expect(await ssoSessionCount(world.ctx)).to.equal(sessions - 1);

    const answer = await browser.exchange(link!);
    expect(redirectMessageOf(answer.url).xml).to.match(/<(\w+:)?LogoutResponse\b[\s\S]*urn:oasis:names:tc:SAML:2\.0:status:Success/);
    expect(answer.fields['Signature'], 'SimpleSAMLphp signs its LogoutResponse').to.be.a('string');
    const back = await toLectern(agent, answer);
    expect(back.status, back.text).to.equal(303);
    expect(back.headers.location).to.equal('/login');

    // SimpleSAMLphp's session is gone too: the next sign-in asks for the password again.
    const attempt = await browser.attemptLogin(await world.start(request.agent(world.ctx.app)), world.idp.users.teacher.username, world.idp.users.teacher.password);
    expect(attempt.credentialsAsked).to.equal(true);
    expect(attempt.response).not.to.equal(null);
  });

  it('keeps the IdP’s session between two sign-ins until then (single sign-on)', async () => {
    const browser = world.idp.browser();
    expect((await world.signIn(request.agent(world.ctx.app), world.idp.users.student, browser)).acs.status).to.equal(303);
    const agent = request.agent(world.ctx.app);
    const attempt = await browser.attemptLogin(await world.start(agent), 'ignored', 'ignored');
    expect(attempt.credentialsAsked).to.equal(false);
    expect((await world.postToAcs(agent, attempt.response!)).status).to.equal(303);
    expect(await signedIn(agent)).to.equal(true);
  });

  it('ends the Lectern session when the IdP signs the person out (IdP-initiated), and only theirs', async () => {
    const teacher = request.agent(world.ctx.app);
    const student = request.agent(world.ctx.app);
    const teacherBrowser = world.idp.browser();
    expect((await world.signIn(teacher, world.idp.users.teacher, teacherBrowser)).acs.status).to.equal(303);
    expect((await world.signIn(student, world.idp.users.student)).acs.status).to.equal(303);
    const sessions = await ssoSessionCount(world.ctx);

    const returnTo = `${TEST_PUBLIC_URL}/login`;
    const logoutRequest = await teacherBrowser.exchange(`${world.idp.sloUrl}?ReturnTo=${encodeURIComponent(returnTo)}`);
    expect(redirectMessageOf(logoutRequest.url).xml).to.match(/<(\w+:)?LogoutRequest\b/);
    // The IdP's front-channel request arrives from the person's browser; a fresh agent shows that no cookie is needed.
    const answer = await toLectern(request.agent(world.ctx.app), logoutRequest);
    expect(answer.status, answer.text).to.equal(303);
    const logoutResponse = answer.headers.location ?? '';
    expect(logoutResponse.startsWith(`${world.idp.sloUrl}?`), logoutResponse).to.equal(true);
    expect(redirectMessageOf(logoutResponse).xml).to.match(/<(\w+:)?LogoutResponse\b[\s\S]*urn:oasis:names:tc:SAML:2\.0:status:Success/);

    expect(await signedIn(teacher), 'the teacher’s Lectern session ended').to.equal(false);
    expect(await signedIn(student), 'the student’s did not').to.equal(true);
    expect(await ssoSessionCount(world.ctx)).to.equal(sessions - 1);

    // SimpleSAMLphp accepts Lectern's signed answer and goes on to ReturnTo.
    const done = await teacherBrowser.exchange(logoutResponse);
    expect(done.url).to.equal(returnTo);
  });
});
