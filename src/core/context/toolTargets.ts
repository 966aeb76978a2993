/**
 * Where a tool would act, from its argv and env prefixes: psql's server and database, git push's
 * remote and refspecs, kubectl/helm's context and namespace, aws profile and region, terraform's
 * directory. Values stay as written (`$DATABASE_URL`): the agent side reads its own environment.
 */
import type { SimpleCommand } from '../analyzer/types.js';
import type { GitPushSpec, PgTarget, SqliteTarget } from '../../protocol/context.js';
import { hasAny, parseArgs, unknowable, valueOf } from './argv.js';

const PSQL_VALUE_FLAGS = [
  '-c',
  '--command',
  '-d',
  '--dbname',
  '-f',
  '--file',
  '-h',
  '--host',
  '-p',
  '--port',
  '-U',
  '--username',
  '-v',
  '--set',
  '--variable',
  '-P',
  '--pset',
  '-o',
  '--output',
  '-L',
  '--log-file',
  '-T',
  '--table-attr',
  '-F',
  '--field-separator',
  '-R',
  '--record-separator',
];

const PG_ENV = /^PG[A-Z]+$|^DATABASE_URL$/;

export function psqlTarget(cmd: SimpleCommand): PgTarget {
  const args = parseArgs(cmd.argv, PSQL_VALUE_FLAGS);
  const t: PgTarget = { env: {} };
  const set = (key: 'dbname' | 'host' | 'port' | 'user', ...flags: string[]) => {
    const w = valueOf(args, ...flags);
    if (w && !unknowable(w)) t[key] = w.value;
  };
  set('dbname', '-d', '--dbname');
  set('host', '-h', '--host');
  set('port', '-p', '--port');
  set('user', '-U', '--username');
  const [db, user] = args.operands;
  if (t.dbname === undefined && db && !unknowable(db)) t.dbname = db.value;
  if (t.user === undefined && user && !unknowable(user)) t.user = user.value;
  for (const a of cmd.assignments)
    if (PG_ENV.test(a.name) && !unknowable(a.value)) t.env[a.name] = a.value.value;
  return t;
}

const SQLITE_VALUE_FLAGS = [
  '-cmd',
  '-init',
  '-separator',
  '-newline',
  '-nullvalue',
  '-escape',
  '-vfs',
  '-maxsize',
  '-mmap',
  '-lookaside',
  '-pagecache',
  '-heap',
];

/** The database file of `sqlite3 [options] FILE [SQL…]`; null for none, an in-memory or unknowable one. */
export function sqliteTarget(cmd: SimpleCommand): SqliteTarget | null {
  // sqlite3's options are single-dash words (-cmd, -init; --cmd works too), not letter clusters.
  let file: SimpleCommand['argv'][number] | undefined;
  for (let i = 1; i < cmd.argv.length && !file; i++) {
    const w = cmd.argv[i];
    if (!w) continue;
    if (!w.value.startsWith('-') || w.value === '-') file = w;
    else if (SQLITE_VALUE_FLAGS.includes(w.value.replace(/^--/, '-'))) i++;
  }
  if (!file || unknowable(file) || file.value === '' || file.value === ':memory:') return null;
  return { engine: 'sqlite', file: file.value };
}

const GIT_GLOBAL_VALUE = [
  '-C',
  '-c',
  '--git-dir',
  '--work-tree',
  '--namespace',
  '--exec-path',
  '--config-env',
];

/** The git subcommand and where it starts in argv, after global options (`git -C dir push`). */
export function gitSubcommand(cmd: SimpleCommand): { name: string; index: number; dir?: string } | null {
  let dir: string | undefined;
  for (let i = 1; i < cmd.argv.length; i++) {
    const v = cmd.argv[i]?.value ?? '';
    if (GIT_GLOBAL_VALUE.includes(v)) {
      if (v === '-C') dir = cmd.argv[i + 1]?.value;
      i++;
      continue;
    }
    if (v.startsWith('-')) continue;
    return dir === undefined ? { name: v, index: i } : { name: v, index: i, dir };
  }
  return null;
}

const PUSH_VALUE_FLAGS = ['--repo', '-o', '--push-option', '--receive-pack', '--exec', '--signed'];

export function gitPushSpec(cmd: SimpleCommand, index: number): GitPushSpec {
  const args = parseArgs(cmd.argv, PUSH_VALUE_FLAGS, index + 1);
  const force = hasAny(args, '-f', '--force', '--force-with-lease', '--force-if-includes', '--mirror');
  const del = hasAny(args, '-d', '--delete', '--prune', '--mirror');
  const [remote, ...refspecs] = args.operands.map((w) => w.value);
  const repo = valueOf(args, '--repo')?.value;
  return {
    remote: repo ?? remote ?? null,
    refspecs: repo && remote !== undefined ? [remote, ...refspecs] : refspecs,
    force: force || refspecs.some((r) => r.startsWith('+')),
    delete: del,
  };
}

export function kubeTarget(
  program: string,
  argv: SimpleCommand['argv'],
): { context?: string; namespace?: string; kubeconfig?: string } {
  const contextFlag = program === 'helm' ? '--kube-context' : '--context';
  const args = parseArgs(argv, [
    contextFlag,
    '-n',
    '--namespace',
    '--kubeconfig',
    '-f',
    '--filename',
    '-o',
    '--output',
    '-l',
    '--selector',
    '-c',
    '--container',
    '--values',
    '--set',
    '--version',
  ]);
  const out: { context?: string; namespace?: string; kubeconfig?: string } = {};
  const ctx = valueOf(args, contextFlag);
  const ns = valueOf(args, '-n', '--namespace');
  const cfg = valueOf(args, '--kubeconfig');
  if (ctx && !unknowable(ctx)) out.context = ctx.value;
  if (ns && !unknowable(ns)) out.namespace = ns.value;
  if (cfg && !unknowable(cfg)) out.kubeconfig = cfg.value;
  return out;
}

export function awsTarget(cmd: SimpleCommand): { profile?: string; region?: string } {
  const args = parseArgs(cmd.argv, ['--profile', '--region', '--output', '--query', '--endpoint-url']);
  const out: { profile?: string; region?: string } = {};
  const profile = valueOf(args, '--profile');
  const region = valueOf(args, '--region');
  const envProfile = cmd.assignments.find((a) => a.name === 'AWS_PROFILE');
  const envRegion = cmd.assignments.find((a) => a.name === 'AWS_REGION' || a.name === 'AWS_DEFAULT_REGION');
  const p = profile ?? envProfile?.value;
  const r = region ?? envRegion?.value;
  if (p && !unknowable(p)) out.profile = p.value;
  if (r && !unknowable(r)) out.region = r.value;
  return out;
}

export function terraformDir(cmd: SimpleCommand): string | undefined {
  const chdir = cmd.argv.find((w) => w.value.startsWith('-chdir='));
  return chdir ? chdir.value.slice('-chdir='.length) : undefined;
}
