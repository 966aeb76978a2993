/**
 * Hosted services and data stores driven from their own CLIs, where the general rule (a
 * destroying verb: high) is not enough: commands that destroy a whole store, app or project are
 * critical; scale-downs to zero take a service away (high).
 */
import type { RiskRule } from '../rule.js';
import { re } from '../dsl.js';

const ZERO = re(/^0+$/);

export const serviceRules: RiskRule[] = [
  {
    id: 'data.rebuild-warehouse',
    category: 'database',
    tier: 'high',
    reason:
      'Rebuilds warehouse tables from scratch (dbt --full-refresh drops and recreates incremental models) or empties a Kafka topic by shortening its retention',
    match: {
      anyOf: [
        { program: ['dbt'], sub: [['run', 'build', 'seed']], anyFlag: ['--full-refresh', '-f'] },
        {
          program: ['kafka-configs', 'kafka-configs.sh'],
          anyFlag: ['--alter'],
          flagValue: {
            flags: ['--add-config'],
            test: re(/(^|,)(retention\.(ms|bytes)|segment\.ms|delete\.retention\.ms)=/),
          },
        },
      ],
    },
    examples: [
      'dbt run --full-refresh --target prod',
      'dbt build -f --select orders',
      'kafka-configs --alter --entity-type topics --entity-name orders --add-config retention.ms=1',
    ],
    counterExamples: [
      'dbt run --select staging',
      'dbt test',
      'kafka-configs --describe --entity-type topics',
    ],
  },
  {
    id: 'data.warehouse-write',
    category: 'database',
    tier: 'medium',
    reason: 'Builds or loads warehouse tables (dbt run, build, seed, snapshot)',
    match: { program: ['dbt'], sub: [['run', 'build', 'seed', 'snapshot', 'run-operation']] },
    examples: ['dbt run --select staging', 'dbt seed'],
    counterExamples: ['dbt test', 'dbt compile', 'dbt ls'],
  },
  {
    id: 'payments.move-money',
    category: 'publish',
    tier: 'high',
    reason: 'Moves or returns real money, or cancels what customers pay for (payment provider CLI)',
    match: {
      program: ['stripe'],
      sub: [
        [
          'charges',
          'refunds',
          'payouts',
          'transfers',
          'payment_intents',
          'subscriptions',
          'invoices',
          'customers',
          'credit_notes',
          'balance_transactions',
          'topups',
          'setup_intents',
          'checkout',
          'prices',
          'products',
        ],
        ['create', 'update', 'delete', 'cancel', 'capture', 'confirm', 'pay', 'void', 'finalize', 'reverse'],
      ],
      noFlag: ['--help', '-h'],
    },
    examples: [
      'stripe refunds create --charge ch_1',
      'stripe payouts create --amount 1000 --currency usd',
      'stripe subscriptions cancel sub_1',
    ],
    counterExamples: ['stripe charges list', 'stripe customers retrieve cus_1', 'stripe listen'],
  },
  {
    id: 'service.destroy-data',
    category: 'infrastructure',
    tier: 'critical',
    reason:
      'Destroys a whole data store, app or project of a hosted service (database reset, bucket with its objects, every document)',
    match: {
      anyOf: [
        {
          program: ['heroku'],
          sub: [['pg:reset', 'apps:destroy', 'addons:destroy', 'pg:killall', 'destroy']],
        },
        {
          program: ['firebase'],
          sub: [['firestore:delete', 'database:remove']],
          anyFlag: ['-r', '--recursive', '--all-collections'],
        },
        { program: ['firebase'], sub: [['projects:delete', 'hosting:delete']] },
        { program: ['supabase'], sub: [['db'], ['reset']] },
        { program: ['supabase'], sub: [['projects', 'branches'], ['delete']] },
        {
          program: ['fly', 'flyctl'],
          sub: [
            ['apps', 'volumes', 'postgres', 'mpg'],
            ['destroy', 'delete'],
          ],
        },
        { program: ['mc'], sub: [['rm']], anyFlag: ['-r', '--recursive'] },
        { program: ['mc'], sub: [['rb']], anyFlag: ['--force'] },
        { program: ['s3cmd'], sub: [['del', 'rm', 'rb']], anyFlag: ['-r', '--recursive', '-f', '--force'] },
        { program: ['mysqladmin'], sub: [['drop']] },
        { program: ['neonctl', 'neon'], sub: [['projects', 'databases', 'branches'], ['delete']] },
        { program: ['planetscale', 'pscale'], sub: [['database'], ['delete']] },
        { program: ['turso'], sub: [['db'], ['destroy', 'delete']] },
        { program: ['wrangler'], sub: [['d1', 'r2', 'kv', 'queues', 'vectorize'], ['delete']] },
        { program: ['aws'], sub: [['s3api'], ['delete-bucket']] },
        { program: ['az'], sub: [['storage'], ['account', 'container'], ['delete']] },
        { program: ['az'], sub: [['keyvault'], ['delete', 'purge']] },
        { program: ['etcdctl'], sub: [['del']], anyFlag: ['--prefix', '--from-key'] },
        // Time-series and warehouse stores: a whole bucket or dataset, or every point of a range.
        { program: ['influx'], sub: [['bucket'], ['delete']] },
        { program: ['influx'], sub: [['delete']], noneOf: [{ anyFlag: ['--predicate', '-p'] }] },
        { program: ['bq'], sub: [['rm']], anyFlag: ['-r', '--recursive'] },
        { program: ['consul'], sub: [['kv'], ['delete']], anyFlag: ['-recurse'] },
        { program: ['nats'], sub: [['stream', 'str', 'kv', 'object'], ['purge']] },
        { program: ['rabbitmqctl'], sub: [['reset', 'force_reset']] },
        {
          program: ['kafka-topics', 'kafka-topics.sh'],
          anyFlag: ['--delete'],
          flagValue: { flags: ['--topic'], test: re(/[.*]/) },
        },
        { program: ['gh', 'glab'], sub: [['repo'], ['delete']] },
      ],
    },
    examples: [
      'heroku pg:reset DATABASE_URL --confirm api',
      'heroku addons:destroy heroku-postgresql',
      'firebase firestore:delete --all-collections',
      'supabase db reset',
      'supabase projects delete abc',
      'fly apps destroy api',
      'flyctl volumes destroy vol_1',
      'mc rm --recursive --force local/bucket',
      'mc rb --force local/bucket',
      's3cmd del --recursive s3://bucket',
      'mysqladmin -u root drop app',
      'aws s3api delete-bucket --bucket logs',
      'wrangler d1 delete prod-db',
      'etcdctl del --prefix /',
      'influx bucket delete --name metrics --org acme',
      'influx delete --bucket metrics --start 1970-01-01T00:00:00Z --stop 2030-01-01T00:00:00Z',
      'bq rm -r -f -d proj:analytics',
      'consul kv delete -recurse app/',
      'rabbitmqctl reset',
      "kafka-topics --bootstrap-server k:9092 --delete --topic '.*'",
    ],
    counterExamples: [
      'heroku logs --tail',
      'firebase firestore:delete users/1',
      'supabase db push',
      'mc rm local/bucket/one.txt',
      'etcdctl del /a/b',
      'influx delete --bucket metrics --start 2026-01-01T00:00:00Z --stop 2026-01-02T00:00:00Z --predicate \'_measurement="cpu"\'',
      'bq rm -f -t proj:analytics.tmp',
      'kafka-topics --bootstrap-server k:9092 --delete --topic orders',
    ],
    weight: 17,
  },
  {
    id: 'service.take-down',
    category: 'availability',
    tier: 'high',
    reason: 'Takes a running service away: scales it to zero, removes its deployment or disables it',
    match: {
      anyOf: [
        { program: ['kubectl', 'oc'], sub: [['scale']], flagValue: { flags: ['--replicas'], test: ZERO } },
        {
          program: ['aws'],
          sub: [['ecs'], ['update-service']],
          flagValue: { flags: ['--desired-count'], test: ZERO },
        },
        {
          program: ['aws'],
          sub: [['autoscaling'], ['update-auto-scaling-group', 'set-desired-capacity']],
          flagValue: { flags: ['--desired-capacity', '--max-size'], test: ZERO },
        },
        { program: ['fly', 'flyctl'], sub: [['scale'], ['count']], operand: ZERO },
        { program: ['heroku'], sub: [['ps:scale', 'ps:stop', 'maintenance:on']] },
        { program: ['railway'], sub: [['down']] },
        { program: ['az'], sub: [['webapp', 'functionapp'], ['stop']] },
        { program: ['gcloud'], sub: [['run'], ['services'], ['delete']] },
      ],
    },
    examples: [
      'kubectl scale deploy api --replicas=0 -n prod',
      'kubectl scale statefulset db --replicas 0',
      'aws ecs update-service --cluster c --service api --desired-count 0',
      'fly scale count 0',
      'railway down',
    ],
    counterExamples: [
      'kubectl scale deploy api --replicas=3',
      'aws ecs update-service --cluster c --service api --force-new-deployment',
    ],
  },
  {
    id: 'kube.apply-prune',
    category: 'kubernetes',
    tier: 'critical',
    reason: 'Applies manifests and deletes every resource of the selection that they do not list (--prune)',
    match: { program: ['kubectl', 'oc'], sub: [['apply']], anyFlag: ['--prune'] },
    examples: ['kubectl apply --prune -l app=api -f k8s/'],
    counterExamples: ['kubectl apply -f k8s/'],
    weight: 16,
  },
  {
    id: 'db.redis-delete-from-input',
    category: 'database',
    tier: 'high',
    reason: 'Deletes Redis keys chosen at run time (read from input)',
    match: {
      program: ['redis-cli', 'valkey-cli'],
      wrapper: ['xargs', 'parallel'],
      sub: [re(/^(DEL|UNLINK|EXPIRE)$/i)],
    },
    examples: ["redis-cli --scan --pattern 'session:*' | xargs redis-cli DEL"],
    counterExamples: ['redis-cli DEL session:1'],
  },
  {
    id: 'db.redis-scan',
    category: 'database',
    tier: 'safe',
    reason: 'Lists Redis keys (SCAN)',
    match: {
      program: ['redis-cli', 'valkey-cli'],
      anyFlag: ['--scan', '--bigkeys', '--memkeys', '--stat', '--latency'],
      maxOperands: 0,
    },
    examples: ["redis-cli --scan --pattern 'user:*'"],
    counterExamples: ['redis-cli DEL x', 'redis-cli'],
  },
  {
    id: 'cloud.s3-remove-bucket',
    category: 'cloud',
    tier: 'high',
    reason: 'Removes an (empty) bucket',
    match: { program: ['aws'], sub: [['s3'], ['rb']], noFlag: ['--force'] },
    examples: ['aws s3 rb s3://bucket'],
    counterExamples: ['aws s3 rb s3://bucket --force', 'aws s3 ls'],
  },
  {
    id: 'service.unset-secret',
    category: 'secrets',
    tier: 'high',
    reason: 'Removes a secret or environment variable a deployed app reads',
    match: {
      anyOf: [
        { program: ['fly', 'flyctl'], sub: [['secrets'], ['unset']] },
        { program: ['heroku'], sub: [['config:unset']] },
        { program: ['vercel'], sub: [['env'], ['rm', 'remove']] },
        { program: ['netlify'], sub: [['env:unset']] },
        { program: ['railway'], sub: [['variables']], anyFlag: ['--remove'] },
      ],
    },
    examples: [
      'fly secrets unset API_KEY',
      'heroku config:unset API_KEY -a app',
      'vercel env rm DATABASE_URL production',
    ],
    counterExamples: ['fly secrets list', 'vercel env ls'],
  },
];
