/**
 * `<package>` slots (docs/whitelist.md): `npm install <package>` allows reinstalling or updating a
 * package the project already depends on, never adding a new one. The slot's text is judged
 * lexically like every slot (a registry name, nothing else); which packages a match stands for is
 * read here, so that the server can ask the agent for the lockfile and allow only when every one
 * of them is listed there (server/services/runtimeContext.ts).
 */
import type { Analysis } from '../analyzer/types.js';
import { attachmentsText, wordText } from '../analyzer/shell/commandText.js';
import type { Ecosystem } from '../context/packages.js';
import { compilePattern, type CompileFn } from './compile.js';
import { argsMatch, sourceArgs } from './matchPart.js';
import type { SlotContext } from './slots.js';

export interface PackageNeed {
  ecosystem: Ecosystem;
  /** Sorted, distinct, at most 50. */
  names: string[];
}

export function hasPackageSlot(pattern: string): boolean {
  return pattern.includes('<package>');
}

/**
 * The packages the `<package>` slots of these entries' patterns stand for in this command, by
 * ecosystem. Empty when none of the patterns has such a slot.
 */
export function packagesUnderSlots(
  patterns: readonly string[],
  analysis: Pick<Analysis, 'commands'>,
  ctx: SlotContext,
  compile: CompileFn,
): PackageNeed[] {
  const found = new Map<Ecosystem, Set<string>>();
  for (const text of patterns) {
    if (!hasPackageSlot(text)) continue;
    const compiled = compilePattern(text, compile);
    if (!compiled.ok) continue;
    for (const part of compiled.pattern.parts) {
      if (!part.ecosystem) continue;
      for (const cmd of analysis.commands) {
        const program = cmd.argv[0];
        const args = sourceArgs(cmd);
        if (
          !program ||
          part.program !== wordText(program, true) ||
          part.attachments !== attachmentsText(cmd) ||
          !argsMatch(part, args, false, ctx)
        )
          continue;
        const names = found.get(part.ecosystem) ?? new Set<string>();
        found.set(part.ecosystem, names);
        part.args.forEach((m, i) => {
          if (m.kind !== 'slots') return;
          const captured = m.re.exec(args[i]?.value ?? '');
          m.slots.forEach((type, j) => {
            const name = captured?.[j + 1];
            if (type === 'package' && name) names.add(name);
          });
        });
      }
    }
  }
  return [...found]
    .filter(([, names]) => names.size > 0)
    .map(([ecosystem, names]) => ({ ecosystem, names: [...names].sort().slice(0, 50) }));
}
