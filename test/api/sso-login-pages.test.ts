import { expect } from 'chai';
import request from 'supertest';
import { commandLineActor } from '../../server/src/domain/access/access-group-service.js';
import { startCasServer, type CasServerDouble } from '../helpers/cas-server/index.js';
import { createUser, TEST_PASSWORD } from '../helpers/factories.js';
import { expectProblem } from '../helpers/problem.js';
import { insertSamlIdp } from '../helpers/sso-factories.js';
import { casSignIn, insertCasServer } from '../helpers/sso-web.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { csrfFrom, loggedInAgent } from '../helpers/web-session.js';

const CERT = '-----BEGIN CERTIFICATE-----\nMIIBtest\n-----END CERTIFICATE-----';

describe('Login page, IdP discovery, logout and sign-in methods', () => {
  let ctx: TestApp;
  let cas: CasServerDouble;
  before(async () => {
    ctx = await buildTestApp();
    cas = await startCasServer({ users: { prof: { attributes: { eduPersonAffiliation: 'faculty' } } } });
    await createUser(ctx, { username: 'jlocal' });
  });
  after(async () => {
    await cas.close();
    await ctx.close();
  });

  const setLocalLogin = (on: boolean) => ctx.services.ssoSettings.update(commandLineActor(), { localLoginEnabled: on });

  describe('with no SSO configured', () => {
    it('shows the local form only, and logs in with it', async () => {
      const page = await request(ctx.app).get('/login').expect(200);
      expect(page.text).to.not.contain('data-sso-choices');
      expect(page.text).to.contain('data-local-login="on"').and.contain('action="/login"');
      await loggedInAgent(ctx.app, 'jlocal');
    });

    it('says how to get back in when local login is off too', async () => {
      await setLocalLogin(false);
      try {
        const page = await request(ctx.app).get('/login').expect(200);
        expect(page.text).to.contain('data-local-login="off"').and.contain('lectern sso:settings --local-login on').and.not.contain('action="/login"');
      } finally {
        await setLocalLogin(true);
      }
    });
  });

  describe('with CAS servers and a few IdPs', () => {
    let casId: number;
    let idps: { id: number; entityId: string }[];
    before(async () => {
      casId = await insertCasServer(ctx, cas, 'CAS de l’université');
      idps = [
        await insertSamlIdp(ctx.database.db, { certificates: [CERT], displayNames: { en: 'Beta University', fr: 'Université Bêta' } }),
        await insertSamlIdp(ctx.database.db, { certificates: [CERT], displayNames: { en: 'Alpha University', fr: 'Université Alpha' } }),
        await insertSamlIdp(ctx.database.db, { certificates: [CERT], displayNames: { en: 'Disabled University' }, enabled: false }),
      ];
    });

    it('offers SSO first: a button per CAS server and per IdP, names in the page’s language, then the local form', async () => {
      const en = await request(ctx.app).get('/login?next=/my/tokens').set('Accept-Language', 'en').expect(200);
      const sso = en.text.indexOf('data-sso-choices');
      expect(sso).to.be.greaterThan(0);
      expect(en.text.indexOf('data-local-login="on"')).to.be.greaterThan(sso);
      expect(en.text).to.contain(`href="/sso/cas/${casId}/login?next=%2Fmy%2Ftokens"`).and.contain('Log in with CAS de l’université');
      expect(en.text).to.contain(`href="/sso/saml/login?idp=${idps[0]!.id}&amp;next=%2Fmy%2Ftokens"`);
      expect(en.text.indexOf('Alpha University')).to.be.lessThan(en.text.indexOf('Beta University'));
      expect(en.text).to.not.contain('Disabled University');
      const fr = await request(ctx.app).get('/login?lang=fr').expect(200);
      expect(fr.text).to.contain('Se connecter avec Université Alpha').and.contain('Se connecter avec un compte Lectern').and.contain('<html lang="fr">');
    });

    it('hides the local form and refuses passwords (403 local_login_disabled) when local login is off', async () => {
      const agent = request.agent(ctx.app);
      const page = await agent.get('/login').expect(200);
      await setLocalLogin(false);
      try {
        const off = await agent.get('/login').expect(200);
        expect(off.text).to.contain('data-sso-choices').and.contain('data-local-login="off"').and.not.contain('name="password"');
        const refused = await agent.post('/login').type('form').send({ _csrf: csrfFrom(page.text), username: 'jlocal', password: TEST_PASSWORD });
        expectProblem(refused, 403, 'local_login_disabled');
        const html = await agent.post('/login').set('Accept', 'text/html').type('form').send({ _csrf: csrfFrom(page.text), username: 'jlocal', password: TEST_PASSWORD }).expect(403);
        expect(html.text).to.contain('data-code="local_login_disabled"');
      } finally {
        await setLocalLogin(true);
      }
    });

    it('lists the IdPs on the discovery page, filters them without JavaScript, and remembers the choice', async () => {
      const agent = request.agent(ctx.app);
      const page = await agent.get('/sso/saml/idps?next=/my/tokens').set('Accept-Language', 'en').expect(200);
      expect(page.text).to.contain('Alpha University').and.contain('Beta University').and.not.contain('Disabled University');
      expect(page.text).to.contain(`href="/sso/saml/idps/choose?idp=${idps[1]!.id}&amp;next=%2Fmy%2Ftokens"`);
      const filtered = await agent.get('/sso/saml/idps?q=alpha&next=/my/tokens').set('Accept-Language', 'en').expect(200);
      expect(filtered.text).to.contain('Alpha University').and.not.contain('Beta University');
      const accents = await agent.get('/sso/saml/idps?q=beta&lang=fr').expect(200);
      expect(accents.text).to.contain('Université Bêta');
      const none = await agent.get('/sso/saml/idps?q=zzz').expect(200);
      expect(none.text).to.contain('data-empty');
      const chosen = await agent.get(`/sso/saml/idps/choose?idp=${idps[0]!.id}&next=/my/tokens`).expect(303);
      expect(chosen.headers.location).to.equal(`/sso/saml/login?idp=${idps[0]!.id}&next=%2Fmy%2Ftokens`);
      expect(String(chosen.headers['set-cookie'])).to.match(new RegExp(`lectern_idp=${idps[0]!.id};.*HttpOnly`));
      const again = await agent.get('/sso/saml/idps').set('Accept-Language', 'en').expect(200);
      expect(again.text.indexOf('data-last-idp')).to.be.greaterThan(0).and.lessThan(again.text.indexOf('Alpha University'));
      const login = await agent.get('/login').set('Accept-Language', 'en').expect(200);
      expect(login.text).to.contain('Continue with Beta University');
    });

    it('refuses an unknown or disabled IdP on the discovery route (404 saml_idp_unknown)', async () => {
      expectProblem(await request(ctx.app).get(`/sso/saml/idps/choose?idp=${idps[2]!.id}`), 404, 'saml_idp_unknown');
      expectProblem(await request(ctx.app).get('/sso/saml/idps/choose?idp=999999'), 404, 'saml_idp_unknown');
      expectProblem(await request(ctx.app).get('/sso/saml/idps/choose?idp=abc'), 404, 'saml_idp_unknown');
    });

    it('sends many IdPs through the discovery page', async () => {
      for (const name of ['Gamma', 'Delta', 'Epsilon', 'Zeta']) await insertSamlIdp(ctx.database.db, { certificates: [CERT], displayNames: { en: `${name} University` } });
      const page = await request(ctx.app).get('/login').set('Accept-Language', 'en').expect(200);
      expect(page.text).to.contain('href="/sso/saml/idps?next=%2Fmy%2Fvideos"').and.contain('Choose your institution').and.not.contain('Log in with Gamma University');
    });

    it('signs a CAS session out of the CAS server too (a page going on to its /logout)', async () => {
      const agent = request.agent(ctx.app);
      expect((await casSignIn(agent, cas, casId, 'prof')).response.status).to.equal(303);
      const home = await agent.get('/my/tokens').expect(200);
      const out = await agent.post('/logout').type('form').send({ _csrf: csrfFrom(home.text) }).expect(200);
      const logoutUrl = `${cas.baseUrl}/logout?service=${encodeURIComponent(`${ctx.config.publicUrl}/login`)}`.replace(/&/g, '&amp;');
      expect(out.text).to.contain(`<meta http-equiv="refresh" content="0;url=${logoutUrl}">`).and.contain(`href="${logoutUrl}"`).and.contain('CAS de l’université');
      await agent.get('/my/tokens').expect(303);
    });

    it('shows a user’s sign-in methods, with buttons linking an institution account', async () => {
      await request(ctx.app).get('/my/sign-in').expect(303).expect('location', '/login?next=%2Fmy%2Fsign-in');
      const { agent, csrf } = await loggedInAgent(ctx.app, 'jlocal');
      const page = await agent.get('/my/sign-in').expect(200);
      // The link token is the session's CSRF token (http/sso/link-intent.ts).
      expect(page.text).to.contain('data-has-password="true"').and.contain(`href="/sso/cas/${casId}/login?next=%2Fmy%2Fsign-in&amp;link=${csrf}"`);
      expect(page.text).to.contain(`href="/sso/saml/idps?next=%2Fmy%2Fsign-in&amp;link=${csrf}"`);
      const fr = await agent.get('/my/sign-in?lang=fr').expect(200);
      expect(fr.text).to.contain('Mes moyens de connexion').and.contain('Aucun compte d’établissement');
    });
  });
});
