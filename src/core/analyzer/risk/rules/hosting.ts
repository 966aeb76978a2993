/** Code hosts (gh, glab): reading is safe, writing medium, merging, releases and secrets high. */
import type { RiskRule } from '../rule.js';
import { eqi, not, re } from '../dsl.js';

export const hostingRules: RiskRule[] = [
  {
    id: 'vcs.hosting-read',
    category: 'read-only',
    tier: 'safe',
    reason: 'Reads pull requests, issues, runs or repository data from the code host',
    match: {
      program: ['gh', 'glab'],
      anyOf: [
        {
          sub: [
            ['pr', 'issue', 'run', 'release', 'repo', 'workflow', 'gist', 'label', 'cache', 'mr', 'ci'],
            ['view', 'list', 'diff', 'checks', 'status', 'watch'],
          ],
        },
        { sub: [['search', 'status', 'browse']] },
        { sub: [['auth'], ['status']] },
        // Names of secrets, and CI variables (configuration, not secrets: those are `gh secret`).
        { sub: [['secret'], ['list']] },
        { sub: [['variable'], ['list', 'get']] },
        { sub: [['api']], noFlag: ['-X', '--method', '-f', '-F', '--field', '--raw-field', '--input'] },
      ],
    },
    examples: [
      'gh pr view 12',
      'gh pr list',
      'gh run view 123 --log',
      'gh api repos/a/b/pulls',
      'gh issue list --state open',
    ],
    counterExamples: ['gh pr merge 12', 'gh api -X DELETE repos/a/b'],
  },
  {
    id: 'vcs.hosting-write',
    category: 'vcs',
    tier: 'medium',
    reason: 'Creates or changes pull requests, issues, comments or repository settings on the code host',
    match: { program: ['gh', 'glab'] },
    examples: ['gh pr create --fill', 'gh issue comment 3 --body ok', 'gh pr checkout 12'],
    counterExamples: ['git status'],
    unless: ['vcs.hosting-read'],
  },
  {
    id: 'vcs.hosting-merge',
    category: 'publish',
    tier: 'high',
    reason:
      'Merges a pull request into its base branch, starts a deploy or release pipeline, or changes secrets, releases or repository visibility',
    match: {
      program: ['gh', 'glab'],
      anyOf: [
        { sub: [['pr', 'mr'], ['merge']] },
        { sub: [['release'], ['create', 'delete', 'upload', 'edit']] },
        {
          sub: [
            ['secret', 'variable'],
            ['set', 'delete', 'remove'],
          ],
        },
        { sub: [['repo'], ['edit', 'archive', 'rename']] },
        // CI turned off: the checks that guard merges and deploys stop running.
        { sub: [['workflow'], ['disable']] },
        // A deploy or release pipeline started by hand (its name or inputs say so).
        { sub: [['workflow'], ['run']], anyWord: re(/deploy|release|publish|prod/i) },
        { program: ['glab'], sub: [['ci'], ['run', 'trigger']], anyWord: re(/deploy|release|publish|prod/i) },
        { sub: [['api']], flagValue: { flags: ['-X', '--method'], test: re(/^(DELETE|PUT|PATCH)$/i) } },
        { sub: [['gist'], ['create']], operand: not(re(/^-$/)) },
      ],
    },
    examples: [
      'gh pr merge 12 --squash',
      'gh release create v1.0.0',
      'gh secret set TOKEN',
      'gh api -X DELETE repos/a/b/issues/1',
      'gh workflow run deploy.yml -f env=production',
    ],
    counterExamples: ['gh pr view 12', 'gh pr create --fill', 'gh workflow run ci.yml'],
  },
  {
    id: 'vcs.hosting-delete-repo',
    category: 'publish',
    tier: 'critical',
    reason: 'Deletes a repository (or a whole project or organization) on the code host',
    match: {
      anyOf: [
        { program: ['gh', 'glab'], sub: [['repo'], ['delete']] },
        // A model, dataset or space repository on the Hugging Face Hub, with its whole history.
        { program: ['hf', 'huggingface-cli'], sub: [['repo'], ['delete']] },
        // The same through the REST API: DELETE of the repository (or project) itself.
        {
          program: ['gh', 'glab'],
          sub: [['api']],
          flagValue: { flags: ['-X', '--method'], test: re(/^DELETE$/i) },
          operand: re(/^\/?(repos\/[^/\s]+\/[^/\s]+|projects\/[^/\s]+|orgs\/[^/\s]+)\/?$/),
        },
      ],
    },
    examples: [
      'gh repo delete me/x --yes',
      'gh api -X DELETE repos/acme/api',
      'gh api --method DELETE /repos/acme/api',
      'glab api -X DELETE projects/42',
    ],
    counterExamples: [
      'gh repo view me/x',
      'gh api -X DELETE repos/acme/api/issues/1',
      'gh api repos/acme/api',
    ],
    weight: 18,
  },
  {
    id: 'vcs.hosting-publish-repo',
    category: 'publish',
    tier: 'critical',
    reason:
      'Makes a repository public: its code and whole history can be copied by anyone, and that cannot be taken back',
    match: {
      anyOf: [
        {
          program: ['gh'],
          sub: [['repo'], ['edit']],
          flagValue: { flags: ['--visibility'], test: eqi('public') },
        },
        { program: ['gh'], sub: [['repo'], ['edit']], anyFlag: ['--visibility'], operand: eqi('public') },
        { program: ['glab'], sub: [['repo'], ['edit', 'update']], anyWord: eqi('public') },
        {
          program: ['gh'],
          sub: [['api']],
          flagValue: {
            flags: ['-f', '-F', '--field', '--raw-field'],
            test: re(/^(private=false|visibility=public)$/i),
          },
        },
      ],
    },
    examples: [
      'gh repo edit acme/api --visibility public --accept-visibility-change-consequences',
      'gh repo edit --visibility=public',
      'gh api -X PATCH repos/acme/api -f visibility=public',
      'gh api -X PATCH repos/acme/api -F private=false',
    ],
    counterExamples: ['gh repo edit acme/api --visibility private', 'gh repo edit --description x'],
    weight: 18,
  },
];
