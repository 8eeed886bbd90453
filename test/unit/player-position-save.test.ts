import { expect } from 'chai';
import { savePosition } from '../../player/src/player/position-save.js';

describe('player position save', () => {
  const target = { saveUrl: '/api/v1/videos/12/position', token: 'viewer-token' };

  it('posts the position as JSON with the viewer token, keepalive and no cookies', async () => {
    const calls: [string, RequestInit][] = [];
    await savePosition(target, 93, async (url, init) => {
      calls.push([url, init]);
      return new Response(null, { status: 204 });
    });
    expect(calls).to.deep.equal([
      [
        '/api/v1/videos/12/position',
        {
          method: 'POST',
          keepalive: true,
          credentials: 'omit',
          headers: { 'Content-Type': 'application/json', 'X-Lectern-Viewer': 'viewer-token' },
          body: '{"position":93}',
        },
      ],
    ]);
  });

  it('resolves when the save fails or is refused, and only says so at debug level', async () => {
    const logged: string[] = [];
    const debug = console.debug;
    console.debug = (message: string) => logged.push(message);
    try {
      await savePosition(target, 1, () => Promise.reject(new Error('offline')));
      await savePosition(target, 1, async () => new Response(null, { status: 400 }));
    } finally {
      console.debug = debug;
    }
    expect(logged).to.deep.equal(['[lectern-player] saving the position failed', '[lectern-player] saving the position answered 400']);
  });
});
