import type http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A server listening on 127.0.0.1 (benchmarks' servers, raw-request tests). */
export interface RunningServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function listenOnLoopback(server: http.Server): Promise<RunningServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
