import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { processTree } from './cpu-meter.js';
import { freePort } from '../../test/helpers/processes.js';

/**
 * Debian's nginx for passes (c) and (d), run by the benchmark itself: `daemon off`, a master
 * with `worker_processes auto`, every path (pid, logs, temp folders) in the workspace so it
 * runs as any user. One instance, two servers: (c) serves `/videos/…` straight from the media
 * root; (d) proxies `/media/…` to Lectern in x-accel-redirect mode and serves the bytes from
 * an internal location, as docs/nginx/lectern.conf does.
 */
export interface NginxServer extends Ports {
  readonly version: string;
  /** The master's and workers' pids now, for CPU accounting. */
  pids(): number[];
  stop(): Promise<void>;
}

export function findNginx(): string | null {
  for (const candidate of ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx']) if (existsSync(candidate)) return candidate;
  const which = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' });
  return which.status === 0 && which.stdout.trim() ? which.stdout.trim() : null;
}

interface ConfigInput {
  readonly dir: string;
  readonly mediaRoot: string;
  readonly ports: Ports;
  readonly lecternPort: number;
  readonly accelPrefix: string;
}

interface Ports {
  readonly staticPort: number;
  readonly accelPort: number;
}

/**
 * The /media/ proxy and the internal location of docs/nginx/lectern.conf. No proxy_cache on
 * /media/: nginx follows an X-Accel-Redirect before its cache stores the answer, so nothing is
 * ever cached, and proxy_cache_lock then queued concurrent requests (p99 of 3 s; tried).
 */
function accelServer(c: ConfigInput, port: number): string {
  return `server {
    listen 127.0.0.1:${port};
    location /media/ {
      proxy_pass http://lectern;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Request-Id $request_id;
    }
    location ${c.accelPrefix} {
      internal;
      alias ${c.mediaRoot}/;
      add_header Access-Control-Allow-Origin "*" always;
      add_header Access-Control-Expose-Headers "Content-Length, Content-Range, Accept-Ranges, ETag" always;
      add_header X-Content-Type-Options nosniff always;
      add_header Cross-Origin-Resource-Policy cross-origin always;
      add_header Content-Security-Policy $upstream_http_content_security_policy always;
      add_header X-Request-Id $request_id always;
    }
  }`;
}

function nginxConfig(c: ConfigInput): string {
  const temp = (name: string) => `${name}_temp_path ${path.join(c.dir, `${name}-temp`)};`;
  // As root, workers would switch to `nobody`, who may not read the workspace.
  const user = process.getuid?.() === 0 ? 'user root root;' : '';
  return `${user}
daemon off;
master_process on;
worker_processes auto;
pid ${path.join(c.dir, 'nginx.pid')};
error_log ${path.join(c.dir, 'error.log')} warn;
events { worker_connections 4096; }
http {
  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}
  access_log ${path.join(c.dir, 'access.log')};
  types { application/vnd.apple.mpegurl m3u8; video/mp4 mp4; text/vtt vtt; image/jpeg jpg; }
  default_type application/octet-stream;
  # As docs/nginx/lectern.conf's internal location, for (c) and (d) alike.
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  output_buffers 2 1m;
  sendfile_max_chunk 2m;
  open_file_cache max=2000 inactive=20s;
  open_file_cache_valid 30s;
  upstream lectern { server 127.0.0.1:${c.lecternPort}; keepalive 64; }
  server {
    listen 127.0.0.1:${c.ports.staticPort};
    location /videos/ { root ${c.mediaRoot}; }
  }
  ${accelServer(c, c.ports.accelPort)}
}
`;
}

async function waitForPort(port: number, child: ChildProcess, errorLog: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}): ${await fs.readFile(errorLog, 'utf8').catch(() => '')}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.end(() => resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nginx did not listen on ${port} within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function startNginx(binary: string, workspace: string, mediaRoot: string, lecternPort: number, accelPrefix: string): Promise<NginxServer> {
  const dir = path.join(workspace, 'nginx');
  await fs.mkdir(dir, { recursive: true });
  const ports: Ports = { staticPort: await freePort(), accelPort: await freePort() };
  const conf = path.join(dir, 'nginx.conf');
  await fs.writeFile(conf, nginxConfig({ dir, mediaRoot, ports, lecternPort, accelPrefix }));
  const version = spawnSync(binary, ['-v'], { encoding: 'utf8' }).stderr.trim();
  const errorLog = path.join(dir, 'error.log');
  const child = spawn(binary, ['-p', dir, '-e', errorLog, '-c', conf], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    for (const port of Object.values(ports)) await waitForPort(port, child, errorLog);
  } catch (error) {
    child.kill('SIGTERM');
    throw error;
  }
  return {
    ...ports,
    version,
    pids: () => processTree(child.pid!),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
