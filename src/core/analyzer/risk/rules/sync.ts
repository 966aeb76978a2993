/**
 * Mirroring tools told to delete: `rsync --delete` removes from the destination whatever the
 * source lacks (an empty or mistyped source empties it), `--remove-source-files` removes the
 * source as it goes. The same option in every tool that has it. Dry runs (`rsync -n`) are waived.
 */
import type { RiskRule } from '../rule.js';
import { eq, path, re } from '../dsl.js';

// prettier-ignore
const RSYNC_DELETES = [
  '--delete', '--del', '--delete-before', '--delete-during', '--delete-delay', '--delete-after',
  '--delete-excluded', '--delete-missing-args', '--remove-source-files', '--remove-sent-files',
];

/** rsync's options that delete the files it sent. */
const RSYNC_SOURCE_DELETES = ['--remove-source-files', '--remove-sent-files'];

/** Retention options of restic and borg. */
// prettier-ignore
const KEEP = ['--keep-last', '--keep-hourly', '--keep-daily', '--keep-weekly', '--keep-monthly', '--keep-yearly', '-d', '-w', '-m', '-y', '-H'];

export const syncRules: RiskRule[] = [
  {
    id: 'sync.mirror-build-output',
    category: 'local-write',
    tier: 'low',
    reason:
      'Mirrors files into build output, deleting there what the source lacks: build output is regenerated',
    match: {
      program: ['rsync'],
      anyFlag: RSYNC_DELETES,
      noFlag: RSYNC_SOURCE_DELETES,
      lastOperand: path('regenerable'),
    },
    examples: ['rsync -a --delete public/ dist/public/'],
    counterExamples: ['rsync -a --delete dist/ /var/www/app/', 'rsync -a --remove-source-files logs/ dist/'],
  },
  {
    id: 'sync.delete-unbounded',
    category: 'delete',
    tier: 'critical',
    reason:
      'Mirrors onto the root, a system directory or the home directory and deletes what the source lacks: everything there not in the source is gone',
    match: {
      program: ['rsync'],
      anyFlag: RSYNC_DELETES,
      noFlag: RSYNC_SOURCE_DELETES,
      anyOf: [
        { lastOperand: path('root', 'system', 'home') },
        // The same on another host: its root, home, the OS's trees, a service's data directory
        // (`rsync -a --delete ./empty/ db1:/var/lib/postgresql/`).
        {
          lastOperand: re(
            /^(?:[\w.-]+@)?[\w.-]+:(?:~?\/*|\/+(?:etc|usr(?!\/+local)|var\/+lib(?:\/+[^/]+)?|bin|sbin|lib\w*|boot|root|home(?:\/+[^/]+)?)\/*)$/,
          ),
        },
      ],
    },
    examples: [
      'rsync -a --delete ./empty/ ~/',
      'rsync -av --delete build/ /',
      'rsync -a --delete /tmp/empty/ root@db1:/var/lib/postgresql/',
      'rsync -a --delete ./empty/ host:',
    ],
    counterExamples: ['rsync -a --delete dist/ /srv/www/app/', 'rsync -a ./src/ ~/'],
    weight: 18,
  },
  {
    id: 'sync.delete',
    category: 'delete',
    tier: 'high',
    reason:
      'Mirrors a directory and deletes what the source lacks (or removes the source files): a wrong or empty source empties the destination',
    match: {
      anyOf: [
        { program: ['rsync'], anyFlag: RSYNC_SOURCE_DELETES },
        // Into build output (`rsync -a --delete public/ dist/public/`), what it deletes is regenerated.
        { program: ['rsync'], anyFlag: RSYNC_DELETES, noneOf: [{ lastOperand: path('regenerable') }] },
        { program: ['gsutil'], sub: [['rsync']], anyFlag: ['-d'] },
        {
          program: ['gcloud'],
          sub: [['storage'], ['rsync']],
          anyFlag: ['--delete-unmatched-destination-objects'],
        },
        {
          program: ['azcopy'],
          sub: [['sync']],
          flagValue: { flags: ['--delete-destination'], test: re(/^(true|prompt)$/i) },
        },
        { program: ['mc'], sub: [['mirror']], anyFlag: ['--remove', '--overwrite'] },
        { program: ['s3cmd'], sub: [['sync']], anyFlag: ['--delete-removed', '--delete-after'] },
      ],
    },
    examples: [
      'rsync -a --delete dist/ /var/www/app/',
      'rsync -av --delete-after ./ backup/',
      'rsync -a --remove-source-files logs/ archive/',
      'gsutil -m rsync -r -d ./site gs://bucket',
      'azcopy sync ./site "https://acct.blob.core.windows.net/c" --delete-destination=true',
      'mc mirror --remove ./site s3/bucket',
    ],
    counterExamples: [
      'rsync -a dist/ /var/www/app/',
      'rsync -avn --delete src/ backup/',
      'gsutil rsync -r ./site gs://b',
    ],
  },
  {
    id: 'backup.destroy-history',
    category: 'delete',
    tier: 'critical',
    reason:
      'Removes snapshots from a backup repository and frees their data, or deletes the whole repository: the history it kept is gone',
    match: {
      noFlag: ['--dry-run', '-n'],
      anyOf: [
        // A retention that keeps one snapshot or none, then frees the data: the history is gone.
        {
          program: ['restic', 'rustic', 'borg', 'borgmatic'],
          operand: eq('forget', 'prune'),
          anyOf: [
            { flagValue: { flags: KEEP, test: eq('0', '1') } },
            { anyFlag: KEEP, operand: eq('0', '1') },
          ],
          noneOf: [
            { flagValue: { flags: KEEP, test: re(/^([2-9]|\d{2,})/) } },
            { anyFlag: KEEP, operand: re(/^([2-9]|\d{2,})$/) },
          ],
        },
        // `borg delete REPO` without `::ARCHIVE` deletes the repository itself.
        { program: ['borg'], sub: [['delete']], noneOf: [{ operand: re(/::./) }] },
        {
          program: ['kopia'],
          sub: [
            ['repository', 'repo'],
            ['delete', 'rm'],
          ],
        },
        {
          program: ['duplicity'],
          sub: [['remove-older-than', 'remove-all-but-n-full', 'remove-all-inc-of-but-n-full']],
          anyFlag: ['--force'],
        },
        { program: ['tarsnap'], anyFlag: ['--nuke'] },
      ],
    },
    examples: [
      'restic -r s3:host/backups forget --keep-last 1 --prune',
      'borg prune -v --keep-daily=1 /mnt/backup',
      'borg delete /mnt/backup',
      'duplicity remove-older-than 1D --force file:///backup',
    ],
    counterExamples: [
      'restic snapshots',
      'borg list /mnt/backup',
      'restic forget --keep-last 1 --prune --dry-run',
      'borg delete /mnt/backup::old',
      'restic forget --keep-last 1 --keep-daily 7 --prune',
    ],
    weight: 17,
  },
  {
    id: 'backup.delete',
    category: 'delete',
    tier: 'high',
    reason: 'Deletes snapshots or archives from a backup repository',
    match: {
      noFlag: ['--dry-run', '-n'],
      anyOf: [
        { program: ['restic', 'rustic'], operand: eq('forget', 'prune') },
        { program: ['borg', 'borgmatic'], sub: [['prune', 'compact']] },
        { program: ['borg'], sub: [['delete']] },
        {
          program: ['kopia'],
          sub: [
            ['snapshot', 'snap'],
            ['delete', 'rm', 'expire'],
          ],
        },
        { program: ['velero'], sub: [['backup', 'restore', 'schedule'], ['delete']] },
        { program: ['tarsnap'], anyFlag: ['-d'] },
      ],
    },
    examples: [
      'restic forget abc123',
      'borg delete --force /mnt/backup::archive-2024',
      'kopia snapshot delete k8a3f --delete',
      'velero backup delete nightly --confirm',
    ],
    counterExamples: ['restic snapshots', 'kopia snapshot list'],
  },
];
