/**
 * Writes to secret stores: replacing, rotating, disabling or deleting a secret changes what
 * deployed services authenticate with (a wrong value takes them down; a deleted one may not be
 * recoverable). Every provider's spelling, not one: cloud secret managers and parameter stores,
 * key vaults, CI and cluster secrets. Reading a secret is secrets.store (secrets.ts).
 */
import type { RiskRule } from '../rule.js';

export const secretStoreRules: RiskRule[] = [
  {
    id: 'secrets.write-store',
    category: 'secrets',
    tier: 'high',
    reason: 'Replaces, rotates, disables or deletes a secret that deployed services read',
    match: {
      anyOf: [
        {
          program: ['aws'],
          sub: [
            ['secretsmanager'],
            [
              'put-secret-value',
              'update-secret',
              'delete-secret',
              'rotate-secret',
              'cancel-rotate-secret',
              'update-secret-version-stage',
              'replicate-secret-to-regions',
              'remove-regions-from-replication',
            ],
          ],
        },
        { program: ['aws'], sub: [['ssm'], ['put-parameter', 'delete-parameter', 'delete-parameters']] },
        { program: ['aws'], sub: [['kms'], ['schedule-key-deletion', 'disable-key', 'delete-alias']] },
        { program: ['gcloud'], sub: [['secrets'], ['versions'], ['add', 'destroy', 'disable']] },
        { program: ['gcloud'], sub: [['secrets'], ['update', 'delete']] },
        { program: ['gcloud'], sub: [['kms'], ['keys'], ['versions'], ['destroy', 'disable']] },
        {
          program: ['az'],
          sub: [['keyvault'], ['secret', 'key', 'certificate'], ['set', 'delete', 'purge', 'import']],
        },
        {
          program: ['gh'],
          sub: [
            ['secret', 'variable'],
            ['set', 'delete', 'remove'],
          ],
        },
        { program: ['glab'], sub: [['variable'], ['set', 'update', 'delete']] },
        {
          program: ['vault'],
          sub: [['kv'], ['put', 'patch', 'delete', 'destroy', 'undelete', 'rollback', 'metadata']],
        },
        { program: ['vault'], sub: [['write', 'delete', 'patch']] },
        { program: ['doppler', 'infisical'], sub: [['secrets'], ['set', 'delete', 'upload']] },
        {
          program: ['op'],
          sub: [
            ['item', 'document', 'vault'],
            ['edit', 'delete', 'create'],
          ],
        },
      ],
    },
    examples: [
      'aws secretsmanager put-secret-value --secret-id prod/db --secret-string x',
      'aws secretsmanager update-secret --secret-id my/secret --kms-key-id alias/old-key',
      'aws ssm put-parameter --name /prod/db --value x --overwrite',
      'gcloud secrets versions add db-pass --data-file=p.txt',
      'az keyvault secret set --vault-name v --name n --value x',
      'gh secret set TOKEN -b x',
      'vault kv put secret/app password=x',
      'doppler secrets set API_KEY=x',
    ],
    counterExamples: [
      'aws secretsmanager list-secrets',
      'gcloud secrets list',
      'gh secret list',
      'az keyvault secret list --vault-name v',
    ],
  },
];
