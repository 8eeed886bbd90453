import { expect } from 'chai';
import request from 'supertest';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

describe('health', () => {
  let ctx: TestApp;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(async () => {
    await ctx.close();
  });

  it('/healthz answers while the process runs', async () => {
    const res = await request(ctx.app).get('/healthz').expect(200);
    expect(res.body).to.deep.equal({ status: 'ok' });
  });

  it('/readyz reports the database reachable', async () => {
    const res = await request(ctx.app).get('/readyz').expect(200);
    expect(res.body).to.deep.equal({ status: 'ready', checks: { database: 'ok' } });
  });

  it('/readyz answers 503 when the database is gone', async () => {
    const broken = await buildTestApp();
    // The pool refuses every query at once; end() itself settles only when the job queue has
    // released its LISTEN connection, which close() does.
    const ending = broken.database.pool.end();
    try {
      const res = await request(broken.app).get('/readyz').expect(503);
      expect(res.body).to.deep.equal({ status: 'unavailable', checks: { database: 'unreachable' } });
    } finally {
      await broken.close();
      await ending;
    }
  });
});
