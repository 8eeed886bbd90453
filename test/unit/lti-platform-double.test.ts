import { expect } from 'chai';
import { createPublicKey, createVerify, randomUUID } from 'node:crypto';
import {
  claim,
  createSigningKey,
  decodeJwt,
  jwksOf,
  mediaType,
  parseAutoSubmitForm,
  scope,
  startPlatform,
  type Jwks,
  type JwtPayload,
  type LtiPlatform,
  type SigningKey,
} from '../helpers/lti-platform/index.js';
import { scoreProblem } from '../helpers/lti-platform/ags-scores.js';
import { clientAssertion, startToolJwksServer, toolAuthUrl as authUrl, tokenRequestFields, toolJwt, type ToolJwksServer } from '../helpers/lti-platform/tool-side.js';

/** Verifies with node:crypto alone (not the double's own code) against a JWKS served over HTTP. */
async function verifyAgainst(jwksUrl: string, token: string): Promise<JwtPayload> {
  const jwks = (await (await fetch(jwksUrl)).json()) as Jwks;
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const { kid, alg } = JSON.parse(Buffer.from(header, 'base64url').toString()) as { kid: string; alg: string };
  const jwk = jwks.keys.find((key) => key.kid === kid);
  expect(jwk, `kid ${kid} in ${jwksUrl}`).to.include({ alg: 'RS256', use: 'sig', kty: 'RSA' });
  expect(alg).to.equal('RS256');
  const ok = createVerify('RSA-SHA256').update(`${header}.${payload}`).verify(createPublicKey({ key: jwk!, format: 'jwk' }), Buffer.from(signature, 'base64url'));
  expect(ok, 'signature').to.equal(true);
  return JSON.parse(Buffer.from(payload, 'base64url').toString()) as JwtPayload;
}

describe('LTI 1.3 platform double (Moodle 5.0)', () => {
  let toolKey: SigningKey;
  let toolJwks: Jwks;
  let tool: ToolJwksServer;
  let platform: LtiPlatform;

  before(async () => {
    toolKey = createSigningKey('tool-key-1');
    toolJwks = jwksOf([toolKey]);
    tool = await startToolJwksServer(() => toolJwks);
    platform = await startPlatform({ toolBase: tool.base, clientId: 'BY7bATdJTBnzkjT' });
    platform.addUser({ id: '3', username: 'teacher1', name: 'Terry Teacher', roles: ['Instructor'] });
    platform.addUser({ id: '4', username: 'student1', name: 'Sam Student', email: 'sam@example.org' });
    platform.addCourse({ id: '2', label: 'LAB101', title: 'Lab course 101', members: ['3', '4'] });
    platform.addResourceLink({ courseId: '2', id: '1', title: 'Lab video activity' });
  });

  after(async () => {
    expect(platform.errors).to.deep.equal([]);
    await platform.close();
    await tool.close();
  });

  const toolPost = (claims: JwtPayload, key: SigningKey = toolKey): string => toolJwt(claims, key);

  describe('login initiation and auth.php', () => {
    it('gives the six login fields in Moodle order, with a launchid hint', () => {
      const login = platform.loginInitiation({ user: '4', resourceLink: '1' });
      expect(Object.keys(login.fields)).to.deep.equal(['iss', 'target_link_uri', 'login_hint', 'lti_message_hint', 'client_id', 'lti_deployment_id']);
      expect(login).to.include({ url: `${tool.base}/lti/login`, method: 'POST' });
      expect(login.fields).to.include({ iss: platform.issuer, target_link_uri: `${tool.base}/lti/launch`, login_hint: '4', client_id: 'BY7bATdJTBnzkjT', lti_deployment_id: '1' });
      expect(JSON.parse(login.fields.lti_message_hint!)).to.deep.equal({ cmid: 2, launchid: login.launchId });
      expect(login.body.startsWith(`iss=${encodeURIComponent(platform.issuer)}&target_link_uri=`)).to.equal(true);
    });

    it('answers an auto-submit form whose id_token certs.php verifies, with Moodle claims', async () => {
      const login = platform.loginInitiation({ user: '4', resourceLink: '1' });
      const response = await fetch(authUrl(platform, login.fields));
      expect(response.status).to.equal(200);
      const form = parseAutoSubmitForm(await response.text());
      expect(form).to.deep.include({ action: `${tool.base}/lti/launch`, method: 'POST' });
      expect(Object.keys(form.fields)).to.deep.equal(['id_token', 'state']);
      expect(form.fields.state).to.equal('state-123');
      expect(decodeJwt(form.fields.id_token!).header).to.deep.equal({ typ: 'JWT', alg: 'RS256', kid: platform.kid });
      const claims = await verifyAgainst(platform.endpoints.jwks, form.fields.id_token!);
      expect(claims).to.include({ iss: platform.issuer, aud: 'BY7bATdJTBnzkjT', sub: '4', nonce: 'nonce-456', name: 'Sam Student', email: 'sam@example.org' });
      expect(claims.exp).to.equal((claims.iat as number) + 60);
      expect(claims).to.include({ [claim.deploymentId]: '1', [claim.messageType]: 'LtiResourceLinkRequest', [claim.version]: '1.3.0' });
      expect(claims[claim.roles]).to.deep.equal(['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner']);
      expect(claims[claim.context]).to.deep.equal({ id: '2', label: 'LAB101', title: 'Lab course 101', type: ['CourseSection'] });
      expect(claims[claim.resourceLink]).to.deep.equal({ id: '1', title: 'Lab video activity', description: '' });
      expect(claims[claim.ext]).to.deep.equal({ user_username: 'student1', lms: 'moodle-2' });
      expect(claims[claim.ags]).to.deep.include({
        lineitems: `${platform.endpoints.services}/2/lineitems?type_id=1`,
        lineitem: `${platform.endpoints.services}/2/lineitems/2/lineitem?type_id=1`,
      });
      expect(claims[claim.nrps]).to.deep.equal({ context_memberships_url: `${platform.endpoints.services}/CourseSection/2/bindings/1/memberships`, service_versions: ['1.0', '2.0'] });
    });

    it('builds deep linking requests with Moodle deep_linking_settings and no data', () => {
      const login = platform.loginInitiation({ user: '3', message: 'deeplink', course: '2', title: 'Lab DL' });
      expect(login.fields.target_link_uri).to.equal(`${tool.base}/lti/deeplink`);
      expect(JSON.parse(login.fields.lti_message_hint!)).to.deep.equal({ launchid: login.launchId });
      const result = platform.authorize(authUrl(platform, login.fields));
      expect(result.ok).to.equal(true);
      expect(result.claims![claim.roles]).to.deep.equal(['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor']);
      expect(result.claims![claim.messageType]).to.equal('LtiDeepLinkingRequest');
      expect(result.claims![claim.deepLinkingSettings]).to.deep.equal({
        accept_types: ['ltiResourceLink'],
        accept_presentation_document_targets: ['frame', 'iframe', 'window'],
        accept_multiple: true,
        accept_copy_advice: false,
        accept_unsigned: false,
        auto_create: false,
        can_confirm: false,
        deep_link_return_url: `${platform.issuer}/mod/lti/contentitem_return.php?course=2&id=1&sesskey=${new URL((result.claims![claim.deepLinkingSettings] as { deep_link_return_url: string }).deep_link_return_url).searchParams.get('sesskey')}`,
        title: 'Lab DL',
        text: '',
      });
      expect(() => platform.loginInitiation({ user: '4', message: 'deeplink', course: '2' })).to.throw(/editing teacher/);
    });

    it('refuses an unregistered redirect_uri on its error page, posting nothing', async () => {
      const login = platform.loginInitiation({ user: '4', resourceLink: '1' });
      const result = platform.authorize(authUrl(platform, login.fields, { redirect_uri: 'http://evil.example/launch' }));
      expect(result).to.include({ ok: false, status: 400, error: 'invalidrequest' });
      expect(result.action).to.equal(undefined);
      const response = await fetch(authUrl(platform, login.fields, { redirect_uri: 'http://evil.example/launch' }));
      expect(response.status).to.equal(400);
      expect(await response.text()).not.to.match(/<form/);
    });

    it('posts unauthorized_client back with the state for a wrong client_id', () => {
      const login = platform.loginInitiation({ user: '4', resourceLink: '1' });
      const result = platform.authorize(authUrl(platform, login.fields, { client_id: 'someoneElse' }));
      expect(result).to.include({ ok: false, status: 200, action: `${tool.base}/lti/launch`, error: 'unauthorized_client' });
      expect(result.fields).to.deep.equal({ error: 'unauthorized_client', state: 'state-123' });
      expect(parseAutoSubmitForm(result.html).fields).to.deep.equal(result.fields);
    });

    it('refuses a missing nonce, another user and a used lti_message_hint', () => {
      const login = platform.loginInitiation({ user: '4', resourceLink: '1' });
      expect(platform.authorize(authUrl(platform, login.fields, { nonce: undefined }))).to.include({ ok: false, status: 400, error: 'invalidrequest' });
      expect(platform.authorize(authUrl(platform, login.fields, { login_hint: '3' }))).to.include({ ok: false, error: 'access_denied' });
      const again = platform.loginInitiation({ user: '4', resourceLink: '1' });
      expect(platform.authorize(authUrl(platform, again.fields)).ok).to.equal(true);
      expect(platform.authorize(authUrl(platform, again.fields))).to.include({ ok: false, status: 400 });
    });

    it('forges id_tokens: claim overrides, deleted header fields, foreign keys', () => {
      const claims = platform.resourceLinkClaims({ user: '4', resourceLink: '1', nonce: 'n1' });
      const foreign = platform.createForeignKey(platform.kid);
      const forged = decodeJwt(platform.signIdToken(claims, { claims: { aud: 'other', exp: undefined }, header: { kid: undefined }, key: foreign }));
      expect(forged.payload.aud).to.equal('other');
      expect(forged.payload).not.to.have.property('exp');
      expect(forged.header).to.deep.equal({ typ: 'JWT', alg: 'RS256' });
      const wrongKey = platform.signIdToken(claims, { key: foreign });
      return verifyAgainst(platform.endpoints.jwks, wrongKey).then(
        () => expect.fail('a foreign key must not verify'),
        (error: Error) => expect(error.message).to.match(/signature/),
      );
    });
  });

  const assertion = (overrides: JwtPayload = {}, key: SigningKey = toolKey): string => clientAssertion(platform, key, overrides);
  const requestToken = async (fields: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> => {
    const response = await fetch(platform.endpoints.token, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const tokenFields = (jwt: string, scopes = `${scope.score} ${scope.memberships}`): Record<string, string> => tokenRequestFields(jwt, scopes);

  describe('token.php', () => {
    it('grants the permitted scopes to a client assertion verified with the tool JWKS fetched over HTTP', async () => {
      const { status, body } = await requestToken(tokenFields(assertion(), `${scope.score} ${scope.memberships} https://example.org/unknown`));
      expect(status).to.equal(200);
      expect(body).to.include({ token_type: 'Bearer', expires_in: 3600, scope: `${scope.score} ${scope.memberships}` });
      expect(body.access_token).to.match(/^[0-9a-f]{32}$/);
      expect(tool.requests.at(-1)).to.include({ 'user-agent': `MoodleBot/5.0 (+${platform.issuer})`, accept: '*/*' });
    });

    it('refuses bad client assertions', async () => {
      const impostor = createSigningKey(toolKey.kid);
      const replayed = assertion();
      expect((await requestToken(tokenFields(replayed))).status).to.equal(200);
      const cases: [string, Record<string, string>, string][] = [
        ['another key, same kid', tokenFields(assertion({}, impostor)), 'invalid_client'],
        ['unknown kid', tokenFields(assertion({}, createSigningKey('nobody'))), 'invalid_client'],
        ['aud is not the token endpoint', tokenFields(assertion({ aud: platform.issuer })), 'invalid_client'],
        ['iss is not the client id', tokenFields(assertion({ iss: 'someone' })), 'invalid_client'],
        ['expired', tokenFields(assertion({ exp: Math.floor(Date.now() / 1000) - 1 })), 'invalid_client'],
        ['iat in the future', tokenFields(assertion({ iat: Math.floor(Date.now() / 1000) + 600 })), 'invalid_client'],
        ['no jti', tokenFields(assertion({ jti: undefined })), 'invalid_client'],
        ['replayed jti', tokenFields(replayed), 'invalid_client'],
        ['unknown client', tokenFields(assertion({ sub: 'nobody', iss: 'nobody' })), 'invalid_client'],
        ['wrong grant type', { ...tokenFields(assertion()), grant_type: 'password' }, 'unsupported_grant_type'],
        ['no permitted scope', tokenFields(assertion(), 'https://example.org/unknown'), 'invalid_scope'],
        ['no scope', { ...tokenFields(assertion()), scope: '' }, 'invalid_request'],
      ];
      for (const [why, fields, error] of cases) {
        const { status, body } = await requestToken(fields);
        expect({ why, status, error: body.error }).to.deep.equal({ why, status: 400, error });
      }
    });
  });

  describe('AGS', () => {
    const scoreUrl = (): string => `${platform.endpoints.services}/2/lineitems/2/lineitem/scores?type_id=1`;
    const postScore = (body: unknown, token: string, contentType: string = mediaType.score): Promise<Response> =>
      fetch(scoreUrl(), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, body: JSON.stringify(body) });
    const score = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
      userId: '4', scoreGiven: 8, scoreMaximum: 10, activityProgress: 'Completed', gradingProgress: 'FullyGraded', timestamp: new Date().toISOString(), ...overrides,
    });

    it('lists, creates, reads, updates and deletes line items with the AGS media types', async () => {
      const { token } = platform.issueAccessToken();
      const auth = { authorization: `Bearer ${token}` };
      const list = await fetch(`${platform.endpoints.services}/2/lineitems?type_id=1`, { headers: { ...auth, accept: mediaType.lineItemContainer } });
      expect(list.headers.get('content-type')).to.equal(`${mediaType.lineItemContainer}; charset=utf-8`);
      expect(await list.json()).to.deep.include({ id: `${platform.endpoints.services}/2/lineitems/2/lineitem?type_id=1`, label: 'Lab video activity', scoreMaximum: 100, resourceId: '', tag: '', resourceLinkId: '1', ltiLinkId: '1' });
      const created = await fetch(`${platform.endpoints.services}/2/lineitems?type_id=1`, { method: 'POST', headers: { ...auth, 'content-type': mediaType.lineItem }, body: JSON.stringify({ label: 'Quiz', scoreMaximum: 20, resourceId: 'q1' }) });
      expect(created.status).to.equal(201);
      const item = (await created.json()) as { id: string };
      const read = await fetch(item.id, { headers: { ...auth, accept: mediaType.lineItem } });
      expect(await read.json()).to.include({ label: 'Quiz', scoreMaximum: 20, resourceId: 'q1' });
      const put = await fetch(item.id, { method: 'PUT', headers: { ...auth, 'content-type': mediaType.lineItem }, body: JSON.stringify({ label: 'Quiz 2', scoreMaximum: 30 }) });
      expect(put.status).to.equal(200);
      expect((await fetch(item.id, { method: 'DELETE', headers: auth })).status).to.equal(204);
      expect((await fetch(item.id, { headers: { ...auth, accept: mediaType.lineItem } })).status).to.equal(404);
    });

    it('stores a valid score and shows it as a result', async () => {
      const { token } = platform.issueAccessToken();
      const response = await postScore(score({ comment: 'well done' }), token);
      expect(response.status).to.equal(200);
      expect(platform.state.scores.at(-1)).to.deep.include({ lineItemId: '2', userId: '4' });
      const results = await fetch(`${platform.endpoints.services}/2/lineitems/2/lineitem/results?type_id=1&user_id=4`, { headers: { authorization: `Bearer ${token}`, accept: mediaType.resultContainer } });
      const [result] = (await results.json()) as Record<string, unknown>[];
      expect(result).to.include({ userId: '4', resultScore: 80, resultMaximum: 10, comment: 'well done' });
    });

    it('refuses invalid score bodies, older timestamps and users who are not graded', async () => {
      const { token } = platform.issueAccessToken();
      const invalid: [string, Record<string, unknown>][] = [
        ['no userId', score({ userId: undefined })],
        ['bad activityProgress', score({ activityProgress: 'Done' })],
        ['bad gradingProgress', score({ gradingProgress: 'Graded' })],
        ['timestamp not ISO 8601', score({ timestamp: 'yesterday' })],
        ['scoreGiven without scoreMaximum', score({ scoreMaximum: undefined })],
        ['negative scoreGiven', score({ scoreGiven: -1 })],
        ['teacher', score({ userId: '3' })],
      ];
      for (const [why, body] of invalid) expect({ why, status: (await postScore(body, token)).status }).to.deep.equal({ why, status: 400 });
      expect((await postScore(score({ timestamp: new Date(Date.now() + 5000).toISOString() }), token)).status).to.equal(200);
      expect((await postScore(score(), token)).status).to.equal(409);
      expect((await postScore(score(), token, `${mediaType.score}; charset=utf-8`)).status).to.equal(400);
    });

    it('checks the bearer token and its scope', async () => {
      expect((await postScore(score(), 'not-a-token')).status).to.equal(401);
      const readOnly = platform.issueAccessToken([scope.lineItemReadOnly]);
      expect((await postScore(score(), readOnly.token)).status).to.equal(403);
      const expiring = platform.issueAccessToken([scope.score]);
      platform.advanceClock(3601);
      try {
        expect((await postScore(score({ timestamp: new Date(Date.now() + 10_000).toISOString() }), expiring.token)).status).to.equal(401);
      } finally {
        platform.advanceClock(-3601);
      }
    });

    it('accepts extra credit as AGS 2.0 does, unless told to refuse it', () => {
      expect(scoreProblem(score({ scoreGiven: 12 }), false)).to.equal(undefined);
      expect(scoreProblem(score({ scoreGiven: 12 }), true)).to.match(/exceeds/);
    });
  });

  describe('NRPS', () => {
    const membershipsUrl = (): string => `${platform.endpoints.services}/CourseSection/2/bindings/1/memberships`;

    it('pages members with Link rel="next" and the NRPS 2.0 shape', async () => {
      for (const id of ['11', '12', '13']) {
        platform.addUser({ id, name: `Student ${id}` });
        platform.enrol('2', id);
      }
      const { token } = platform.issueAccessToken([scope.memberships]);
      const seen: string[] = [];
      let next: string | undefined = `${membershipsUrl()}?limit=2`;
      let pages = 0;
      while (next) {
        const response: Response = await fetch(next, { headers: { authorization: `Bearer ${token}`, accept: mediaType.membershipContainer } });
        expect(response.headers.get('content-type')).to.equal(`${mediaType.membershipContainer}; charset=utf-8`);
        const body = (await response.json()) as { id: string; context: unknown; members: { user_id: string }[] };
        expect(body.context).to.deep.equal({ id: '2', label: 'LAB101', title: 'Lab course 101' });
        seen.push(...body.members.map((member) => member.user_id));
        next = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
        pages += 1;
      }
      expect(seen).to.deep.equal(['3', '4', '11', '12', '13']);
      expect(pages).to.equal(3);
      const learners = await fetch(`${membershipsUrl()}?role=Learner`, { headers: { authorization: `Bearer ${token}`, accept: mediaType.membershipContainer } });
      const body = (await learners.json()) as { members: Record<string, unknown>[] };
      expect(body.members.map((member) => member.user_id)).to.deep.equal(['4', '11', '12', '13']);
      expect(body.members[0]).to.deep.equal({
        status: 'Active', roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'], user_id: '4', name: 'Sam Student', given_name: 'Sam', family_name: 'Student', email: 'sam@example.org',
      });
    });

    it('refuses another media type, a missing scope or token', async () => {
      const { token } = platform.issueAccessToken([scope.memberships]);
      expect((await fetch(membershipsUrl(), { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } })).status).to.equal(406);
      const { token: scoreOnly } = platform.issueAccessToken([scope.score]);
      expect((await fetch(membershipsUrl(), { headers: { authorization: `Bearer ${scoreOnly}`, accept: mediaType.membershipContainer } })).status).to.equal(403);
      expect((await fetch(membershipsUrl(), { headers: { accept: mediaType.membershipContainer } })).status).to.equal(401);
    });
  });

  describe('dynamic registration', () => {
    const registrationBody = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
      application_type: 'web',
      response_types: ['id_token'],
      grant_types: ['implicit', 'client_credentials'],
      initiate_login_uri: `${tool.base}/lti/login`,
      redirect_uris: [`${tool.base}/lti/launch`, `${tool.base}/lti/deeplink`],
      client_name: 'Lectern',
      jwks_uri: `${tool.base}/lti/keys`,
      token_endpoint_auth_method: 'private_key_jwt',
      scope: `${scope.score} ${scope.memberships}`,
      'https://purl.imsglobal.org/spec/lti-tool-configuration': {
        domain: new URL(tool.base).host,
        target_link_uri: `${tool.base}/lti/launch`,
        claims: ['iss', 'sub', 'name', 'email'],
        messages: [{ type: 'LtiDeepLinkingRequest', target_link_uri: `${tool.base}/lti/deeplink` }],
      },
      ...overrides,
    });
    const register = (body: unknown, token?: string): Promise<Response> =>
      fetch(platform.endpoints.registration, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });

    it('opens the tool with openid_configuration and a registration token, and serves the configuration', async () => {
      const start = platform.dynamicRegistrationStart();
      const url = new URL(start.url);
      expect(url.origin + url.pathname).to.equal(`${tool.base}/lti/register`);
      expect(url.searchParams.get('openid_configuration')).to.equal(platform.endpoints.openidConfiguration);
      const token = await verifyAgainst(platform.endpoints.jwks, url.searchParams.get('registration_token')!);
      expect(token).to.include({ sub: start.clientId, scope: 'reg' });
      expect(token.exp).to.equal((token.iat as number) + 3600);
      const configuration = (await (await fetch(platform.endpoints.openidConfiguration)).json()) as Record<string, unknown>;
      expect(configuration).to.include({ issuer: platform.issuer, token_endpoint: platform.endpoints.token, jwks_uri: platform.endpoints.jwks, authorization_endpoint: platform.endpoints.auth, registration_endpoint: platform.endpoints.registration });
      expect(configuration.token_endpoint_auth_methods_supported).to.deep.equal(['private_key_jwt']);
      expect(configuration.scopes_supported).to.include.members([scope.lineItem, scope.score, scope.memberships, 'openid']);
      expect(configuration['https://purl.imsglobal.org/spec/lti-platform-configuration']).to.deep.include({ product_family_code: 'moodle', version: '5.0.6+ (Build: 20260403)' });
    });

    it('registers a tool as pending and answers client_id, deployment_id and the granted scopes', async () => {
      const start = platform.dynamicRegistrationStart();
      const response = await register(registrationBody(), start.registrationToken);
      expect(response.status).to.equal(200);
      const body = (await response.json()) as Record<string, unknown>;
      const configuration = body['https://purl.imsglobal.org/spec/lti-tool-configuration'] as Record<string, unknown>;
      expect(body).to.include({ client_id: start.clientId, token_endpoint_auth_method: 'private_key_jwt', client_name: 'Lectern', jwks_uri: `${tool.base}/lti/keys` });
      expect(body.scope).to.equal(`${scope.score} ${scope.resultReadOnly} ${scope.lineItemReadOnly} ${scope.lineItem} ${scope.memberships}`);
      expect(configuration).to.deep.include({ domain: new URL(tool.base).host, claims: ['sub', 'iss', 'name', 'family_name', 'given_name', 'email'] });
      const type = platform.type(String(configuration.deployment_id));
      expect(type).to.include({ state: 'pending', clientId: start.clientId, gradeSync: 1, deepLinkUrl: `${tool.base}/lti/deeplink` });
      expect((await register(registrationBody(), start.registrationToken)).status).to.equal(401);
      platform.activate(type.typeId);
      expect(platform.type(type.typeId).state).to.equal('configured');
    });

    it("refuses a body missing Moodle's required fields, and requests without a token", async () => {
      const missing = ['response_types', 'initiate_login_uri', 'redirect_uris', 'client_name', 'jwks_uri', 'token_endpoint_auth_method', 'https://purl.imsglobal.org/spec/lti-tool-configuration'];
      for (const key of missing) {
        const response = await register(registrationBody({ [key]: undefined }), platform.dynamicRegistrationStart().registrationToken);
        expect({ key, status: response.status, text: await response.text() }).to.deep.equal({ key, status: 400, text: `missing required attribute ${key}` });
      }
      const shape: [Record<string, unknown>, string][] = [
        [{ response_types: ['code'] }, 'invalid_response_types'],
        [{ redirect_uris: `${tool.base}/lti/launch` }, 'invalid_redirect_uris'],
        [{ token_endpoint_auth_method: 'client_secret_basic' }, 'invalid_token_endpoint_auth_method'],
        [{ application_type: 'native' }, 'invalid_application_type'],
        [{ 'https://purl.imsglobal.org/spec/lti-tool-configuration': { domain: 'other.example:3000', target_link_uri: `${tool.base}/lti/launch` } }, 'domain_targetlinkuri_mismatch'],
        [{ 'https://purl.imsglobal.org/spec/lti-tool-configuration': { target_link_uri: `${tool.base}/lti/launch` } }, 'missing_domain'],
      ];
      for (const [overrides, reason] of shape) {
        const response = await register(registrationBody(overrides), platform.dynamicRegistrationStart().registrationToken);
        expect({ status: response.status, text: await response.text() }).to.deep.equal({ status: 400, text: reason });
      }
      expect((await register(registrationBody())).status).to.equal(401);
      const foreign = platform.dynamicRegistrationStart({ forgery: { key: createSigningKey(platform.kid) } });
      expect((await register(registrationBody(), foreign.registrationToken)).status).to.equal(401);
    });
  });

  describe('deep linking response', () => {
    const response = (overrides: JwtPayload = {}): JwtPayload => {
      const iat = Math.floor(Date.now() / 1000);
      return {
        iss: 'BY7bATdJTBnzkjT', aud: platform.issuer, iat, exp: iat + 60, nonce: randomUUID(),
        [claim.deploymentId]: '1', [claim.messageType]: 'LtiDeepLinkingResponse', [claim.version]: '1.3.0',
        [claim.contentItems]: [{ type: 'ltiResourceLink', title: 'Lab video one', url: `${tool.base}/lti/launch`, custom: { video: '101' } }],
        ...overrides,
      };
    };

    it("verifies the tool's JWT with its JWKS and returns the items as Moodle saves them", async () => {
      const verified = await platform.verifyDeepLinkingResponse(toolPost(response()));
      expect(verified.items).to.have.length(1);
      expect(verified.activities).to.deep.equal([{ name: 'Lab video one', toolurl: `${tool.base}/lti/launch`, instructorcustomparameters: 'video=101', gradeMaximum: undefined }]);
      const link = platform.addResourceLinkFromContentItem('2', verified.items[0]!);
      expect(link).to.deep.include({ title: 'Lab video one', custom: { video: '101' } });
    });

    it('refuses wrong claims, foreign keys and keys Moodle drops', async () => {
      const refusals: [string, string][] = [
        ['aud', toolPost(response({ aud: 'http://elsewhere' }))],
        ['iss', toolPost(response({ iss: 'someone' }))],
        ['deployment_id', toolPost(response({ [claim.deploymentId]: '9' }))],
        ['message_type', toolPost(response({ [claim.messageType]: 'LtiResourceLinkRequest' }))],
        ['content item type', toolPost(response({ [claim.contentItems]: [{ type: 'file', url: 'http://x' }] }))],
        ['expired', toolPost(response({ exp: Math.floor(Date.now() / 1000) - 5 }))],
        ['signature', toolPost(response(), createSigningKey(toolKey.kid))],
      ];
      for (const [what, jwt] of refusals) {
        const outcome = await platform.verifyDeepLinkingResponse(jwt).then(() => 'accepted', (error: Error) => error.name);
        expect({ what, outcome }).to.deep.equal({ what, outcome: 'DeepLinkingRefusal' });
      }
      const { alg: _alg, ...withoutAlg } = jwksOf([toolKey]).keys[0]!;
      toolJwks = { keys: [{ ...withoutAlg, kid: 'another-kid' }] };
      platform.state.keysetCache.clear();
      try {
        const outcome = await platform.verifyDeepLinkingResponse(toolPost(response())).then(() => 'accepted', (error: Error) => error.message);
        expect(outcome).to.match(/unknown_kid/);
        toolJwks = { keys: [withoutAlg] };
        expect((await platform.verifyDeepLinkingResponse(toolPost(response()))).items).to.have.length(1);
      } finally {
        toolJwks = jwksOf([toolKey]);
      }
    });
  });
});
