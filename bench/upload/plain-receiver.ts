import { createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import http from 'node:http';
import { pipeline } from 'node:stream/promises';

/**
 * The ceiling pass's server, run as its own process by the upload benchmark: the plainest
 * Node receiver, node:http piping each PUT body into one file at its Upload-Offset (as
 * @tus/file-store does, without tus, Express or a database), and fsyncing after the last one
 * (Upload-Final), as Lectern does before answering. Prints {"port": n} once listening.
 *   node --import tsx bench/upload/plain-receiver.ts <file>
 */
const target = process.argv[2];
if (!target) {
  process.stderr.write('usage: plain-receiver.ts <file>\n');
  process.exit(2);
}

const server = http.createServer((req, res) => {
  const offset = Number(req.headers['upload-offset'] ?? '0');
  const file = createWriteStream(target, { flags: offset === 0 ? 'w' : 'r+', start: offset });
  const durable = async () => {
    if (req.headers['upload-final'] !== '1') return;
    const handle = await open(target, 'r+');
    await handle.sync().finally(() => handle.close());
  };
  pipeline(req, file)
    .then(durable)
    .then(
      () => res.writeHead(204).end(),
      (error: unknown) => res.writeHead(500).end(String(error)),
    );
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
