import { expect } from 'chai';
import { ValidationError } from '../../server/src/domain/errors.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

describe('user service', () => {
  let ctx: TestApp;
  before(async () => {
    ctx = await buildTestApp();
    await ctx.services.userService.create({ username: 'quota.user', role: 'staff' });
  });
  after(async () => {
    await ctx.close();
  });

  it('refuses a quota that is not a whole, non-negative number of bytes', async () => {
    for (const quota of [-1, 1.5, Number.NaN, 2 ** 60]) {
      const error = await ctx.services.userService.setQuota('quota.user', quota).catch((e: unknown) => e);
      expect(error, String(quota)).to.be.instanceOf(ValidationError);
      expect((error as ValidationError).code).to.equal('invalid_quota');
    }
    const user = await ctx.services.userService.getByUsername('quota.user');
    expect(user.quotaBytes).to.equal(null);
  });

  it('creates the first administrator only on an empty database', async () => {
    const result = await ctx.services.userService.ensureFirstAdmin({ username: 'admin', password: null });
    expect(result).to.deep.equal({ created: false, generatedPassword: null });
  });

  it('treats usernames case-insensitively for uniqueness and login', async () => {
    await ctx.services.userService.create({ username: 'Marie.Curie', role: 'staff', password: 'radium-polonium-1898' });
    const duplicate = await ctx.services.userService.create({ username: 'marie.curie' }).catch((e: unknown) => e);
    expect((duplicate as { code: string }).code).to.equal('username_taken');
    expect(await ctx.services.userService.authenticate(1, 'MARIE.CURIE', 'radium-polonium-1898')).to.include({ username: 'Marie.Curie' });
  });
});
