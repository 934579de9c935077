import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A started test provider: its base URL, and how to stop it (open keep-alive sockets too). */
export interface LoopbackServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts `server` on a free port of 127.0.0.1 (the only network target tests may use) and hands
 * back its URL and a close that does not wait on the suite's keep-alive connections.
 */
export async function listenOnLoopback(server: Server): Promise<LoopbackServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
