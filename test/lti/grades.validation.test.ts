import { expect } from 'chai';
import request from 'supertest';
import { deriveKey } from '../../server/src/domain/access/derive-key.js';
import { createProgressTokens } from '../../server/src/domain/lms/lti-progress.js';
import { buildTestApp, TEST_SECRET, type TestApp } from '../helpers/test-app.js';

/** POST /lti/progress refusals: tokens (401) and bodies (400, 413), before anything is stored. */
describe('LTI progress reports (validation)', function () {
  this.timeout(60_000);
  let ctx: TestApp;
  const key = deriveKey(TEST_SECRET, 'lti-progress');
  const token = createProgressTokens(key).issue({ userId: 1, linkId: 999_999 }, 3600);

  before(async () => {
    ctx = await buildTestApp({}, undefined, { lti: true });
  });
  after(async () => ctx?.close());

  const post = (headers: Record<string, string>, body: unknown) => request(ctx.app).post('/lti/progress').set(headers).send(body as object);

  async function expectCode(res: request.Response, status: number, code: string): Promise<void> {
    expect(res.status, res.text).to.equal(status);
    expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(res.body.code).to.equal(code);
  }

  it('refuses a missing, altered, expired or foreign token with 401 lti_progress_token_invalid', async () => {
    const expired = createProgressTokens(key, () => Date.now() - 7200_000).issue({ userId: 1, linkId: 999_999 }, 3600);
    const foreign = createProgressTokens(deriveKey('another-secret-that-is-long-enough', 'lti-progress')).issue({ userId: 1, linkId: 999_999 }, 3600);
    const altered = token.replace('.1.', '.2.');
    expect(altered).to.not.equal(token);
    const cases: Record<string, string>[] = [{}, { 'X-Lectern-Progress': altered }, { 'X-Lectern-Progress': expired }, { 'X-Lectern-Progress': foreign }, { 'X-Lectern-Viewer': token }];
    for (const headers of cases) {
      await expectCode(await post(headers, { segments: [[0, 1]] }), 401, 'lti_progress_token_invalid');
    }
  });

  it('refuses bodies that are not lists of [start, end] pairs within bounds with 400 validation_failed', async () => {
    const bodies: unknown[] = [
      {},
      { segments: 'all' },
      { segments: [[5, 2]] },
      { segments: [[-1, 2]] },
      { segments: [[0, 2_000_000]] },
      { segments: [[0, 1, 2]] },
      { segments: [[0, '5']] },
      { segments: [[0, null]] },
      { segments: Array.from({ length: 1001 }, (_, index) => [index, index + 0.5]) },
    ];
    for (const body of bodies) await expectCode(await post({ 'X-Lectern-Progress': token }, body), 400, 'validation_failed');
  });

  it('refuses malformed JSON (400 malformed_body) and oversized bodies (413 body_too_large)', async () => {
    const malformed = await request(ctx.app).post('/lti/progress').set('X-Lectern-Progress', token).set('Content-Type', 'application/json').send('{"segments": [[0,');
    await expectCode(malformed, 400, 'malformed_body');
    const huge = { segments: [[0, 1]], padding: 'x'.repeat(70_000) };
    await expectCode(await post({ 'X-Lectern-Progress': token }, huge), 413, 'body_too_large');
  });

  it('answers 404 lti_link_not_found for a valid token whose link is gone', async () => {
    await expectCode(await post({ 'X-Lectern-Progress': token }, { segments: [[0, 1]] }), 404, 'lti_link_not_found');
  });
});
