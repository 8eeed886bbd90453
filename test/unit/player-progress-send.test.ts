import { expect } from 'chai';
import { sendProgress } from '../../player/src/player/progress-send.js';

describe('player progress report', () => {
  const target = { url: '/lti/progress', token: 'lp1.token' };

  it('posts the segments as JSON with the progress token, keepalive and no cookies', async () => {
    const calls: [string, RequestInit][] = [];
    await sendProgress(target, [[0, 12.5], [30, 31]], async (url, init) => {
      calls.push([url, init]);
      return new Response(null, { status: 204 });
    });
    expect(calls).to.deep.equal([
      [
        '/lti/progress',
        {
          method: 'POST',
          keepalive: true,
          credentials: 'omit',
          headers: { 'Content-Type': 'application/json', 'X-Lectern-Progress': 'lp1.token' },
          body: '{"segments":[[0,12.5],[30,31]]}',
        },
      ],
    ]);
  });

  it('resolves when the report fails or is refused, and only says so at debug level', async () => {
    const logged: string[] = [];
    const debug = console.debug;
    console.debug = (message: string) => logged.push(message);
    try {
      await sendProgress(target, [], () => Promise.reject(new Error('offline')));
      await sendProgress(target, [], async () => new Response(null, { status: 401 }));
    } finally {
      console.debug = debug;
    }
    expect(logged).to.deep.equal(['[lectern-player] reporting progress failed', '[lectern-player] reporting progress answered 401']);
  });
});
