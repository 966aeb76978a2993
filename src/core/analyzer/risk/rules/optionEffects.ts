/**
 * Files written and programs run through options (options/table.ts marks them): judged like the
 * same write through a redirect (`sort -o ~/.bashrc x` is `sort x > ~/.bashrc`), and a program an
 * option runs like code handed to the command.
 */
import type { RiskRule } from '../rule.js';
import { all, not, path, substituted } from '../dsl.js';

const REAL_FILE = not(path('null-device'));

export const optionEffectRules: RiskRule[] = [
  {
    id: 'write.option-device',
    category: 'disk',
    tier: 'critical',
    reason: 'An option writes straight onto a disk device',
    match: { writesTo: path('disk-device') },
    examples: ['sort -o /dev/sda x', 'curl -o /dev/nvme0n1 https://x.io/img'],
    counterExamples: ['sort -o out.txt x', 'curl -o /dev/null https://x.io'],
    weight: 19,
  },
  {
    id: 'write.option-startup-file',
    category: 'persistence',
    tier: 'high',
    reason: 'An option writes a file that runs code later (shell start-up file, git hook, agent settings)',
    match: { writesTo: path('persistence') },
    examples: [
      'sort -o ~/.bashrc list.txt',
      'find . -fprint .git/hooks/pre-commit',
      'curl -o ~/.zshrc https://x.io/rc',
    ],
    counterExamples: ['sort -o sorted.txt list.txt'],
  },
  {
    id: 'write.option-system',
    category: 'disk',
    tier: 'high',
    reason: 'An option writes into a system file or directory, the root or the home directory itself',
    match: { writesTo: all(path('root', 'system', 'home', 'os-file'), REAL_FILE, not(path('disk-device'))) },
    examples: [
      'sort -o /etc/hosts hosts.txt',
      'curl -o /etc/passwd https://x.io/t',
      'sed -i s/no/yes/ /etc/ssh/sshd_config',
    ],
    counterExamples: ['sort -o out.txt x', 'curl -o /dev/null https://x.io'],
  },
  {
    id: 'write.option-data',
    category: 'disk',
    tier: 'high',
    reason: 'An option overwrites a database file',
    match: { writesTo: path('data-file') },
    examples: ['sort -o app.db x', 'curl -o prod.sqlite3 https://x.io/db'],
    counterExamples: ['sort -o out.txt x'],
  },
  {
    id: 'write.option-computed',
    category: 'local-write',
    tier: 'high',
    reason:
      'An option writes (or edits in place) files chosen by a command run at the same time: which files, and how many, is only known when it runs',
    match: { writesTo: substituted },
    examples: [
      'sed -i s/localhost/0.0.0.0/g $(grep -rl localhost .)',
      "perl -pi -e 's/a/b/' `find . -type f`",
      'sort -o "$(mktemp -p /etc)" x',
    ],
    counterExamples: ['sed -i s/a/b/ src/*.ts', 'sort -o "$OUT" x', 'grep -l a $(git ls-files)'],
  },
  {
    id: 'write.option-outside',
    category: 'local-write',
    tier: 'medium',
    reason: 'An option writes a file outside the working tree, or one named at run time',
    match: { writesTo: path('absolute', 'home-path', 'dynamic', 'dynamic-root') },
    examples: ['sort -o /srv/app/data/out.txt x', 'git diff --output=$OUT', 'psql -o ~/q.txt -c "select 1"'],
    counterExamples: ['sort -o out.txt x', 'sort -o /tmp/out.txt x'],
  },
  {
    id: 'write.option-important',
    category: 'local-write',
    tier: 'medium',
    reason: 'An option overwrites an important project file (manifest, lockfile, build file)',
    match: { writesTo: path('important-file') },
    examples: ['sort -o package.json x', 'jq . x.json | sort -o requirements.txt'],
    counterExamples: ['sort -o out.txt x'],
  },
  {
    id: 'write.option-file',
    category: 'local-write',
    tier: 'low',
    reason: 'An option writes a file',
    match: { writesTo: REAL_FILE },
    examples: ['sort -o out.txt x', 'find . -name "*.ts" -fprint list.txt', 'git diff --output=d.patch'],
    counterExamples: ['sort x', 'git diff'],
  },
  {
    id: 'exec.option-runs',
    category: 'execution',
    tier: 'high',
    reason: 'An option makes the command run another program (a preprocessor, an exec step)',
    match: { optionRuns: true },
    examples: ['rg --pre ./x.sh TODO', 'git rebase -x "make test" main'],
    counterExamples: ['rg TODO', 'git rebase main'],
  },
];
