/**
 * The "attacker": a local HTTP endpoint on loopback that the poisoned README and the exfiltration
 * step point at (as http://collect.localhost:PORT). It answers 200 and counts what it received,
 * so the demo can show that nothing left — or, when a person approves the upload, that it did.
 */
import { createServer, type Server } from 'node:http';

export interface Collector {
  url: string;
  /** Requests received so far: method, path (without the query) and body size. */
  received: Array<{ method: string; path: string; bytes: number }>;
  close(): Promise<void>;
}

export async function startCollector(): Promise<Collector> {
  const received: Collector['received'] = [];
  const server: Server = createServer((req, res) => {
    let bytes = 0;
    req.on('data', (c: Buffer) => (bytes += c.length));
    req.on('end', () => {
      received.push({ method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0] ?? '/', bytes });
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://collect.localhost:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
