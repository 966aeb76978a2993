/**
 * The scope proposed for a command (protocol/scope.ts), from its analysis and runtime context:
 * pure data, no I/O. Write: the project, the temp dir and the command's own targets; network and
 * local sockets only for the categories that need them; read: everything but secrets, unless the
 * command is about secrets. The reviewer sees it and may widen or narrow it.
 */
import type { Analysis, SimpleCommand } from '../analyzer/types.js';
import type { ExecScope } from '../../protocol/scope.js';
import type { FsFact, RuntimeContext } from '../../protocol/context.js';
import { destructiveTargets } from '../context/fsTargets.js';
import { SECRETS_BY_CATEGORY } from './secretPaths.js';

/** Ports for installs, downloads, git and APIs. */
export const WEB_PORTS = [443, 80];
export const GIT_PORTS = [22, 9418];
const DB_PORTS: Record<string, number> = {
  psql: 5432,
  pg_dump: 5432,
  pg_restore: 5432,
  mysql: 3306,
  mysqldump: 3306,
  mongosh: 27017,
  mongo: 27017,
  'redis-cli': 6379,
};
const NETWORK_CATEGORIES = new Set([
  'package-install',
  'download',
  'remote-code',
  'network',
  'publish',
  'cloud',
  'kubernetes',
  'infrastructure',
  'exfiltration',
]);
/**
 * Programs that reach a service whatever their arguments (and whether or not a risk rule matched):
 * the scope gives them the network and the credentials their category unlocks, so that a safe
 * read such as `kubectl get pods` is not mistaken for a command that runs offline.
 */
// prettier-ignore
const PROGRAM_CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  kubectl: ['kubernetes'], helm: ['kubernetes'], k9s: ['kubernetes'], kustomize: [], oc: ['kubernetes'],
  aws: ['cloud'], gcloud: ['cloud'], gsutil: ['cloud'], bq: ['cloud'], az: ['cloud'], doctl: ['cloud'],
  flyctl: ['cloud'], fly: ['cloud'], heroku: ['cloud'], vercel: ['cloud'], netlify: ['cloud'], wrangler: ['cloud'],
  terraform: ['infrastructure'], tofu: ['infrastructure'], terragrunt: ['infrastructure'], pulumi: ['infrastructure'],
  gh: ['network'], glab: ['network'], curl: ['network'], wget: ['network'], http: ['network'], https: ['network'],
  xh: ['network'], ssh: ['network'], scp: ['network'], sftp: ['network'], docker: ['containers'], podman: ['containers'],
};
const GIT_REMOTE = new Set(['push', 'pull', 'fetch', 'clone', 'ls-remote', 'remote', 'submodule']);

export type ScopeContext = Pick<Analysis, 'commands' | 'risk'> & { context?: RuntimeContext | null };

function gitSubcommand(cmd: SimpleCommand): string | undefined {
  if (cmd.program !== 'git') return undefined;
  return cmd.argv.slice(1).find((w) => !w.value.startsWith('-'))?.value;
}

/** Whether a path is inside the project or the temp dir as written (lexically). */
function inDefaultWrite(path: string): boolean {
  if (path.startsWith('/tmp/') || path === '/tmp' || path.startsWith('$TMP')) return true;
  if (path.startsWith('/') || path.startsWith('~')) return false;
  // Relative: inside the project unless it climbs out.
  return !path.split('/').includes('..');
}

function factMatches(context: RuntimeContext | null | undefined, pattern: string): FsFact | undefined {
  for (const p of context?.probes ?? []) {
    if (p.kind === 'fs' && p.fact.known && p.fact.value.pattern === pattern) return p.fact.value;
  }
  return undefined;
}

export function proposeScope(a: ScopeContext): ExecScope {
  const scope: ExecScope = {
    read: 'default',
    readSecrets: [],
    write: ['.', '$TMP'],
    remove: [],
    network: { mode: 'none', ports: [] },
    unix: 'none',
    keepEnv: [],
    why: [],
  };
  const ports = new Set<number>();
  const add = <T>(list: T[], v: T) => {
    if (!list.includes(v)) list.push(v);
  };
  a.commands.forEach((cmd, i) => {
    const program = cmd.program ?? '';
    const categories = [...(a.risk.categories?.[i] ?? []), ...(PROGRAM_CATEGORIES[program] ?? [])];
    if (categories.includes('secrets') || categories.includes('exfiltration')) {
      scope.read = 'all';
      add(scope.why, `\`${program}\` reads secrets: may read everything`);
    }
    for (const c of categories)
      for (const s of SECRETS_BY_CATEGORY[c] ?? []) add(scope.readSecrets, `~/${s}`);
    const sub = gitSubcommand(cmd);
    if (sub && GIT_REMOTE.has(sub)) {
      for (const p of [...WEB_PORTS, ...GIT_PORTS]) ports.add(p);
      scope.unix = 'any';
      add(scope.keepEnv, 'SSH_AUTH_SOCK');
      add(scope.readSecrets, '~/.ssh');
      add(scope.readSecrets, '~/.git-credentials');
      add(scope.why, `\`git ${sub}\` talks to a remote: HTTPS and SSH, the SSH agent`);
    }
    if (categories.some((c) => NETWORK_CATEGORIES.has(c))) {
      for (const p of WEB_PORTS) ports.add(p);
      add(scope.why, `\`${program}\` needs the network (HTTPS/HTTP)`);
      // A URL that names its port (http://127.0.0.1:8080/…) needs that port too.
      for (const w of cmd.argv.slice(1)) {
        const port =
          w.dynamic.length === 0
            ? /^[a-z][a-z0-9+.-]*:\/\/[^/?#@\s]*:(\d{1,5})(?:[/?#]|$)/i.exec(w.value)?.[1]
            : undefined;
        if (port && Number(port) > 0 && Number(port) < 65536) ports.add(Number(port));
      }
    }
    if (categories.includes('database') || DB_PORTS[program] !== undefined) {
      const sql = a.context?.probes?.find((p) => p.kind === 'sql');
      const port = sql && sql.fact.known ? sql.fact.value.server.port : DB_PORTS[program];
      if (port) ports.add(port);
      scope.unix = 'any';
      add(
        scope.why,
        `\`${program}\` talks to a database${port ? ` (port ${port}, or its local socket)` : ''}`,
      );
    }
    if (categories.includes('containers')) {
      scope.unix = 'any';
      add(scope.keepEnv, 'DOCKER_HOST');
      for (const p of WEB_PORTS) ports.add(p);
      add(scope.why, `\`${program}\` talks to the container engine (its socket)`);
    }
    for (const t of destructiveTargets(cmd)) {
      if (inDefaultWrite(t.path) && !t.expand?.includes('parameter')) continue;
      const fact = factMatches(a.context, t.path);
      const paths = fact
        ? fact.matches.filter((m) => m.exists).map((m) => m.resolved)
        : t.expand?.includes('glob')
          ? []
          : [t.path];
      const deleting = /^(rm|rmdir|unlink|shred|find -delete)/.test(t.op);
      for (const p of paths) add(deleting ? scope.remove : scope.write, p);
      if (paths.length)
        add(
          scope.why,
          `\`${program}\` ${deleting ? 'deletes' : 'writes'} ${paths.length === 1 ? paths[0] : `${paths.length} paths`}`,
        );
    }
  });
  if (ports.size > 0) scope.network = { mode: 'tcp', ports: [...ports].sort((x, y) => x - y) };
  return scope;
}

/** The scope in one line for a person: "may write: ./, $TMP; may delete: /tmp/build-1; network: none". */
export function describeScope(s: ExecScope): string {
  const parts = [`may write: ${s.write.map((p) => (p === '.' ? './' : p)).join(', ')}`];
  if (s.remove.length) parts.push(`may delete: ${s.remove.join(', ')}`);
  parts.push(
    s.read === 'all'
      ? 'may read: everything'
      : `may read: everything but secrets${s.readSecrets.length ? ` (except ${s.readSecrets.join(', ')})` : ''}`,
  );
  parts.push(
    `network: ${s.network.mode === 'tcp' ? `TCP ports ${s.network.ports.join(', ')}` : s.network.mode}`,
  );
  parts.push(`local sockets: ${s.unix}`);
  return parts.join('; ');
}
