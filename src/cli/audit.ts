/** `expacti audit verify` (exit 0 when the chain is intact, 1 with where it breaks) · `expacti audit export` (JSON lines). */
import { UsageError, withReviewer } from './reviewer.js';
import { displayInline } from '../protocol/displayText.js';
import { print, printJson } from './output.js';

export async function main(args: string[]): Promise<number> {
  const [sub] = args;
  return withReviewer(`audit ${sub ?? ''}`.trim(), async (client) => {
    if (sub === 'verify') {
      const result = await client.verifyAudit();
      if (result.ok) {
        print(
          `audit chain intact: ${result.records} records; head #${result.head?.seq ?? 0} ${result.head?.hash ?? ''}`,
        );
        return 0;
      }
      const p = result.problem;
      print(`audit chain BROKEN at record #${p?.seq}: ${p?.kind} — ${displayInline(p?.message ?? '')}`);
      return 1;
    }
    if (sub === 'export') {
      let after = 0;
      for (;;) {
        const page = await client.auditPage(after);
        for (const r of page.records) printJson(r);
        if (page.next === null) break;
        after = page.next;
      }
      return 0;
    }
    throw new UsageError('usage: expacti audit verify | export');
  });
}
