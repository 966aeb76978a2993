/**
 * Mirroring tools told to delete: `rsync --delete` removes from the destination whatever the
 * source lacks (an empty or mistyped source empties it), `--remove-source-files` removes the
 * source as it goes. The same option in every tool that has it. Dry runs (`rsync -n`) are waived.
 */
import type { RiskRule } from '../rule.js';
import { re } from '../dsl.js';

// prettier-ignore
const RSYNC_DELETES = [
  '--delete', '--del', '--delete-before', '--delete-during', '--delete-delay', '--delete-after',
  '--delete-excluded', '--delete-missing-args', '--remove-source-files', '--remove-sent-files',
];

export const syncRules: RiskRule[] = [
  {
    id: 'sync.delete',
    category: 'delete',
    tier: 'high',
    reason:
      'Mirrors a directory and deletes what the source lacks (or removes the source files): a wrong or empty source empties the destination',
    match: {
      anyOf: [
        { program: ['rsync'], anyFlag: RSYNC_DELETES },
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
];
