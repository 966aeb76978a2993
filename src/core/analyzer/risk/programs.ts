/**
 * What the generic matcher needs to know about a program's argument syntax: which options take a
 * value (so `git -C dir push` has `push` as its first operand), which use single-dash long options
 * (`find -name`, `terraform -auto-approve`), and which flags make a command a dry run.
 */

export interface ProgramSyntax {
  /** Options that take the next word as their value (short or long). */
  valueFlags?: readonly string[];
  /** `-name` is one option, not a cluster of -n -a -m -e. */
  singleDashLong?: boolean;
  /** Flags that make the command change nothing, optionally only for one subcommand. */
  dryRun?: ReadonlyArray<{ sub?: readonly string[]; flags: readonly string[] }>;
  /** Help/version flags besides --help and --version (terraform -help). */
  helpFlags?: readonly string[];
  /** Options are parsed anywhere on the line (GNU/cobra style), so `--help` after an operand still wins. */
  subcommands?: boolean;
  /** Option names ignore case (PowerShell: `-Method` is `-method`); they are compared in lower case. */
  caselessFlags?: boolean;
}

const POWERSHELL_WEB: ProgramSyntax = {
  singleDashLong: true,
  caselessFlags: true,
  valueFlags: ['-method', '-uri', '-body', '-infile', '-outfile', '-headers', '-contenttype', '-credential'],
};

// prettier-ignore
const CURL_VALUES = [
  '-o', '--output', '-d', '--data', '--data-binary', '--data-raw', '--data-ascii', '--data-urlencode', '-F', '--form',
  '--form-string', '-T', '--upload-file', '-H', '--header', '-X', '--request', '-u', '--user', '-A', '--user-agent',
  '-e', '--referer', '-b', '--cookie', '-c', '--cookie-jar', '-x', '--proxy', '--url', '-m', '--max-time', '-w',
  '--write-out', '--connect-timeout', '-K', '--config', '-E', '--cert', '--key', '--retry', '--json', '-r', '--range',
  '--cacert', '--resolve', '-z', '--time-cond', '--output-dir',
];

// prettier-ignore
export const PROGRAMS: Readonly<Record<string, ProgramSyntax>> = {
  git: {
    valueFlags: [
      '-C', '-c', '--git-dir', '--work-tree', '--namespace', '-m', '-F', '-b', '-B', '-o', '--push-option',
      '--exec-path', '--format', '--author', '--date', '-S', '-G', '-X', '--strategy', '-s', '--onto', '--depth',
      '--branch', '--origin', '--reference', '--grep',
    ],
    dryRun: [
      {
        sub: ['clean', 'add', 'rm', 'mv', 'push', 'fetch', 'prune', 'remote', 'gc', 'reflog', 'worktree'],
        flags: ['-n', '--dry-run'],
      },
      { sub: ['commit', 'stash'], flags: ['--dry-run'] },
    ],
    subcommands: true,
  },
  kubectl: {
    valueFlags: [
      '-n', '--namespace', '--context', '--cluster', '--kubeconfig', '-l', '--selector', '-o', '--output', '-f',
      '--filename', '-c', '--container', '--field-selector', '--user', '--server', '-s', '--type', '--image',
      '--replicas', '--timeout', '--grace-period', '-p', '--patch',
    ],
    dryRun: [{ flags: ['--dry-run'] }],
    subcommands: true,
  },
  oc: {
    valueFlags: ['-n', '--namespace', '--context', '-l', '-o', '-f', '-c'],
    dryRun: [{ flags: ['--dry-run'] }],
    subcommands: true,
  },
  helm: {
    valueFlags: [
      '-n', '--namespace', '--kube-context', '-f', '--values', '--set', '--set-string', '--version', '--repo', '-o',
      '--output', '--timeout',
    ],
    dryRun: [{ flags: ['--dry-run'] }],
    subcommands: true,
  },
  docker: {
    valueFlags: [
      '-H', '--host', '--context', '--config', '-e', '--env', '--env-file', '-v', '--volume', '-p', '--publish',
      '--name', '-w', '--workdir', '-u', '--user', '--network', '--entrypoint', '--platform', '-t', '--tag', '--file',
      '--mount', '--label', '-l', '--format', '--filter', '--pid', '--ipc', '--cap-add', '--device', '--security-opt',
      '--build-arg', '--target', '-m', '--memory', '--restart', '--log-driver', '--since', '--until', '--tail', '-n',
      '--project-name', '--profile',
    ],
    subcommands: true,
  },
  podman: {
    valueFlags: ['-e', '-v', '-p', '--name', '-w', '-u', '--network', '-t', '-f', '--format', '--filter'],
    subcommands: true,
  },
  curl: { valueFlags: CURL_VALUES },
  wget: {
    valueFlags: [
      '-O', '--output-document', '-o', '--output-file', '-P', '--directory-prefix', '--post-file', '--post-data',
      '--body-file', '--body-data', '--header', '-U', '--user-agent', '--method', '-e', '--execute', '-T',
      '--timeout', '-t', '--tries', '-i', '--input-file',
    ],
    dryRun: [{ flags: ['--spider'] }],
  },
  unzip: { valueFlags: ['-d', '-P'] },
  ldapsearch: { valueFlags: ['-H', '-D', '-w', '-b', '-s', '-y', '-h', '-p', '-f', '-o', '-E', '-z', '-l'] },
  ldapdelete: { valueFlags: ['-H', '-D', '-w', '-y', '-h', '-p', '-f', '-o', '-z'] },
  ldapmodify: { valueFlags: ['-H', '-D', '-w', '-y', '-h', '-p', '-f', '-o'] },
  'kcadm.sh': { valueFlags: ['-r', '--target-realm', '-s', '--set', '-f', '--file', '-q', '--query', '--fields', '--uusername', '--rolename', '--server', '--realm', '--user', '--password'] },
  mvn: { valueFlags: ['-D', '-P', '-f', '-s', '-gs', '-T', '-pl', '-rf', '-l', '-t', '-b'] },
  mvnw: { valueFlags: ['-D', '-P', '-f', '-s', '-gs', '-T', '-pl', '-rf', '-l', '-t', '-b'] },
  helmfile: { valueFlags: ['-e', '--environment', '-f', '--file', '-l', '--selector', '-n', '--namespace', '--state-values-set', '--state-values-file'] },
  // golang-migrate: single-dash long options (`-path DIR -database URL down -all`).
  migrate: { singleDashLong: true, valueFlags: ['-path', '-database', '-source', '-lock-timeout', '-prefetch'] },
  hasura: { valueFlags: ['--down', '--up', '--goto', '--version', '--endpoint', '--admin-secret', '--database-name'] },
  avrdude: { valueFlags: ['-p', '-c', '-P', '-b', '-U', '-C', '-B'] },
  dvc: { subcommands: true, valueFlags: ['-r', '--remote', '-j', '--jobs'] },
  adb: { valueFlags: ['-s', '-t', '-H', '-P', '-L'] },
  fastboot: { valueFlags: ['-s', '-S', '--slot', '-b', '--base', '-c', '--cmdline'] },
  esptool: { valueFlags: ['-p', '--port', '-c', '--chip', '-b', '--baud', '--before', '--after'] },
  'esptool.py': { valueFlags: ['-p', '--port', '-c', '--chip', '-b', '--baud', '--before', '--after'] },
  xcrun: { valueFlags: ['--sdk', '-sdk', '--toolchain', '-toolchain'] },
  ssh: {
    valueFlags: [
      '-i', '-p', '-l', '-o', '-F', '-J', '-L', '-R', '-D', '-b', '-c', '-E', '-e', '-m', '-O', '-Q', '-S', '-W',
      '-w', '-B',
    ],
  },
  scp: { valueFlags: ['-i', '-P', '-o', '-F', '-J', '-l', '-c', '-S'] },
  sftp: { valueFlags: ['-i', '-P', '-o', '-F', '-J', '-b', '-l', '-S'] },
  rsync: {
    valueFlags: [
      '-e', '--rsh', '--exclude', '--include', '--filter', '--rsync-path', '--password-file', '-T', '--temp-dir',
      '--log-file', '--exclude-from', '--include-from', '--files-from', '--chmod', '--chown', '--backup-dir',
      '--suffix', '--port',
    ],
    dryRun: [{ flags: ['-n', '--dry-run'] }],
  },
  tar: {
    valueFlags: [
      '-f', '--file', '-C', '--directory', '-T', '--files-from', '-X', '--exclude-from', '--exclude', '--transform',
      '--strip-components', '-I', '--use-compress-program',
    ],
  },
  psql: {
    valueFlags: [
      '-c', '--command', '-f', '--file', '-h', '--host', '-p', '--port', '-U', '--username', '-d', '--dbname', '-v',
      '--set', '--variable', '-o', '--output', '-P', '--pset', '-F', '-R', '-T', '-L', '--log-file',
    ],
  },
  mysql: {
    valueFlags: [
      '-e', '--execute', '-h', '--host', '-u', '--user', '-P', '--port', '-D', '--database', '-S', '--socket',
      '--default-character-set',
    ],
  },
  mariadb: {
    valueFlags: [
      '-e', '--execute', '-h', '--host', '-u', '--user', '-P', '--port', '-D', '--database', '-S', '--socket',
    ],
  },
  sqlite3: { valueFlags: ['-cmd', '-separator', '-newline', '-nullvalue', '-init'], singleDashLong: true },
  sqlite: { valueFlags: ['-cmd', '-separator', '-newline', '-nullvalue', '-init'], singleDashLong: true },
  pgcli: { valueFlags: ['-c', '--command', '-h', '--host', '-p', '--port', '-U', '--username', '-u', '--user', '-d', '--dbname', '-W'] },
  usql: { valueFlags: ['-c', '--command', '-f', '--file', '-o', '--out', '-v', '--set', '-P', '--pset'] },
  cockroach: {
    valueFlags: [
      '-e', '--execute', '-f', '--file', '--url', '--host', '-p', '--port', '-u', '--user', '-d', '--database',
      '--certs-dir', '--format', '--set',
    ],
  },
  'redis-cli': {
    valueFlags: ['-h', '-p', '-a', '-n', '-u', '--user', '--pass', '-s', '--pattern'],
  },
  mongosh: {
    valueFlags: [
      '--eval', '--host', '--port', '-u', '--username', '-p', '--password', '--authenticationDatabase', '-f',
      '--file',
    ],
  },
  mongo: {
    valueFlags: [
      '--eval', '--host', '--port', '-u', '--username', '-p', '--password', '--authenticationDatabase',
    ],
  },
  npm: {
    helpFlags: ['-v', '-h'],
    valueFlags: ['--prefix', '-w', '--workspace', '--registry', '--tag', '--otp', '--access'],
    dryRun: [{ flags: ['--dry-run'] }],
    subcommands: true,
  },
  pnpm: {
    helpFlags: ['-v', '-h'],
    valueFlags: ['--filter', '-F', '-C', '--dir', '--registry', '--tag'],
    dryRun: [{ flags: ['--dry-run'] }],
    subcommands: true,
  },
  yarn: { valueFlags: ['--cwd', '--registry'], subcommands: true, helpFlags: ['-v', '-h'] },
  pip: {
    valueFlags: [
      '-r', '--requirement', '-i', '--index-url', '--extra-index-url', '-t', '--target', '-c', '--constraint', '-e',
      '--editable', '--prefix', '--root',
    ],
    dryRun: [{ flags: ['--dry-run'] }],
    subcommands: true,
  },
  pip3: {
    valueFlags: [
      '-r', '--requirement', '-i', '--index-url', '--extra-index-url', '-t', '--target', '-c', '--constraint', '-e',
      '--editable',
    ],
    dryRun: [{ flags: ['--dry-run'] }],
    subcommands: true,
  },
  uv: { valueFlags: ['-r', '--requirement', '-p', '--python', '--index-url', '--with'], subcommands: true },
  cargo: {
    valueFlags: [
      '-p', '--package', '--bin', '--example', '--test', '--bench', '--features', '-F', '--target', '--manifest-path',
      '-j', '--jobs', '--registry', '--token', '--index',
    ],
    dryRun: [{ flags: ['--dry-run', '-n'] }],
    subcommands: true,
  },
  go: {
    valueFlags: ['-o', '-run', '-tags', '-ldflags', '-gcflags', '-p', '-count', '-timeout', '-bench'],
    singleDashLong: true,
    subcommands: true,
  },
  pkill: { valueFlags: ['-u', '--euid', '-U', '--uid', '-g', '--pgroup', '-G', '--group', '-s', '--session', '-t', '--terminal', '-P', '--parent', '--signal', '-F', '--pidfile', '--ns', '--nslist'] },
  killall: { valueFlags: ['-u', '--user', '-s', '--signal', '-o', '--older-than', '-y', '--younger-than', '-n', '--ns'] },
  sqitch: {
    valueFlags: [
      '--to', '--to-change', '--target', '-t', '--plan-file', '-f', '--db-name', '-d', '--db-user', '-u', '--db-host',
      '-h', '--db-port', '-p', '--registry', '--client', '--set', '-s', '--mode', '--top-dir', '-C', '--chdir',
    ],
  },
  make: {
    valueFlags: ['-C', '-f', '--file', '-j', '--jobs', '-I'],
    dryRun: [{ flags: ['-n', '--dry-run', '--just-print', '--recon'] }],
  },
  find: {
    singleDashLong: true,
    valueFlags: [
      '-name', '-iname', '-path', '-ipath', '-type', '-maxdepth', '-mindepth', '-newer', '-mtime', '-mmin', '-size',
      '-user', '-group', '-perm', '-regex', '-iregex', '-printf', '-fprint', '-wholename',
    ],
  },
  grep: {
    valueFlags: [
      '-e', '--regexp', '-f', '--file', '-A', '-B', '-C', '-m', '--max-count', '--include', '--exclude',
      '--exclude-dir', '--color', '--label',
    ],
  },
  rg: {
    valueFlags: [
      '-e', '--regexp', '-f', '-A', '-B', '-C', '-m', '-g', '--glob', '-t', '--type', '-T', '--type-not', '-r',
      '--replace', '--pre', '--pre-glob', '-M', '--max-columns', '--max-depth', '-j',
    ],
  },
  sed: { valueFlags: ['-e', '--expression', '-f', '--file'] },
  awk: { valueFlags: ['-F', '-v', '-f'] },
  kill: { valueFlags: ['-s', '-n'], singleDashLong: true },
  chmod: { valueFlags: ['--reference'] },
  chown: { valueFlags: ['--reference', '--from'] },
  terraform: {
    helpFlags: ['-help', '-h', '-version'],
    singleDashLong: true,
    valueFlags: ['-var', '-var-file', '-target', '-chdir', '-out', '-state'],
    subcommands: true,
  },
  tofu: {
    helpFlags: ['-help', '-h', '-version'],
    singleDashLong: true,
    valueFlags: ['-var', '-var-file', '-target', '-chdir', '-out', '-state'],
    subcommands: true,
  },
  pulumi: {
    valueFlags: ['-s', '--stack', '-C', '--cwd'],
    dryRun: [{ flags: ['--preview-only'] }],
    subcommands: true,
  },
  aws: {
    valueFlags: [
      '--profile', '--region', '--output', '--query', '--endpoint-url', '--bucket', '--key', '--function-name',
      '--stack-name', '--secret-id', '--instance-ids', '--db-instance-identifier', '--cluster', '--service',
      '--table-name', '--exclude', '--include', '--desired-count', '--desired-capacity', '--max-size', '--min-size',
      '--auto-scaling-group-name', '--name', '--bucket', '--secret-id', '--cluster-name',
    ],
    dryRun: [{ flags: ['--dryrun', '--dry-run'] }],
    subcommands: true,
  },
  gcloud: {
    valueFlags: ['--project', '--region', '--zone', '--format', '--filter', '--account', '--configuration'],
    subcommands: true,
  },
  az: {
    valueFlags: [
      '-g', '--resource-group', '-n', '--name', '--subscription', '-o', '--output', '--query', '-l', '--location',
    ],
    subcommands: true,
  },
  gh: {
    valueFlags: [
      '-R', '--repo', '-t', '--title', '-b', '--body', '-F', '--body-file', '-L', '--limit', '-s', '--state',
      '--json', '-q', '--jq', '-X', '--method', '-f', '--field', '--raw-field', '-H', '--header', '--base', '--head',
      '-B', '-l', '--label', '-a', '--assignee', '-w',
    ],
    subcommands: true,
  },
  glab: {
    valueFlags: [
      '-R', '--repo', '-t', '--title', '-d', '--description', '-l', '--label', '-a', '--assignee', '-X', '--method',
      '-f', '--field', '-F', '--raw-field', '-H', '--header', '-b', '--target-branch', '-s', '--source-branch',
    ],
    subcommands: true,
  },
  'apt-get': {
    valueFlags: ['-o', '-t'],
    dryRun: [{ flags: ['-s', '--simulate', '--dry-run', '--just-print', '--no-act', '--recon'] }],
    subcommands: true,
  },
  apt: {
    valueFlags: ['-o', '-t'],
    dryRun: [{ flags: ['-s', '--simulate', '--dry-run'] }],
    subcommands: true,
  },
  brew: { subcommands: true, dryRun: [{ flags: ['-n', '--dry-run'] }] },
  systemctl: {
    valueFlags: [
      '-H', '--host', '-M', '--machine', '-t', '--type', '-p', '--property', '-n', '--lines', '-o', '--output',
      '--state',
    ],
    subcommands: true,
  },
  crontab: { valueFlags: ['-u'] },
  dd: {},
  xargs: { valueFlags: ['-I', '-n', '-P', '-d', '-L', '-s', '-E', '-a'] },
  'ansible-playbook': {
    valueFlags: ['-i', '--inventory', '-l', '--limit', '-e', '--extra-vars', '-t', '--tags', '-u', '--user'],
    dryRun: [{ flags: ['--check', '-C'] }],
  },
  ansible: { valueFlags: ['-i', '-m', '-a', '-u', '-l'] },
  nc: { valueFlags: ['-p', '-s', '-w', '-i', '-e', '-c', '-x', '-X'] },
  ncat: { valueFlags: ['-p', '-s', '-w', '-i', '-e', '-c', '--exec', '--sh-exec'] },
  socat: {},
  head: { valueFlags: ['-n', '-c', '--lines', '--bytes'] },
  tail: { valueFlags: ['-n', '-c', '--lines', '--bytes', '--pid', '-s'] },
  sort: { valueFlags: ['-k', '--key', '-t', '-o', '--output', '-S', '-T'] },
  cut: { valueFlags: ['-d', '-f', '-c', '-b'] },
  jq: { valueFlags: ['--arg', '--argjson', '-f', '--from-file', '--indent', '--slurpfile', '--rawfile'] },
  node: {
    helpFlags: ['-v', '-h'],
    valueFlags: [
      '-e', '--eval', '-p', '--print', '-r', '--require', '--import', '--loader', '--input-type', '--env-file',
    ],
  },
  python: { valueFlags: ['-c', '-m', '-W', '-X'], helpFlags: ['-V', '-h'] },
  python3: { valueFlags: ['-c', '-m', '-W', '-X'], helpFlags: ['-V', '-h'] },
  pytest: {
    valueFlags: [
      '-k', '-m', '-p', '--maxfail', '--tb', '-n', '--cov', '--junitxml', '-c', '--rootdir', '--durations',
    ],
  },
  jest: { valueFlags: ['-t', '--testNamePattern', '-c', '--config', '--testPathPattern'] },
  vitest: { valueFlags: ['-t', '--testNamePattern', '-c', '--config', '--reporter', '--project'] },
  shred: { valueFlags: ['-n', '--iterations', '-s', '--size'] },
  truncate: { valueFlags: ['-s', '--size', '-r', '--reference'] },
  mkfs: { valueFlags: ['-t', '-L'] },
  wipefs: {},
  shutdown: {},
  npx: { valueFlags: ['-p', '--package', '-c', '--call'] },
  ln: { valueFlags: ['-t', '--target-directory', '-S', '--suffix'] },
  cp: { valueFlags: ['-t', '--target-directory', '-S', '--suffix'] },
  mv: { valueFlags: ['-t', '--target-directory', '-S', '--suffix'] },
  install: { valueFlags: ['-m', '--mode', '-o', '--owner', '-g', '--group', '-t', '--target-directory'] },
  tee: {},
  mysqladmin: { valueFlags: ['-u', '--user', '-h', '--host', '-P', '--port', '-S', '--socket'] },
  'kafka-topics': { valueFlags: ['--topic', '--bootstrap-server', '--zookeeper', '--partitions', '--replication-factor', '--config', '--command-config'] },
  'kafka-topics.sh': { valueFlags: ['--topic', '--bootstrap-server', '--zookeeper', '--partitions', '--replication-factor', '--config', '--command-config'] },
  'kafka-configs': { valueFlags: ['--bootstrap-server', '--entity-type', '--entity-name', '--add-config', '--delete-config', '--zookeeper', '--command-config'] },
  'kafka-configs.sh': { valueFlags: ['--bootstrap-server', '--entity-type', '--entity-name', '--add-config', '--delete-config', '--zookeeper', '--command-config'] },
  'clickhouse-client': { valueFlags: ['-q', '--query', '-h', '--host', '--port', '-u', '--user', '--password', '-d', '--database'] },
  cqlsh: { valueFlags: ['-e', '--execute', '-u', '--username', '-p', '--password', '-k', '--keyspace'] },
  sqlcmd: { valueFlags: ['-S', '-U', '-P', '-d', '-Q', '-q', '-i', '-o', '-s', '-w', '-h', '-t', '-l', '-v', '-H', '-a', '-f', '-c', '-A'] },
  snowsql: {
    valueFlags: ['-a', '--accountname', '-u', '--username', '-d', '--dbname', '-s', '--schemaname', '-w', '--warehouse', '-r', '--rolename', '-q', '--query', '-f', '--filename', '-o', '--option', '-c', '--connection'],
  },
  bq: {
    valueFlags: ['--project_id', '--location', '--format', '--destination_table', '--parameter', '--max_rows', '-n', '--dataset_id', '--job_id', '--api'],
    subcommands: true,
  },
  trino: { valueFlags: ['--server', '--catalog', '--schema', '--user', '--execute', '-f', '--file', '--output-format', '--password'] },
  presto: { valueFlags: ['--server', '--catalog', '--schema', '--user', '--execute', '-f', '--file', '--output-format'] },
  beeline: { valueFlags: ['-u', '-n', '-p', '-e', '-f', '-d', '--hiveconf', '--hivevar', '-i'] },
  hive: { valueFlags: ['-e', '-f', '-i', '--hiveconf', '--hivevar', '-d', '--define', '--database'] },
  'spark-sql': { valueFlags: ['-e', '-f', '-i', '--master', '--conf', '--name', '--database', '--jars', '--packages', '--deploy-mode'] },
  'impala-shell': { valueFlags: ['-i', '--impalad', '-q', '--query', '-f', '--query_file', '-d', '--database', '-u', '--user', '-o', '--output_file'] },
  vsql: { valueFlags: ['-c', '--command', '-h', '--host', '-U', '--username', '-d', '--dbname', '-p', '--port', '-w', '--password', '-f', '--file', '-o', '--output'] },
  ysqlsh: { valueFlags: ['-c', '--command', '-f', '--file', '-h', '--host', '-p', '--port', '-U', '--username', '-d', '--dbname'] },
  duckdb: { valueFlags: ['-c', '-cmd'], singleDashLong: true },
  litecli: { valueFlags: ['-e', '--execute'] },
  mycli: { valueFlags: ['-e', '--execute', '-h', '--host', '-u', '--user', '-D', '--database', '-P', '--port'] },
  wrangler: { valueFlags: ['--command', '--file', '--name', '-c', '--config', '-e', '--env', '--binding', '--namespace-id'], subcommands: true },
  'invoke-restmethod': POWERSHELL_WEB,
  'invoke-webrequest': POWERSHELL_WEB,
  irm: POWERSHELL_WEB,
  iwr: POWERSHELL_WEB,
  'set-mppreference': { singleDashLong: true, caselessFlags: true },
  'add-mppreference': { singleDashLong: true, caselessFlags: true },
  'remove-item': { singleDashLong: true, caselessFlags: true, valueFlags: ['-path', '-literalpath', '-filter', '-include', '-exclude'] },
  http: { valueFlags: ['-a', '--auth', '--session', '-o', '--output', '--verify', '--cert', '--proxy'] },
  https: { valueFlags: ['-a', '--auth', '--session', '-o', '--output', '--verify', '--cert', '--proxy'] },
  xh: { valueFlags: ['-a', '--auth', '--session', '-o', '--output', '--verify', '--cert', '--proxy'] },
  'ssh-keygen': { valueFlags: ['-t', '-b', '-f', '-C', '-N', '-P', '-E', '-F', '-R', '-l'] },
  // Go `flag` CLIs: one dash, long names (`consul kv delete -recurse`, `nomad job stop -purge`).
  consul: { singleDashLong: true, subcommands: true, valueFlags: ['-http-addr', '-token', '-datacenter', '-namespace'] },
  nomad: { singleDashLong: true, subcommands: true, valueFlags: ['-address', '-token', '-namespace', '-region'] },
  vault: { singleDashLong: true, subcommands: true, valueFlags: ['-address', '-namespace', '-mount', '-format', '-field'] },
  openssl: {
    singleDashLong: true,
    valueFlags: ['-in', '-out', '-inkey', '-passin', '-passout', '-subj', '-days', '-newkey', '-keyout'],
  },
};

/** Programs whose `--help` / `--version` anywhere on the line prints help and runs nothing. */
export const HELP_FLAGS = ['--help', '--version'] as const;
