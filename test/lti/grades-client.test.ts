import { expect } from 'chai';
import { outcomeOf, postScore, retryableStatus, SCORE_MEDIA_TYPE, scoreBody, scoresUrl } from '../../lti/grades.js';
import { scoreOf } from '../../server/src/domain/lms/lti-score.js';

describe('AGS scores client (pure parts)', () => {
  it('puts /scores after the line item path and keeps its query string', () => {
    expect(scoresUrl('http://127.0.0.1:8080/mod/lti/services.php/2/lineitems/2/lineitem?type_id=1')).to.equal('http://127.0.0.1:8080/mod/lti/services.php/2/lineitems/2/lineitem/scores?type_id=1');
    expect(scoresUrl('https://lms.example/api/lti/courses/1/line_items/7/')).to.equal('https://lms.example/api/lti/courses/1/line_items/7/scores');
  });

  it('writes the AGS score body with the platform user id and a whole-second timestamp', () => {
    expect(scoreBody('4', scoreOf(0.95, 0.9), new Date('2026-05-01T10:00:07.400Z'))).to.deep.equal({
      userId: '4',
      scoreGiven: 95,
      scoreMaximum: 100,
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
      timestamp: '2026-05-01T10:00:07+00:00',
    });
  });

  it('retries network errors, 5xx, 401, 408, 409 and 429, and no other 4xx', () => {
    expect([null, 500, 503, 401, 408, 409, 429].map(retryableStatus)).to.deep.equal([true, true, true, true, true, true, true]);
    expect([400, 403, 404, 405, 415].map(retryableStatus)).to.deep.equal([false, false, false, false, false]);
    expect(outcomeOf(200, '')).to.deep.equal({ ok: true });
    expect(outcomeOf(400, '{"error": "Incorrect score\\n received"}')).to.deep.equal({ ok: false, status: 400, retryable: false, message: 'the platform answered 400: {"error": "Incorrect score\\n received"}' });
  });

  it('posts with exactly the score media type and the bearer token, and reports a network failure as retryable', async () => {
    const calls: [string, RequestInit][] = [];
    const ok = await postScore({ lineItemUrl: 'http://lms.test/items/2/lineitem?type_id=1', authorization: 'Bearer abc', body: { userId: '4' } }, async (url, init) => {
      calls.push([url, init]);
      return new Response('', { status: 200 });
    });
    expect(ok).to.deep.equal({ ok: true });
    expect(calls[0]![0]).to.equal('http://lms.test/items/2/lineitem/scores?type_id=1');
    expect(calls[0]![1]).to.include({ method: 'POST', body: '{"userId":"4"}' });
    expect(calls[0]![1].headers).to.deep.equal({ 'Content-Type': SCORE_MEDIA_TYPE, Authorization: 'Bearer abc', Accept: 'application/json' });
    const down = await postScore({ lineItemUrl: 'http://lms.test/x', authorization: 'Bearer abc', body: {} }, () => Promise.reject(new Error('ECONNREFUSED')));
    expect(down).to.deep.equal({ ok: false, status: null, retryable: true, message: 'the platform could not be reached: ECONNREFUSED' });
  });
});
