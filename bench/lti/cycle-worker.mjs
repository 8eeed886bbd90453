// bench:lti's load generator (plain JavaScript: worker threads do not inherit tsx). A closed
// loop of `connections` clients, each running complete LTI launches one after another for
// `seconds`: POST the login initiation to Lectern's /lti/login → GET the 302 Location from the
// platform double's auth.php over loopback → POST the auto-submit form (id_token, state) to
// Lectern's /lti/launch. Records, per cycle, Lectern's time (login + launch answers) and the
// whole cycle's. With `healthz: true` it loops on GET /healthz instead (the baseline).
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

function send(agent, url, method, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const sent = process.hrtime.bigint();
    const req = http.request({ host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method, agent, headers: body ? { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body), ...headers } : headers }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, text: Buffer.concat(chunks).toString('utf8'), ms: Number(process.hrtime.bigint() - sent) / 1e6 }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const decode = (text) => text.replace(/&quot;/g, '"').replace(/&#0?39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function formOf(html) {
  const action = /<form\b[^>]*\baction="([^"]*)"/i.exec(html)?.[1];
  const fields = new URLSearchParams();
  for (const input of html.matchAll(/<input\b[^>]*>/gi)) {
    const name = /\bname="([^"]*)"/i.exec(input[0])?.[1];
    if (name) fields.append(decode(name), decode(/\bvalue="([^"]*)"/i.exec(input[0])?.[1] ?? ''));
  }
  return { action: action ? decode(action) : null, body: fields.toString() };
}

async function cycle(agent, settings, login) {
  const started = process.hrtime.bigint();
  const first = await send(agent, `${settings.base}/lti/login`, 'POST', login);
  if (first.status !== 302 || !first.location) throw new Error(`login answered ${first.status}`);
  const auth = await send(agent, first.location, 'GET');
  const form = formOf(auth.text);
  if (auth.status !== 200 || !form.action) throw new Error(`auth.php answered ${auth.status}`);
  const launch = await send(agent, form.action, 'POST', form.body);
  if (launch.status !== 200 || !launch.text.includes('lectern-player-config')) throw new Error(`launch answered ${launch.status}`);
  return { ours: first.ms + launch.ms, total: Number(process.hrtime.bigint() - started) / 1e6 };
}

async function run(settings) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: settings.connections * 2 });
  const ours = [];
  const totals = [];
  let errors = 0;
  let firstError = null;
  let next = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(settings.seconds * 1e9));
  async function loop() {
    while (process.hrtime.bigint() < deadline) {
      try {
        if (settings.healthz) {
          const res = await send(agent, `${settings.base}/healthz`, 'GET');
          if (res.status !== 200) throw new Error(`healthz answered ${res.status}`);
          ours.push(res.ms);
          totals.push(res.ms);
        } else {
          const login = settings.logins[next++];
          if (!login) throw new Error('ran out of prepared login initiations: raise BENCH_LTI_LOGINS');
          const times = await cycle(agent, settings, login);
          ours.push(times.ours);
          totals.push(times.total);
        }
      } catch (error) {
        errors++;
        firstError ??= error.message;
        if (!settings.healthz && next >= settings.logins.length) break;
      }
    }
  }
  await Promise.all(Array.from({ length: settings.connections }, loop));
  agent.destroy();
  return { cycles: ours.length, errors, firstError, seconds: Number(process.hrtime.bigint() - started) / 1e9, oursMs: ours, totalMs: totals };
}

parentPort.postMessage(await run(workerData));
