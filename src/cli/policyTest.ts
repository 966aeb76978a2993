/** `expacti policy test FILE [--command CMD [--fact KEY=VALUE …]]`: a policy file checked offline (docs/policies.md). */
import { readFileSync } from 'node:fs';
import { print, printError, printJson } from './output.js';
import { EXIT } from '../protocol/exitCodes.js';
import { displayInline } from '../protocol/displayText.js';

export async function testFile(
  file: string,
  values: { json?: boolean; command?: string[]; fact?: string[] },
): Promise<number> {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    printError(`expacti policy test: cannot read ${file}: ${(error as Error).message}`);
    return EXIT.usage;
  }
  const { loadAnalyzer } = await import('../runtime/loadAnalyzer.js');
  const { loadPolicy, PolicyError, exampleFacts } = await import('../core/policy/loadPolicy.js');
  const { evaluatePolicy } = await import('../core/policy/evaluate.js');
  const analyzer = await loadAnalyzer();
  const analyze = (shell: string) => analyzer.analyze({ shell });
  let doc;
  try {
    doc = loadPolicy(source, analyze);
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    if (values.json) printJson({ ok: false, problems: error.problems });
    else {
      printError(`expacti policy test: ${file} is refused:`);
      for (const p of error.problems)
        printError(`  ${p.at}: ${p.problem}${p.example ? `\n    example: ${displayInline(p.example)}` : ''}`);
    }
    return 1;
  }
  const facts: Record<string, string> = {};
  for (const f of values.fact ?? []) {
    const eq = f.indexOf('=');
    if (eq < 1) {
      printError(`expacti policy test: --fact takes KEY=VALUE (got "${f}")`);
      return EXIT.usage;
    }
    facts[f.slice(0, eq)] = f.slice(eq + 1);
  }
  const evaluations = (values.command ?? []).map((command) => {
    const ex = {
      command,
      ...facts,
      ...(facts.estimatedRows !== undefined ? { estimatedRows: Number(facts.estimatedRows) } : {}),
      ...(facts.symlinkTargets !== undefined ? { symlinkTargets: facts.symlinkTargets.split(',') } : {}),
      ...(facts.tainted !== undefined ? { tainted: facts.tainted === 'true' } : {}),
    };
    return {
      command,
      applied: evaluatePolicy({ version: 0, document: doc }, exampleFacts(analyze, ex as never)),
    };
  });
  const examples = doc.rules.reduce(
    (n, r) => n + r.examples.match.length + (r.examples.noMatch?.length ?? 0),
    0,
  );
  if (values.json) printJson({ ok: true, rules: doc.rules.map((r) => r.name), examples, evaluations });
  else {
    print(
      `${file}: ${doc.rules.length} rule${doc.rules.length === 1 ? '' : 's'}, ${examples} example${examples === 1 ? '' : 's'}, all hold`,
    );
    for (const e of evaluations) {
      print(`\n${displayInline(e.command)}`);
      if (e.applied.rules.length === 0)
        print('  no rule applies: the default (one approval from any reviewer)');
      for (const r of e.applied.rules)
        print(
          `  rule ${r.name}: ${r.match === 'yes' ? 'applies' : 'may apply (give the runtime fact with --fact)'}`,
        );
      if (e.applied.deny) print(`  denied: ${displayInline(e.applied.deny.message)}`);
      for (const r of e.applied.requirements)
        print(
          `  needs ${r.approvals} approval${r.approvals === 1 ? '' : 's'}${r.from ? ` from ${r.from.join(' or ')}` : ''}`,
        );
      if (e.applied.whitelist === 'forbid') print('  may not be whitelisted');
    }
  }
  return 0;
}
