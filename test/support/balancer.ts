/**
 * A minimal TCP load balancer for replica tests: each new connection goes to the next backend
 * that accepts it (round robin, skipping dead ones), like a reverse proxy with health checks.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface Balancer {
  url: string;
  close(): Promise<void>;
}

export async function startBalancer(backends: Array<{ port: number }>): Promise<Balancer> {
  let next = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    const tryBackend = (attempt: number) => {
      if (attempt >= backends.length) {
        client.destroy();
        return;
      }
      const backend = backends[(next + attempt) % backends.length] as { port: number };
      const upstream = connect(backend.port, '127.0.0.1');
      let connected = false;
      upstream.once('connect', () => {
        connected = true;
        next = (next + attempt + 1) % backends.length;
        sockets.add(upstream);
        upstream.on('close', () => sockets.delete(upstream));
        client.pipe(upstream).pipe(client);
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
      });
      upstream.once('error', () => {
        // Only a refused connection moves on to the next backend; a broken one ends the client's.
        if (!connected) tryBackend(attempt + 1);
      });
    };
    tryBackend(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
