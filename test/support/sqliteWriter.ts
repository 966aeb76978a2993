/** Child process for the kill -9 test: appends audit records forever, printing each acknowledged seq. */
import { SqliteStore } from '../../src/store/sqlite/store.js';
import { AUDIT_KEYS } from './storeFixtures.js';

const store = new SqliteStore({ dataDir: process.argv[2] as string, auditKeys: AUDIT_KEYS });
await store.migrate();
for (let i = 0; ; i++) {
  const drafts = Array.from({ length: 5 }, (_, j) => ({
    ts: new Date().toISOString(),
    orgId: null,
    actor: { kind: 'system' as const, id: null, name: null },
    action: 'test.write',
    subject: null,
    data: { i, j },
  }));
  const sealed = await Promise.all(drafts.map((d) => store.appendAudit([d])));
  process.stdout.write(`acked ${sealed[sealed.length - 1]?.[0]?.seq}\n`);
}
