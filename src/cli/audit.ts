/** `expacti audit verify` (exit 0 when the chain is intact, 1 with where it breaks) · `expacti audit export` (JSON lines). */
import { UsageError, withReviewer } from './reviewer.js';

export async function main(args: string[]): Promise<number> {
  const [sub] = args;
  return withReviewer(`audit ${sub ?? ''}`.trim(), async (client) => {
    if (sub === 'verify') {
      const result = await client.verifyAudit();
      if (result.ok) {
        process.stdout.write(
          `audit chain intact: ${result.records} records; head #${result.head?.seq ?? 0} ${result.head?.hash ?? ''}\n`,
        );
        return 0;
      }
      const p = result.problem;
      process.stdout.write(`audit chain BROKEN at record #${p?.seq}: ${p?.kind} — ${p?.message}\n`);
      return 1;
    }
    if (sub === 'export') {
      let after = 0;
      for (;;) {
        const page = await client.auditPage(after);
        for (const r of page.records) process.stdout.write(JSON.stringify(r) + '\n');
        if (page.next === null) break;
        after = page.next;
      }
      return 0;
    }
    throw new UsageError('usage: expacti audit verify | export');
  });
}
