import { createVerify } from 'node:crypto';
import { expect } from 'chai';
import request from 'supertest';
import { appWithLogger } from '../helpers/media-delivery.js';
import { redirectMessageOf } from '../helpers/saml-responses.js';
import { ssoSessionCount } from '../helpers/saml-sp.js';
import { serviceProviderFromMetadata, visibleText } from '../helpers/saml-idp/index.js';
import { lecternWithSimpleSamlIdp, type LecternWithIdp } from '../helpers/saml-idp/lectern-world.js';
import { TEST_PUBLIC_URL } from '../helpers/test-app.js';

/**
 * Lectern's SAML SP against a real IdP, Debian's SimpleSAMLphp (run by `.ci/run`, or
 * `npm run test:sso-idp` after `apt-get install simplesamlphp php-cli php-xml php-mbstring php-curl`):
 * real XML, signed by the IdP, with the assertion encrypted for Lectern.
 */
describe('SAML sign-in through SimpleSAMLphp (a real IdP)', () => {
  let world: LecternWithIdp;

  before(async function () {
    this.timeout(60_000);
    world = await lecternWithSimpleSamlIdp();
  });
  after(async () => world?.close());

  const xmlOf = (base64: string) => Buffer.from(base64, 'base64').toString('utf8');

  it('reads the IdP from SimpleSAMLphp’s metadata and offers it on the login page', async () => {
    const { idp, idpId, ctx } = world;
    const row = await ctx.services.samlIdps.findById(idpId);
    expect(row).to.include({ entityId: idp.entityId, ssoUrl: idp.ssoUrl, ssoBinding: 'redirect', sloUrl: idp.sloUrl, enabled: true });
    expect(row!.displayNames).to.deep.equal({ en: 'Test University (SimpleSAMLphp)', fr: 'Université de test (SimpleSAMLphp)' });
    const body = (pem: string) => pem.replace(/-----[^-]+-----|\s/g, '');
    expect(row!.certificates.map(body)).to.deep.equal([body(idp.certificatePem)]);

    const page = await request(ctx.app).get('/login').set('Accept-Language', 'fr').expect(200);
    expect(page.text).to.include(`href="/sso/saml/login?idp=${idpId}&amp;next=`);
    expect(visibleText(page.text)).to.include('Université de test (SimpleSAMLphp)');
  });

  it('signs the teacher in: signed AuthnRequest, encrypted assertion, a staff user with the mapped attributes', async () => {
    const agent = request.agent(world.ctx.app);
    const { authorizeUrl, response, acs } = await world.signIn(agent, world.idp.users.teacher);

    // What Lectern sent: an AuthnRequest signed (HTTP-Redirect binding) with the key of its metadata.
    const sent = redirectMessageOf(authorizeUrl);
    expect(authorizeUrl.startsWith(`${world.idp.ssoUrl}?`)).to.equal(true);
    expect(sent.xml).to.match(/<(\w+:)?AuthnRequest\b/);
    expect(sent.xml).to.include(`AssertionConsumerServiceURL="${TEST_PUBLIC_URL}/sso/saml/acs"`);
    expect(sent.params.get('SigAlg')).to.equal('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
    const query = new URL(authorizeUrl).search.slice(1);
    const signedPart = query.slice(0, query.indexOf('&Signature='));
    const sp = serviceProviderFromMetadata((await request(world.ctx.app).get('/sso/saml/metadata')).text);
    const verified = createVerify('RSA-SHA256').update(signedPart).verify(sp.certificatePem, sent.params.get('Signature')!, 'base64');
    expect(verified, 'the AuthnRequest signature verifies with the certificate Lectern publishes').to.equal(true);

    // What the IdP answered: a signed Response carrying only an EncryptedAssertion.
    const xml = xmlOf(response.samlResponse);
    expect(xml).to.match(/<(\w+:)?EncryptedAssertion\b/);
    expect(xml, 'no assertion in clear').not.to.match(/<(\w+:)?Assertion\b/);
    expect(xml).to.match(/<(\w+:)?Response\b[^>]*>\s*<(\w+:)?Issuer\b[^>]*>[^<]+<\/(\w+:)?Issuer>\s*<ds:Signature\b/);
    expect(xml).to.include(`InResponseTo="${sent.id}"`);

    expect(acs.status, acs.text).to.equal(303);
    expect(acs.headers.location).to.equal('/my/videos');
    const users = await world.usersWithIdentity('prof@univ-test.fr');
    expect(users).to.have.length(1);
    const home = await agent.get('/my/videos').expect(200);
    expect(home.text).to.include(`<span class="who">${users[0]!.username}</span>`);
    expect(users[0]).to.include({ first_name: 'Jean', last_name: 'Lefèvre', email: 'jean.lefevre@univ-test.fr', affiliation: 'faculty', role: 'staff', auth_type: 'saml' });
  });

  it('signs the student in as a student', async () => {
    const agent = request.agent(world.ctx.app);
    const { acs } = await world.signIn(agent, world.idp.users.student);
    expect(acs.status, acs.text).to.equal(303);
    await agent.get('/my/videos').expect(200);
    const users = await world.usersWithIdentity('etudiant@univ-test.fr');
    expect(users).to.have.length(1);
    expect(users[0]).to.include({ first_name: 'Élodie', last_name: 'Martin', email: 'elodie.martin@etu.univ-test.fr', affiliation: 'student', role: 'student', auth_type: 'saml' });
  });

  it('refuses the same SAMLResponse a second time (401 saml_response_refused, in_response_to logged, no session)', async () => {
    const { response, acs } = await world.signIn(request.agent(world.ctx.app), world.idp.users.student);
    expect(acs.status, acs.text).to.equal(303);

    // The same app, logging into `lines` (its sessions live in memory: nothing is signed in there).
    const logged = appWithLogger(world.ctx);

    const sessions = await ssoSessionCount(world.ctx);
    const replayer = request.agent(logged.app);
    const from = logged.lines.length;
    const replay = await world.postToAcs(replayer, response);
    expect(replay.status).to.equal(401);
    expect(replay.body.code).to.equal('saml_response_refused');
    expect(replay.headers['set-cookie'], 'no session cookie').to.equal(undefined);
    const refusal = logged.lines.slice(from).map((line) => JSON.parse(line) as { msg: string; reason?: string }).find((line) => line.msg === 'SAML message refused');
    expect(refusal?.reason).to.equal('in_response_to');
    expect(await ssoSessionCount(world.ctx)).to.equal(sessions);
    expect((await replayer.get('/my/videos')).status, 'the replayer stays anonymous').to.be.oneOf([302, 303]);
  });

  it('gets no SAML response for a wrong password: SimpleSAMLphp shows its form again', async () => {
    const agent = request.agent(world.ctx.app);
    const attempt = await world.idp.browser().attemptLogin(await world.start(agent), world.idp.users.teacher.username, 'not-the-password');
    expect(attempt.response).to.equal(null);
    expect(attempt.credentialsAsked).to.equal(true);
    expect(attempt.html).to.include('name="AuthState"');
    expect(visibleText(attempt.html)).to.match(/incorrect username or password/i);
    expect((await agent.get('/my/videos')).status).to.be.oneOf([302, 303]);
  });

  it('updates the same user at the next sign-in instead of making another one', async () => {
    const first = await world.signIn(request.agent(world.ctx.app), world.idp.users.student);
    expect(first.acs.status).to.equal(303);
    const [before] = await world.usersWithIdentity('etudiant@univ-test.fr');
    await world.ctx.database.db.updateTable('users').set({ last_name: 'Ancien nom', email: 'old@univ-test.fr' }).where('id', '=', before!.id).execute();
    const usersBefore = await world.ctx.database.db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow();

    const again = await world.signIn(request.agent(world.ctx.app), world.idp.users.student);
    expect(again.acs.status).to.equal(303);
    const after = await world.usersWithIdentity('etudiant@univ-test.fr');
    expect(after).to.have.length(1);
    expect(after[0]).to.include({ id: before!.id, last_name: 'Martin', email: 'elodie.martin@etu.univ-test.fr' });
    const usersAfter = await world.ctx.database.db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow();
    expect(usersAfter.count).to.equal(usersBefore.count);
  });
});
