/** Cloud CLIs and infrastructure as code: reads are safe, changes medium to high, destruction critical. */
import type { RiskRule } from '../rule.js';
import { eq, re } from '../dsl.js';

/** An API verb that destroys or stops, first or after a prefix (`batch-delete-image`), not in a read. */
const DESTROY_VERB = re(
  /^(?!(describe|list|get|head|wait|lookup)-)([a-z0-9]+-)*?(delete|terminate|remove|deregister|purge|destroy|drop|revoke|detach|disassociate|cancel|reset|disable|stop|reboot|unsubscribe|unregister)(-|$)/,
);

export const cloudRules: RiskRule[] = [
  {
    id: 'cloud.read',
    category: 'read-only',
    tier: 'safe',
    reason: 'Reads cloud resources',
    match: {
      anyOf: [
        {
          program: ['aws'],
          operand: re(
            /^(describe|list|get|head|show|lookup|search|batch-get|filter-log-events|tail|wait|get-caller-identity|scan|query)(-|$)/,
          ),
          noneOf: [
            {
              operand: re(
                /^(get-secret-value|batch-get-secret-value|get-parameters?|get-parameters-by-path|get-session-token|get-login-password|get-authorization-token|get-object|get-password-data|get-console-output)$/,
              ),
            },
          ],
        },
        { program: ['aws'], sub: [['s3'], ['ls']] },
        { program: ['aws'], sub: [['configure'], ['list', 'list-profiles']] },
        {
          program: [
            'gcloud',
            'az',
            'doctl',
            'linode-cli',
            'hcloud',
            'fly',
            'flyctl',
            'heroku',
            'vercel',
            'netlify',
          ],
          operand: eq(
            'list',
            'describe',
            'show',
            'get',
            'status',
            'info',
            'logs',
            'ls',
            'whoami',
            'get-value',
          ),
          noneOf: [
            {
              operand: eq(
                'delete',
                'create',
                'deploy',
                'update',
                'destroy',
                'access',
                'print-access-token',
                'get-access-token',
              ),
            },
          ],
        },
        { program: ['gsutil'], sub: [['ls', 'du', 'stat', 'cat', 'version']] },
      ],
    },
    examples: [
      'aws s3 ls',
      'aws ec2 describe-instances',
      'aws dynamodb scan --table-name users --select COUNT',
      'aws sts get-caller-identity',
      'gcloud compute instances list',
      'gcloud compute instances describe delete-test',
      'az vm list -o table',
      'aws logs tail /aws/lambda/x',
    ],
    counterExamples: ['aws s3 rm s3://b/x', 'aws secretsmanager get-secret-value --secret-id x'],
  },
  {
    id: 'cloud.change',
    category: 'cloud',
    tier: 'medium',
    reason: 'Calls a cloud API that may change resources',
    match: {
      program: [
        'aws',
        'gcloud',
        'az',
        'gsutil',
        'doctl',
        'linode-cli',
        'hcloud',
        'oci',
        'ibmcloud',
        'rclone',
        'eksctl',
        's3cmd',
      ],
    },
    examples: [
      'aws lambda update-function-code --function-name f --zip-file fileb://f.zip',
      'gcloud run deploy api --source .',
    ],
    counterExamples: ['ls', 'aws s3 ls'],
    unless: ['cloud.read'],
  },
  {
    id: 'cloud.dns-change',
    category: 'cloud',
    tier: 'high',
    reason:
      "Changes or deletes DNS records or zones: where a domain's traffic and mail go, cached worldwide for as long as the records' TTL",
    match: {
      anyOf: [
        {
          program: ['aws'],
          sub: [['route53'], ['change-resource-record-sets', 'delete-hosted-zone', 'change-cidr-collection']],
        },
        {
          program: ['aws'],
          sub: [['route53domains'], ['update-domain-nameservers', 'transfer-domain', 'delete-domain']],
        },
        {
          program: ['gcloud'],
          sub: [['dns'], ['record-sets', 'managed-zones'], ['create', 'update', 'delete', 'import']],
        },
        { program: ['gcloud'], sub: [['dns'], ['record-sets'], ['transaction'], ['execute']] },
        {
          program: ['az'],
          sub: [
            ['network'],
            ['dns', 'private-dns'],
            ['record-set'],
            ['a', 'aaaa', 'caa', 'cname', 'mx', 'ns', 'ptr', 'soa', 'srv', 'txt'],
            ['create', 'update', 'delete', 'add-record', 'remove-record', 'set-record'],
          ],
        },
        {
          program: ['az'],
          sub: [['network'], ['dns', 'private-dns'], ['zone'], ['create', 'update', 'delete', 'import']],
        },
        {
          program: ['doctl'],
          sub: [['compute'], ['domain'], ['records', 'delete', 'create']],
          subcommand: re(/^(create|update|delete)$/),
        },
        { program: ['cli53'], sub: [['rrcreate', 'rrdelete', 'rrpurge', 'delete', 'import']] },
        { program: ['flarectl'], sub: [['dns'], ['create', 'update', 'delete', 'create-or-update']] },
        { program: ['nsupdate'] },
      ],
    },
    examples: [
      'aws route53 change-resource-record-sets --hosted-zone-id Z1 --change-batch file://c.json',
      'gcloud dns record-sets delete www.example.com. --type=A --zone=prod',
      'az network dns record-set a delete -g rg -z example.com -n www --yes',
      'doctl compute domain records delete example.com 123 --force',
      'nsupdate -k key.conf update.txt',
    ],
    counterExamples: [
      'aws route53 list-resource-record-sets --hosted-zone-id Z1',
      'gcloud dns record-sets list --zone=prod',
      'az network dns record-set a list -g rg -z example.com',
    ],
  },
  {
    id: 'cloud.queue-skip',
    category: 'cloud',
    tier: 'high',
    reason: "Moves a subscription's position: messages before it are dropped (or replayed)",
    match: { program: ['gcloud'], sub: [['pubsub'], ['subscriptions'], ['seek']] },
    examples: ['gcloud pubsub subscriptions seek billing-sub --time=2026-12-07T00:00:00Z'],
    counterExamples: ['gcloud pubsub subscriptions list'],
  },
  {
    id: 'cloud.delete',
    category: 'cloud',
    tier: 'high',
    reason: 'Deletes, terminates or stops cloud resources',
    match: {
      anyOf: [
        { program: ['aws'], operand: DESTROY_VERB },
        { program: ['aws'], sub: [['s3'], ['rm', 'mv']] },
        { program: ['aws'], sub: [['s3'], ['sync']], anyFlag: ['--delete'] },
        {
          program: [
            'gcloud',
            'az',
            'doctl',
            'hcloud',
            'linode-cli',
            'oci',
            'eksctl',
            's3cmd',
            'ibmcloud',
            'scw',
            'aliyun',
            'tccli',
            'vultr-cli',
            'exo',
            'upctl',
            'civo',
          ],
          // `delete`, and the verb's batch and scoped forms (`delete-batch`, `remove-iam-policy-binding`).
          subcommand: re(
            /^([a-z]+[-_])*(delete|destroy|remove|rm|purge|del|stop|terminate|wipe|drop|flush|truncate|revoke|deallocate)([-_][a-z-]+)?$/,
          ),
          // A read verb before it: the destroying word is a resource's name (`describe delete-test`).
          noneOf: [{ operand: re(/^(list|describe|show|get|ls|info|status)$/) }],
        },
        { program: ['gsutil'], sub: [['rm', 'rb', 'mv']] },
        { program: ['rclone'], sub: [['delete', 'purge', 'deletefile', 'rmdir', 'rmdirs', 'sync', 'move']] },
      ],
    },
    examples: [
      'aws s3 rm s3://bucket/key',
      'aws ec2 stop-instances --instance-ids i-1',
      'aws ecr batch-delete-image --repository-name r --image-ids imageTag=old',
      'gcloud compute instances delete vm-1',
      'az vm delete -n vm1 -g rg',
      'az storage blob delete-batch -s container --account-name acct',
      'gcloud projects remove-iam-policy-binding p --member user:a@b.c --role roles/owner',
      'doctl compute droplet delete web-1 --force',
      'ibmcloud resource service-instance-delete my-db -f',
    ],
    counterExamples: [
      'aws s3 ls',
      'gcloud compute instances list',
      'aws ec2 describe-instances --filters Name=instance-state-name,Values=stopped',
    ],
  },
  {
    id: 'cloud.rebuild-server',
    category: 'cloud',
    tier: 'high',
    reason: 'Rebuilds or reinstalls a server from an image: everything on its disks is erased',
    match: {
      program: [
        'hcloud',
        'openstack',
        'linode-cli',
        'doctl',
        'scw',
        'vultr-cli',
        'exo',
        'oci',
        'ibmcloud',
        'upcloud',
      ],
      anyWord: re(/^(rebuild|reinstall|reimage|droplet-action-rebuild)$/),
    },
    examples: [
      'hcloud server rebuild --image ubuntu-24.04 db-2',
      'openstack server rebuild --image debian-12 web-1',
      'linode-cli linodes rebuild 123 --image linode/debian12',
      'doctl compute droplet-action rebuild 386734086 --image ubuntu-24-04-x64',
    ],
    counterExamples: ['hcloud server list', 'hcloud server reboot db-2'],
  },
  {
    id: 'cloud.delete-wide',
    category: 'cloud',
    tier: 'critical',
    reason:
      'Deletes data or infrastructure wholesale: recursive bucket deletion, databases, clusters, projects, stacks, keys',
    match: {
      anyOf: [
        { program: ['aws'], sub: [['s3'], ['rm']], anyFlag: ['--recursive'] },
        { program: ['aws'], sub: [['s3'], ['rb']], anyFlag: ['--force'] },
        {
          program: ['aws'],
          operand: re(
            /^(terminate-instances|delete-db-instance|delete-db-cluster|delete-table|delete-stack|delete-cluster|delete-bucket|delete-hosted-zone|schedule-key-deletion|delete-file-system|delete-repository|delete-function|delete-user|delete-vpc|delete-global-cluster|delete-backup-vault|delete-log-group|delete-volume|delete-replication-group|delete-domain|delete-keyspace|delete-collection)$/,
          ),
          // A database deleted with a final snapshot can be restored from it: high (cloud.delete).
          noneOf: [
            {
              operand: eq('delete-db-instance', 'delete-db-cluster'),
              anyFlag: ['--final-db-snapshot-identifier', '--final-snapshot-identifier'],
              noFlag: ['--skip-final-snapshot'],
            },
          ],
        },
        {
          program: ['gcloud'],
          sub: [
            [
              'projects',
              'sql',
              'container',
              'spanner',
              'bigtable',
              'storage',
              'redis',
              'filestore',
              'alloydb',
            ],
          ],
          operand: eq('delete', 'rm'),
        },
        { program: ['gcloud'], sub: [['storage'], ['rm']], anyFlag: ['-r', '--recursive'] },
        { program: ['gsutil'], sub: [['rm']], anyFlag: ['-r', '-R', '-a'] },
        { program: ['gsutil'], sub: [['rb']] },
        {
          program: ['az'],
          sub: [['group', 'sql', 'cosmosdb', 'aks', 'postgres', 'mysql', 'redis']],
          operand: eq('delete', 'purge'),
        },
        // Storage whose data goes with it: accounts, containers and shares, key vaults, disks.
        { program: ['az'], sub: [['storage'], ['share', 'fs', 'share-rm']], operand: eq('delete') },
        {
          program: ['az'],
          sub: [['storage'], ['blob', 'file']],
          operand: eq('delete-batch'),
          noneOf: [{ anyFlag: ['--pattern'] }],
        },
        { program: ['az'], sub: [['disk', 'backup']], operand: eq('delete', 'purge') },
        { program: ['gcloud'], sub: [['compute'], ['disks', 'snapshots']], operand: eq('delete') },
        { program: ['gcloud'], sub: [['firestore', 'datastore']], operand: eq('delete', 'databases') },
        {
          program: ['doctl'],
          sub: [
            ['databases', 'projects', 'registry'],
            ['delete', 'rm'],
          ],
        },
        { program: ['doctl'], sub: [['databases'], ['db'], ['delete', 'rm']] },
        { program: ['doctl'], sub: [['kubernetes', 'k8s'], ['cluster'], ['delete', 'rm']] },
        { program: ['doctl'], sub: [['compute'], ['volume'], ['delete', 'rm']] },
        { program: ['hcloud'], sub: [['volume']], operand: eq('delete') },
        {
          program: ['linode-cli'],
          sub: [['volumes', 'databases', 'lke', 'object-storage']],
          operand: re(/^(delete|rm|.*-delete)$/),
        },
        { program: ['rclone'], sub: [['purge']] },
        { program: ['eksctl'], sub: [['delete'], ['cluster']] },
      ],
    },
    examples: [
      'aws s3 rm s3://bucket --recursive',
      'aws s3 rb s3://bucket --force',
      'aws ec2 terminate-instances --instance-ids i-1',
      'aws rds delete-db-instance --db-instance-identifier prod',
      'gcloud projects delete my-proj',
      'az group delete -n prod-rg --yes',
      'gsutil rm -r gs://bucket',
      'aws ec2 delete-volume --volume-id vol-1',
      'az storage blob delete-batch --source backups --account-name acct',
      'doctl databases delete 9cc10173',
      'doctl compute volume delete data-1',
      'gcloud compute disks delete data-1 --zone z',
    ],
    counterExamples: [
      'aws s3 rm s3://bucket/one.txt',
      'aws s3 ls',
      "az storage blob delete-batch --source logs --account-name acct --pattern '2024-*'",
      'doctl compute droplet delete web-1 --force',
    ],
    weight: 18,
  },
  {
    id: 'cloud.remove-protection',
    category: 'cloud',
    tier: 'high',
    reason:
      'Removes the protection that keeps a database, instance, bucket or stack from being deleted by mistake',
    match: {
      anyOf: [
        {
          program: ['aws'],
          anyFlag: [
            '--no-deletion-protection',
            '--no-disable-api-termination',
            '--no-disable-api-stop',
            '--no-enable-termination-protection',
          ],
        },
        {
          program: ['aws'],
          sub: [['cloudformation'], ['update-termination-protection']],
          anyFlag: ['--no-enable-termination-protection'],
        },
        { program: ['aws'], sub: [['s3api'], ['put-object-lock-configuration', 'delete-bucket-policy']] },
        { program: ['gcloud'], anyFlag: ['--no-deletion-protection'] },
        { program: ['az'], sub: [['lock'], ['delete']] },
        { program: ['az'], sub: [['resource', 'group'], ['lock'], ['delete']] },
      ],
    },
    examples: [
      'aws rds modify-db-instance --db-instance-identifier prod --no-deletion-protection --apply-immediately',
      'aws ec2 modify-instance-attribute --instance-id i-1 --no-disable-api-termination',
      'gcloud sql instances patch prod --no-deletion-protection',
      'az lock delete --name keep --resource-group prod',
    ],
    counterExamples: ['aws rds modify-db-instance --db-instance-identifier prod --deletion-protection'],
  },
  {
    id: 'cloud.exposure',
    category: 'privilege',
    tier: 'high',
    reason:
      'Changes who can reach cloud data or machines: bucket policies and ACLs, public access, firewall and security-group rules',
    match: {
      anyOf: [
        {
          program: ['aws'],
          operand: re(
            /^(put-bucket-(policy|acl)|put-object-acl|delete-public-access-block|put-public-access-block|authorize-security-group-(ingress|egress)|revoke-security-group-(ingress|egress)|modify-db-(instance|snapshot)-attribute|modify-image-attribute|modify-snapshot-attribute|add-permission|create-function-url-config|put-key-policy|set-repository-policy|put-resource-policy)$/,
          ),
        },
        {
          program: ['gsutil'],
          sub: [
            ['iam', 'acl', 'defacl'],
            ['ch', 'set'],
          ],
        },
        { program: ['gcloud'], sub: [['compute'], ['firewall-rules'], ['create', 'update']] },
        { program: ['gcloud', 'az'], anyWord: re(/^(allUsers|allAuthenticatedUsers)(:|$)/) },
        { program: ['az'], sub: [['network'], ['nsg'], ['rule'], ['create', 'update']] },
        {
          program: ['az'],
          sub: [['storage'], ['container', 'account'], ['set-permission', 'update']],
          anyWord: re(/^(blob|container|true)$/i),
        },
      ],
    },
    examples: [
      'aws s3api put-bucket-policy --bucket prod --policy file://public.json',
      'aws s3api put-bucket-acl --bucket prod --acl public-read',
      'aws ec2 authorize-security-group-ingress --group-id sg-1 --protocol tcp --port 22 --cidr 0.0.0.0/0',
      'gsutil iam ch allUsers:objectViewer gs://prod',
      'gcloud compute firewall-rules create allow-all --allow tcp --source-ranges 0.0.0.0/0',
    ],
    counterExamples: [
      'aws s3api get-bucket-policy --bucket prod',
      'gsutil ls gs://prod',
      'aws ec2 describe-security-groups',
    ],
  },
  {
    id: 'cloud.iam',
    category: 'privilege',
    tier: 'high',
    reason: 'Changes cloud identities, permissions or access keys',
    match: {
      anyOf: [
        {
          program: ['aws'],
          sub: [['iam', 'sso-admin', 'organizations']],
          operand: re(/^(create|attach|put|update|add|delete|detach|remove)-/),
        },
        {
          program: ['gcloud'],
          operand: eq('add-iam-policy-binding', 'set-iam-policy', 'remove-iam-policy-binding'),
        },
        { program: ['gcloud'], sub: [['iam']], operand: eq('create', 'delete', 'keys') },
        { program: ['az'], sub: [['role', 'ad']], operand: eq('create', 'delete', 'assignment', 'reset') },
      ],
    },
    examples: [
      'aws iam attach-user-policy --user-name x --policy-arn arn:aws:iam::aws:policy/AdministratorAccess',
      'aws iam create-access-key --user-name x',
      'gcloud projects add-iam-policy-binding p --member user:x --role roles/owner',
    ],
    counterExamples: ['aws iam list-users'],
  },
];
