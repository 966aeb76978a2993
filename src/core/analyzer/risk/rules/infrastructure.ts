/** Infrastructure as code and deploy tools: plan is safe, apply high, destroy critical. */
import type { RiskRule } from '../rule.js';
import { eq, not, re } from '../dsl.js';

const TF = ['terraform', 'tofu', 'terragrunt'];
/** Terraform resource types whose replacement loses stored data (`aws_db_instance.prod`). */
const DATA_RESOURCE =
  /^(module\.[\w-]+\.)*(aws_(db_instance|rds_cluster|dynamodb_table|s3_bucket|ebs_volume|efs_file_system|elasticache_\w+|opensearch_domain|elasticsearch_domain|docdb_cluster|neptune_cluster|redshift_cluster|kinesis_stream|msk_cluster)|google_(sql_database_instance|sql_database|storage_bucket|compute_disk|bigquery_dataset|bigquery_table|spanner_\w+|bigtable_\w+|filestore_instance|redis_instance)|azurerm_(\w*_?database\w*|storage_account|managed_disk|cosmosdb_\w+|\w*sql_server)|kubernetes_persistent_volume(_claim)?|digitalocean_(database_cluster|volume))\./;

export const infrastructureRules: RiskRule[] = [
  {
    id: 'iac.exec-plugins',
    category: 'execution',
    tier: 'high',
    reason:
      'Lets the manifests run programs while they are rendered (kustomize exec plugins, a helm post-renderer): whatever the repository names runs here',
    match: {
      anyOf: [
        { program: ['kustomize'], anyFlag: ['--enable-exec', '--enable-alpha-plugins'] },
        {
          program: ['kubectl', 'oc'],
          sub: [['kustomize', 'apply', 'create', 'delete', 'diff']],
          anyFlag: ['--enable-alpha-plugins'],
        },
        { program: ['helm'], anyFlag: ['--post-renderer'] },
      ],
    },
    examples: [
      'kustomize build . --enable-alpha-plugins --enable-exec',
      'helm template api ./chart --post-renderer ./hook.sh',
    ],
    counterExamples: ['kustomize build overlays/prod', 'helm template api ./chart'],
  },
  {
    id: 'iac.packer-build',
    category: 'infrastructure',
    tier: 'medium',
    reason: 'Builds a machine image: starts cloud instances and creates images in the account',
    // Go's flag package: `-force` is one option, not a cluster.
    match: { program: ['packer'], sub: [['build']], noneOf: [{ flagName: re(/^--?force(=true)?$/) }] },
    examples: ['packer build aws.pkr.hcl'],
    counterExamples: ['packer validate .', 'packer build -force x.pkr.hcl'],
  },
  {
    id: 'iac.packer-force',
    category: 'infrastructure',
    tier: 'high',
    reason:
      'Builds with -force: the artifacts of an earlier build in its way (images, output directories) are deleted first',
    match: { program: ['packer'], sub: [['build']], flagName: re(/^--?force(=true)?$/) },
    examples: ["packer build -force -var 'ami_name=base-2024' aws.pkr.hcl"],
    counterExamples: ['packer build aws.pkr.hcl'],
  },
  {
    id: 'iac.helm-diff',
    category: 'read-only',
    tier: 'safe',
    reason: 'Shows what a helm upgrade would change (the diff plugin): nothing is applied',
    match: { program: ['helm'], sub: [['diff']] },
    examples: ['helm diff upgrade api ./charts/api -n prod -f values-prod.yaml'],
    counterExamples: ['helm upgrade api ./charts/api'],
  },
  {
    id: 'iac.read',
    category: 'read-only',
    tier: 'safe',
    reason: 'Plans or inspects infrastructure without changing it',
    match: {
      anyOf: [
        {
          program: TF,
          sub: [
            [
              'plan',
              'validate',
              'fmt',
              'show',
              'output',
              'providers',
              'version',
              'graph',
              'console',
              'metadata',
              'test',
            ],
          ],
        },
        {
          program: TF,
          sub: [
            ['state', 'workspace'],
            ['list', 'show', 'pull'],
          ],
        },
        { program: ['pulumi'], sub: [['preview', 'stack', 'whoami', 'about', 'version', 'logs', 'config']] },
        { program: ['cdk', 'cdktf'], sub: [['diff', 'synth', 'ls', 'list', 'doctor', 'docs', 'notices']] },
        { program: ['sam', 'serverless', 'sls'], sub: [['validate', 'info', 'print', 'logs', 'package']] },
      ],
    },
    examples: [
      'terraform plan',
      'terraform -chdir=infra plan -out tf.plan',
      'terraform state list',
      'pulumi preview',
      'cdk diff',
    ],
    counterExamples: ['terraform apply', 'terraform destroy'],
  },
  {
    id: 'iac.init',
    category: 'download',
    tier: 'medium',
    reason: 'Downloads providers and modules, or changes workspaces',
    match: { program: TF, sub: [['init', 'get', 'workspace', 'refresh', 'login', 'logout']] },
    examples: ['terraform init', 'terraform workspace select prod'],
    counterExamples: ['terraform plan'],
  },
  {
    id: 'iac.apply',
    category: 'infrastructure',
    tier: 'high',
    reason: 'Changes real infrastructure (apply, deploy, import, state surgery)',
    match: {
      anyOf: [
        { program: TF, sub: [['apply', 'import', 'taint', 'untaint', 'force-unlock']] },
        { program: TF, sub: [['state'], ['rm', 'mv', 'push', 'replace-provider']] },
        { program: TF, sub: [['workspace'], ['delete']] },
        { program: ['pulumi'], sub: [['up', 'update', 'refresh', 'import', 'cancel']] },
        { program: ['pulumi'], sub: [['state'], ['delete', 'unprotect', 'move']] },
        {
          program: ['cdk', 'cdktf', 'sam', 'serverless', 'sls', 'copilot', 'amplify'],
          sub: [['deploy', 'bootstrap', 'publish']],
        },
        { program: ['ansible-playbook'] },
        // Ad-hoc modules that change hosts (copy, file, apt, service, user …); command lines given to
        // shell/command/raw are judged as what they run (shell/fanOut.ts), read-only modules are not here.
        {
          program: ['ansible'],
          flagValue: {
            flags: ['-m', '--module-name'],
            test: not(
              re(
                /^(ansible\.builtin\.|ansible\.legacy\.)?(ping|setup|gather_facts|debug|stat|find|slurp|service_facts|package_facts|shell|command|raw)$/,
              ),
            ),
          },
        },
        {
          program: ['vercel', 'netlify', 'fly', 'flyctl', 'railway', 'wrangler', 'firebase', 'heroku'],
          anyWord: re(/^(deploy|publish|scale|releases:rollback)$/),
        },
        { program: ['vercel', 'netlify'], anyFlag: ['--prod', '--production'] },
      ],
    },
    examples: [
      'terraform apply',
      'terraform apply -auto-approve',
      'pulumi up --yes',
      'cdk deploy',
      'ansible-playbook -i hosts site.yml',
      "ansible web -m apt -a 'name=nginx state=absent' -b",
      'vercel --prod',
      'terraform state rm aws_instance.x',
    ],
    counterExamples: ['terraform plan', 'ansible-playbook --check site.yml', 'ansible all -m ping'],
  },
  {
    id: 'iac.destroy',
    category: 'infrastructure',
    tier: 'critical',
    reason: 'Destroys the infrastructure a configuration manages',
    match: {
      anyOf: [
        { program: TF, sub: [['destroy']] },
        { program: TF, sub: [['apply']], anyFlag: ['-destroy'] },
        // Replacing a resource that holds data destroys the data: a new database is an empty one.
        { program: TF, sub: [['apply']], flagValue: { flags: ['-replace'], test: re(DATA_RESOURCE) } },
        { program: ['pulumi'], sub: [['destroy']] },
        { program: ['pulumi'], sub: [['stack'], ['rm']] },
        { program: ['cdk', 'cdktf', 'sam'], sub: [['destroy', 'delete']] },
        { program: ['serverless', 'sls'], sub: [['remove']] },
        // Terragrunt across every module: `run-all destroy`, `run --all destroy`, `run --all -- destroy`.
        { program: ['terragrunt'], sub: [['run-all', 'run']], anyWord: eq('destroy') },
        { program: ['terragrunt'], sub: [['run-all', 'run']], flags: [['-destroy']] },
        // Whole stages and apps of deploy frameworks.
        { program: ['sst'], sub: [['remove']] },
        // Every release a helmfile lists.
        { program: ['helmfile'], sub: [['destroy', 'delete']] },
        { program: ['amplify'], sub: [['delete']] },
        { program: ['copilot'], sub: [['app', 'env', 'svc'], ['delete']] },
        { program: ['eb'], sub: [['terminate']] },
        // The app itself (`fly destroy` is `fly apps destroy`); a machine or volume is not the app.
        { program: ['fly', 'flyctl'], sub: [['destroy']] },
        { program: ['fly', 'flyctl'], sub: [['apps', 'app'], ['destroy']] },
        { program: ['heroku'], anyWord: re(/^(apps:destroy|destroy)$/) },
      ],
    },
    examples: [
      'terraform destroy',
      'terraform destroy -auto-approve',
      'terraform apply -destroy',
      'terragrunt run-all destroy --terragrunt-non-interactive',
      'terragrunt run --all destroy',
      'sst remove --stage production',
      'helmfile destroy',
      'helmfile -e prod destroy',
      'copilot app delete --yes',
      'pulumi destroy --yes',
      'cdk destroy --force',
      'tofu destroy',
      'terraform apply -replace=aws_db_instance.prod -auto-approve',
    ],
    counterExamples: [
      'terraform plan -destroy',
      'terraform apply',
      'fly machine destroy 1234 --force',
      'terraform apply -replace=aws_instance.web',
    ],
    weight: 18,
  },
];
