/** History rewrites and force pushes (protected branches worst), and git config that runs commands. */
import type { RiskRule } from '../rule.js';
import { re } from '../dsl.js';
import { FORCE_FLAGS, GIT, PROTECTED } from './vcs.js';

const FORCE_REFSPEC = re(/^\+/);

export const historyRules: RiskRule[] = [
  {
    id: 'history.force-push',
    category: 'history-rewrite',
    tier: 'high',
    reason: 'Force-pushes, overwriting the remote branch history',
    match: { program: GIT, sub: [['push']], anyOf: [{ anyFlag: FORCE_FLAGS }, { operand: FORCE_REFSPEC }] },
    examples: [
      'git push --force origin feature/x',
      'git push -f',
      'git push origin +feature/x',
      'git push --force-with-lease',
    ],
    counterExamples: ['git push origin feature/x'],
    weight: 12,
  },
  {
    id: 'history.force-push-protected',
    category: 'history-rewrite',
    tier: 'critical',
    reason: 'Force-pushes or deletes a protected branch, rewriting or removing history everyone shares',
    match: {
      program: GIT,
      sub: [['push']],
      anyOf: [
        { anyFlag: FORCE_FLAGS, operand: re(PROTECTED) },
        {
          operand: re(
            /^\+(?:[^:]*:)?(?:refs\/heads\/)?(main|master|trunk|production|prod|release(?:[/-].*)?|stable|develop)$/,
          ),
        },
        { anyFlag: ['--mirror'] },
        // Deleting a protected branch on the remote (`:main`, `--delete main`).
        { anyFlag: ['-d', '--delete'], operand: re(PROTECTED) },
        {
          operand: re(
            /^:(?:refs\/heads\/)?(main|master|trunk|production|prod|release(?:[/-].*)?|stable|develop)$/,
          ),
        },
        // Every branch, the protected ones included.
        { anyFlag: FORCE_FLAGS, flags: [['--all', '--branches']] },
        { operand: re(/^\+[^:]*\*/) },
        { anyFlag: FORCE_FLAGS, operand: re(/^[^:]*\*/) },
      ],
    },
    examples: [
      'git push --force origin main',
      'git push -f origin master',
      'git push origin +main',
      'git push --force-with-lease origin HEAD:main',
      'git push --mirror backup',
      'git push origin :main',
      'git push origin --delete master',
      'git push origin --force --all',
      "git push origin '+refs/heads/*:refs/heads/*'",
    ],
    counterExamples: ['git push --force origin feature/x', 'git push origin main', 'git push --all origin'],
    weight: 18,
  },
  {
    id: 'history.rewrite-tool',
    category: 'history-rewrite',
    tier: 'high',
    reason: 'Rewrites repository history or destroys the reflog that recovers it',
    match: {
      program: GIT,
      anyOf: [
        { sub: [['filter-branch', 'filter-repo']] },
        { sub: [['reflog'], ['expire', 'delete']] },
        { sub: [['update-ref']], anyFlag: ['-d'] },
        { sub: [['gc', 'prune']], anyWord: re(/^(now|all)$|--prune=now/) },
      ],
    },
    examples: [
      'git filter-branch --tree-filter "rm -f x" HEAD',
      'git reflog expire --expire=now --all',
      'git update-ref -d refs/heads/x',
    ],
    counterExamples: ['git gc', 'git reflog'],
  },
  {
    id: 'persist.git-config-exec',
    category: 'persistence',
    tier: 'high',
    reason:
      'Sets a git option that runs commands (hooks path, pager, fsmonitor, aliases, credential helpers, filters)',
    match: {
      program: GIT,
      sub: [['config']],
      anyOf: [
        {
          operand: re(
            /^(core\.(pager|editor|fsmonitor|sshcommand|hookspath|gitproxy|askpass|attributesfile|excludesfile)|.*\.(cmd|command|helper|driver|textconv|clean|smudge|process)|sequence\.editor|diff\.external|credential\.helper|url\..*\.insteadof|include\.path|includeif\..*)$/i,
          ),
        },
        // An alias runs a shell command only when its value starts with `!`; otherwise it is git's
        // own words (`alias.lg "log --oneline"`), and an alias cannot replace a git command.
        { operand: re(/^alias\..+$/i), anyWord: re(/^\s*!/) },
      ],
      noFlag: ['--get', '--get-all', '--list', '-l', '--unset', '--get-regexp'],
    },
    examples: [
      'git config core.hooksPath /tmp/hooks',
      'git config --global alias.co "!sh -c x"',
      'git config core.fsmonitor ./x.sh',
    ],
    counterExamples: [
      'git config user.name "A B"',
      'git config --get core.pager',
      'git config --global alias.lg "log --oneline --graph"',
    ],
  },
];
