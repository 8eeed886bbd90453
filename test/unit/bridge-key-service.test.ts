import { expect } from 'chai';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../../server/src/domain/errors.js';
import type { BridgeKeyInput } from '../../server/src/domain/tokens/bridge-key-service.js';
import type { User } from '../../server/src/domain/users/user.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

const settings = (fields: Partial<BridgeKeyInput> = {}): BridgeKeyInput => ({ name: 'Moodle', siteId: null, usernameMapping: 'username', identityIssuer: null, pageSize: 12, ...fields });

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'the call should have been refused').to.be.instanceOf(AppError);
  return error as AppError;
}

/** The problems of a ValidationError, as "path: message". */
async function problems(promise: Promise<unknown>): Promise<string[]> {
  const error = await refusal(promise);
  expect(error).to.be.instanceOf(ValidationError);
  expect(error.code).to.equal('invalid_bridge_key');
  return (error.details.fields ?? []).map((field) => `${field.path}: ${field.message}`);
}

describe('bridge key service', () => {
  let ctx: TestApp;
  let mainAdmin: User;
  let otherSiteAdmin: User;
  let teacher: User;
  let otherSiteId: number;

  before(async () => {
    ctx = await buildTestApp();
    const inserted = await ctx.database.pool.query<{ id: number }>("INSERT INTO sites (name, domain) VALUES ('IUT Annexe', 'iut.univ.example') RETURNING id");
    otherSiteId = inserted.rows[0]!.id;
    mainAdmin = await ctx.services.userService.create({ username: 'main.admin', role: 'admin' });
    otherSiteAdmin = await ctx.services.userService.create({ username: 'iut.admin', role: 'admin', siteId: otherSiteId });
    teacher = await ctx.services.userService.create({ username: 'plain.teacher', role: 'staff' });
  });
  after(async () => ctx?.close());

  it('is for administrators only', async () => {
    const keys = ctx.services.bridgeKeyService;
    const { token } = await keys.create(mainAdmin, settings());
    for (const call of [keys.create(teacher, settings()), keys.list(teacher), keys.get(teacher, token.id), keys.update(teacher, token.id, settings()), keys.revoke(teacher, token.id), keys.bindableSites(teacher)]) {
      const error = await refusal(call);
      expect(error).to.be.instanceOf(ForbiddenError);
      expect(error.code).to.equal('admin_only');
    }
    expect((await keys.get(mainAdmin, token.id)).revokedAt).to.equal(null);
  });

  it('binds a key to the administrator’s own site by default, and to another site only from the main site', async () => {
    const keys = ctx.services.bridgeKeyService;
    expect((await keys.create(mainAdmin, settings())).token.siteId).to.equal(1);
    expect((await keys.create(otherSiteAdmin, settings())).token.siteId).to.equal(otherSiteId);
    expect(await problems(keys.create(otherSiteAdmin, settings({ siteId: 1 })))).to.deep.equal(['site_id: only administrators of the main site may bind a key to another site']);
    const bound = (await keys.create(mainAdmin, settings({ name: 'For the IUT', siteId: otherSiteId }))).token;
    expect(bound.siteId).to.equal(otherSiteId);
    // Both administrators manage it: its maker, and the site it is bound to.
    expect((await keys.list(mainAdmin)).map((key) => key.id)).to.include(bound.id);
    expect((await keys.list(otherSiteAdmin)).map((key) => key.id)).to.include(bound.id);
    expect((await keys.bindableSites(mainAdmin)).map((site) => site.id)).to.deep.equal([1, otherSiteId]);
    expect((await keys.bindableSites(otherSiteAdmin)).map((site) => site.id)).to.deep.equal([otherSiteId]);
  });

  it('refuses an unknown site', async () => {
    expect(await problems(ctx.services.bridgeKeyService.create(mainAdmin, settings({ siteId: 424242 })))).to.deep.equal(['site_id: unknown site 424242']);
  });

  it('keeps the page size between 1 and 100', async () => {
    const keys = ctx.services.bridgeKeyService;
    for (const pageSize of [0, 101, 2.5, Number.NaN]) {
      expect(await problems(keys.create(mainAdmin, settings({ pageSize }))), String(pageSize)).to.deep.equal(['page_size: must be a whole number from 1 to 100']);
    }
    expect((await keys.create(mainAdmin, settings({ pageSize: 1 }))).token.pageSize).to.equal(1);
    expect((await keys.create(mainAdmin, settings({ pageSize: 100 }))).token.pageSize).to.equal(100);
  });

  it('accepts an issuer only with the lti, saml and cas mappings', async () => {
    const keys = ctx.services.bridgeKeyService;
    for (const usernameMapping of ['username', 'email'] as const) {
      expect(await problems(keys.create(mainAdmin, settings({ usernameMapping, identityIssuer: 'https://moodle.univ.example' }))), usernameMapping).to.deep.equal([
        'identity_issuer: an issuer only applies to the lti, saml and cas mappings',
      ]);
    }
    for (const usernameMapping of ['lti', 'saml', 'cas'] as const) {
      const { token } = await keys.create(mainAdmin, settings({ usernameMapping, identityIssuer: '  https://idp.univ.example  ' }));
      expect(token).to.include({ usernameMapping, identityIssuer: 'https://idp.univ.example' });
    }
    expect((await keys.create(mainAdmin, settings({ usernameMapping: 'email', identityIssuer: '   ' }))).token.identityIssuer, 'blank is none').to.equal(null);
    expect(await problems(keys.create(mainAdmin, settings({ usernameMapping: 'saml', identityIssuer: `https://${'x'.repeat(500)}` })))).to.deep.equal(['identity_issuer: at most 500 characters']);
  });

  it('reports every problem at once and stores a trimmed name of at most 100 characters', async () => {
    const keys = ctx.services.bridgeKeyService;
    expect(await problems(keys.create(otherSiteAdmin, settings({ siteId: 1, pageSize: 0, identityIssuer: 'x' })))).to.have.length(3);
    const { token } = await keys.create(mainAdmin, settings({ name: `  ${'n'.repeat(120)}  ` }));
    expect(token.name).to.equal('n'.repeat(100));
  });

  it("does not find another site's key, nor a user's own API token", async () => {
    const keys = ctx.services.bridgeKeyService;
    const { token } = await keys.create(mainAdmin, settings({ name: 'Main site only' }));
    for (const call of [keys.get(otherSiteAdmin, token.id), keys.update(otherSiteAdmin, token.id, settings()), keys.revoke(otherSiteAdmin, token.id)]) {
      const error = await refusal(call);
      expect(error).to.be.instanceOf(NotFoundError);
      expect(error.code).to.equal('bridge_key_not_found');
    }
    expect((await keys.list(otherSiteAdmin)).map((key) => key.id)).to.not.include(token.id);
    expect((await keys.get(mainAdmin, token.id)).revokedAt, 'untouched').to.equal(null);
    const apiToken = (await ctx.services.tokenService.create(mainAdmin.id, 'my own')).token;
    expect((await refusal(keys.get(mainAdmin, apiToken.id))).code).to.equal('bridge_key_not_found');
  });

  it('updates the settings, and refuses a second revocation', async () => {
    const keys = ctx.services.bridgeKeyService;
    const { token } = await keys.create(mainAdmin, settings({ name: 'Before' }));
    const updated = await keys.update(mainAdmin, token.id, settings({ name: 'After', usernameMapping: 'cas', identityIssuer: 'https://cas.univ.example/cas', pageSize: 20 }));
    expect(updated).to.include({ id: token.id, name: 'After', siteId: 1, usernameMapping: 'cas', identityIssuer: 'https://cas.univ.example/cas', pageSize: 20, prefix: token.prefix });
    const revoked = await keys.revoke(mainAdmin, token.id);
    expect(revoked.revokedAt).to.be.instanceOf(Date);
    const again = await refusal(keys.revoke(mainAdmin, token.id));
    expect(again).to.be.instanceOf(NotFoundError);
    expect(again.code).to.equal('token_not_found');
  });
});
