/** Words for facts, shared by risk reasons, binding differences and the CLI. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`;
}

/** `/tmp → /mnt/prod-storage, /mnt/prod-storage/x → /data/x` */
export function hopText(hops: ReadonlyArray<{ from: string; to: string }>): string {
  return hops.map((h) => `${h.from} → ${h.to}`).join(', ');
}

/** Where a SQL fact was read: `host:port/database`, or `sqlite FILE`. */
export function sqlPlace(f: {
  engine?: 'sqlite';
  server: { host: string; port: number; database: string };
}): string {
  return f.engine === 'sqlite'
    ? `sqlite ${f.server.database}`
    : `${f.server.host}:${f.server.port}/${f.server.database}`;
}
