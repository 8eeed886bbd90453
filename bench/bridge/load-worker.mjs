// The load generator's worker thread (plain JavaScript: worker threads do not inherit tsx).
// A closed loop: `connections` keep-alive sockets, each sending the next request as soon as
// the previous answer ends, for `seconds`; paths round-robin; every answer must have the
// expected status; latencies are returned for percentiles. See load-client.ts.
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

function get(agent, settings, path) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: settings.port, path, headers: settings.headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

async function run(settings) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: settings.connections });
  const latenciesMs = [];
  let errors = 0;
  let firstError = null;
  let next = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(settings.seconds * 1e9));
  async function loop() {
    while (process.hrtime.bigint() < deadline) {
      const path = settings.paths[next++ % settings.paths.length];
      const sent = process.hrtime.bigint();
      try {
        const status = await get(agent, settings, path);
        if (status !== settings.expectStatus) {
          errors++;
          firstError ??= `${status} for ${path}`;
        }
      } catch (error) {
        errors++;
        firstError ??= `${error.message} for ${path}`;
      }
      latenciesMs.push(Number(process.hrtime.bigint() - sent) / 1e6);
    }
  }
  await Promise.all(Array.from({ length: settings.connections }, loop));
  agent.destroy();
  return { requests: latenciesMs.length, errors, seconds: Number(process.hrtime.bigint() - started) / 1e9, latenciesMs, firstError };
}

parentPort.postMessage(await run(workerData));
