import { createServer, type Server } from 'node:http';
import { freePort } from './lectern-server.js';
import { escapeAttribute } from './text.js';

/** A stand-in for an LMS course page on another origin (127.0.0.1, another port) that frames `src`. */
export interface LmsPage {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * `host` is the name the LMS page is opened at: `localhost` makes it another *site* than
 * Lectern's 127.0.0.1 (not only another origin), so the browser treats Lectern's cookies in
 * the frame as third-party ones.
 */
export async function serveLmsPage(src: string, host: '127.0.0.1' | 'localhost' = '127.0.0.1'): Promise<LmsPage> {
  const port = await freePort();
  const body = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Course page</title></head>
<body>
  <h1>Course page</h1>
  <iframe src="${escapeAttribute(src)}" title="Lectern" width="1000" height="700"></iframe>
</body>
</html>`;
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://${host}:${port}/course`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
