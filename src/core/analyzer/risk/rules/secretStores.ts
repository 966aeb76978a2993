/**
 * Writes to secret stores: replacing, rotating, disabling or deleting a secret changes what
 * deployed services authenticate with (a wrong value takes them down; a deleted one may not be
 * recoverable). Every provider's spelling, not one: cloud secret managers and parameter stores,
 * key vaults, CI and cluster secrets. Reading a secret is secrets.store (secrets.ts).
 */
import type { RiskRule } from '../rule.js';
import { re } from '../dsl.js';

export const secretStoreRules: RiskRule[] = [
  {
    id: 'secrets.write-store',
    category: 'secrets',
    tier: 'high',
    reason:
      'Replaces, rotates, disables or deletes a secret that deployed services read, or writes a stored credential',
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
        // Platform CLIs' secrets and environment of deployed apps.
        { program: ['fly', 'flyctl'], sub: [['secrets'], ['set', 'unset', 'import']] },
        { program: ['heroku'], sub: [['config:set', 'config:unset', 'config:add', 'config:remove']] },
        { program: ['vercel'], sub: [['env'], ['add', 'rm', 'remove']] },
        { program: ['netlify'], sub: [['env:set', 'env:unset', 'env:import']] },
        { program: ['wrangler'], sub: [['secret'], ['put', 'delete', 'bulk']] },
        { program: ['supabase'], sub: [['secrets'], ['set', 'unset']] },
        { program: ['railway'], sub: [['variables']], anyFlag: ['--set', '-s'] },
        { program: ['kubectl', 'oc'], sub: [['create', 'delete', 'edit', 'patch'], ['secret']] },
        // Credentials written into the local AWS configuration.
        {
          program: ['aws'],
          sub: [['configure'], ['set']],
          operand: re(/(^|\.)(aws_secret_access_key|aws_access_key_id|aws_session_token)$/),
        },
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
      'fly secrets set API_KEY=abc -a api',
      'vercel env add DATABASE_URL production',
      'aws configure set aws_secret_access_key AKIA',
    ],
    counterExamples: [
      'aws secretsmanager list-secrets',
      'gcloud secrets list',
      'gh secret list',
      'az keyvault secret list --vault-name v',
      'fly secrets list',
      'aws configure set region eu-west-1',
    ],
  },
  {
    id: 'secrets.store-destroy',
    category: 'secrets',
    tier: 'critical',
    reason:
      'Deletes a whole secret store: a secrets engine disabled (Vault removes every secret stored under it) or a vault of secrets deleted',
    match: {
      anyOf: [
        { program: ['vault'], sub: [['secrets'], ['disable']] },
        { program: ['op'], sub: [['vault'], ['delete', 'rm']] },
      ],
    },
    examples: ['vault secrets disable secret/', 'vault secrets disable kv', 'op vault delete Production'],
    counterExamples: ['vault secrets list', 'vault secrets enable -path=kv kv-v2', 'op item delete x'],
    weight: 16,
  },
];
