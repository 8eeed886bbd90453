import { expect } from 'chai';
import { sql } from 'kysely';
import { createSamlRequestCache } from '../../server/src/infra/saml/saml-request-cache.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

describe('SAML request cache (table saml_requests)', () => {
  let ctx: TestApp;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  it('keeps the intent with each request id, answers node-saml with its instant, and gives it up once', async () => {
    const cache = createSamlRequestCache(ctx.database.db, 60_000);
    const provider = cache.providerFor({ kind: 'login', idpId: 3, next: '/my/videos', linkUserId: 9 });
    const saved = await provider.saveAsync('_request-1', '2026-01-01T00:00:00Z');
    expect(saved?.value).to.equal('2026-01-01T00:00:00Z');
    expect(await provider.saveAsync('_request-1', 'again'), 'an id is saved once').to.equal(null);
    expect(await provider.getAsync('_request-1')).to.equal('2026-01-01T00:00:00Z');
    expect(await cache.take('_request-1')).to.deep.equal({ instant: '2026-01-01T00:00:00Z', intent: { kind: 'login', idpId: 3, next: '/my/videos', linkUserId: 9 } });
    expect(await cache.take('_request-1')).to.equal(null);
    expect(await provider.getAsync('_request-1')).to.equal(null);
    await provider.saveAsync('_request-2', '2026-01-01T00:00:00Z');
    expect(await provider.removeAsync('_request-2')).to.equal('2026-01-01T00:00:00Z');
    expect(await provider.removeAsync(null)).to.equal(null);
  });

  it('forgets requests older than their lifetime: they cannot be taken, and the next save removes them', async () => {
    const cache = createSamlRequestCache(ctx.database.db, 60_000);
    const provider = cache.providerFor({ kind: 'logout', idpId: 3 });
    await provider.saveAsync('_old', '2026-01-01T00:00:00Z');
    await ctx.database.db.updateTable('saml_requests').set({ created_at: sql`now() - interval '2 minutes'` }).where('id', '=', '_old').execute();
    expect(await provider.getAsync('_old')).to.equal(null);
    expect(await cache.take('_old')).to.equal(null);
    await provider.saveAsync('_new', '2026-01-01T00:00:00Z');
    expect((await ctx.database.db.selectFrom('saml_requests').select('id').execute()).map((row) => row.id)).to.deep.equal(['_new']);
  });

  it('refuses to keep an intent too long for its row', async () => {
    const provider = createSamlRequestCache(ctx.database.db, 60_000).providerFor({ kind: 'login', idpId: 1, next: `/${'x'.repeat(4000)}`, linkUserId: null });
    let error: unknown;
    await provider.saveAsync('_long', '2026-01-01T00:00:00Z').catch((caught: unknown) => (error = caught));
    expect((error as Error).message).to.equal('SAML request _long: its intent is too long to keep');
  });
});
