/**
 * The checks behind `expacti doctor`. Each looks at one thing as the other commands would see it
 * (the same configuration, the same server, the same settings files) and says what to fix. None
 * changes anything. Tokens are only ever sent to the configured server's /v1/me.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configFilePath, readConfigFile, resolveClientConfig, type Role } from '../client/config.js';
import { isExpactiHook } from '../agent/claudeSettings.js';
import { helperPath } from '../agent/confine/helper.js';
import { quoteWord } from '../protocol/commandText.js';
import type { MeResponse } from '../protocol/api.js';
import { settingsPath } from './initClaude.js';
import { onPath } from './init.js';
import { installers, INSTALL_HOSTS } from '../agent/install/index.js';
import type { InstallContext } from '../agent/install/types.js';
import { homedir } from 'node:os';

export type Status = 'ok' | 'warn' | 'fail';

export interface Check {
  name: string;
  status: Status;
  detail: string;
  /** What to do about a warn or a fail. */
  fix?: string;
}

export interface DoctorContext {
  env: NodeJS.ProcessEnv;
  cwd: string;
  timeoutMs: number;
  /** --url: check this server instead of the configured one. */
  url?: string;
}

/** Where the configuration comes from, and whether the config file keeps its tokens private. */
export function configCheck(ctx: DoctorContext): { check: Check; url: string | null } {
  const path = configFilePath(ctx.env);
  let file;
  try {
    file = readConfigFile(path);
  } catch (error) {
    return {
      check: {
        name: 'config',
        status: 'fail',
        detail: (error as Error).message,
        fix: `fix or delete ${path}`,
      },
      url: ctx.url ?? ctx.env['EXPACTI_URL'] ?? null,
    };
  }
  const url = ctx.url ?? (ctx.env['EXPACTI_URL'] || file.url || null);
  const from = ctx.url ? '--url' : ctx.env['EXPACTI_URL'] ? 'EXPACTI_URL' : file.url ? path : null;
  if (!url)
    return {
      check: {
        name: 'config',
        status: 'fail',
        detail: 'no server configured',
        fix: 'expacti login --url URL --token TOKEN (or set EXPACTI_URL and EXPACTI_TOKEN)',
      },
      url: null,
    };
  if (existsSync(path) && (file.token || file.reviewerToken)) {
    const mode = statSync(path).mode & 0o777;
    if (mode & 0o077)
      return {
        check: {
          name: 'config',
          status: 'warn',
          detail: `${path} holds tokens and is readable by others (mode ${mode.toString(8)})`,
          fix: `chmod 600 ${quoteWord(path)}`,
        },
        url,
      };
  }
  return { check: { name: 'config', status: 'ok', detail: `server ${url} (from ${from})` }, url };
}

/** /healthz: the server answers; its clock against ours (half the round trip is the uncertainty). */
export async function serverChecks(ctx: DoctorContext, url: string): Promise<Check[]> {
  const started = Date.now();
  let res: Response;
  try {
    res = await fetch(new URL('/healthz', url), { signal: AbortSignal.timeout(ctx.timeoutMs) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    return [
      {
        name: 'server',
        status: 'fail',
        detail: `${url} does not answer (${cause})`,
        fix: 'start it (expacti serve), or point EXPACTI_URL / expacti login --url at the right address',
      },
    ];
  }
  const ended = Date.now();
  const body = (await res.json().catch(() => null)) as { time?: unknown } | null;
  if (!res.ok || typeof body?.time !== 'string')
    return [
      {
        name: 'server',
        status: 'fail',
        detail: `${url}/healthz answered ${res.status}${body ? '' : ' (not JSON)'}: is this an expacti server (0.2 or newer)?`,
        fix: 'check EXPACTI_URL; behind a proxy, make sure /healthz reaches expacti',
      },
    ];
  const checks: Check[] = [
    { name: 'server', status: 'ok', detail: `${url} answers (${ended - started} ms)` },
  ];
  const skewMs = Date.parse(body.time) - (started + ended) / 2;
  const seconds = Math.abs(skewMs) / 1000;
  const text = `${seconds.toFixed(1)} s ${skewMs > 0 ? 'behind' : 'ahead of'} the server (±${((ended - started) / 2000).toFixed(1)} s)`;
  checks.push(
    seconds <= 2
      ? { name: 'clock', status: 'ok', detail: text }
      : {
          name: 'clock',
          status: seconds <= 30 ? 'warn' : 'fail',
          detail: text,
          fix: 'synchronise the clocks (NTP: timedatectl set-ntp true); expiry countdowns, the claim window and TOTP codes depend on them',
        },
  );
  return checks;
}

/** /readyz: the server's database and change feed. */
export async function storeCheck(ctx: DoctorContext, url: string): Promise<Check> {
  try {
    const res = await fetch(new URL('/readyz', url), { signal: AbortSignal.timeout(ctx.timeoutMs) });
    const body = (await res.json()) as {
      ready?: boolean;
      checks?: { database?: { ok: boolean; ms?: number }; changeFeed?: { ok: boolean; ms?: number } };
    };
    const db = body.checks?.database;
    const feed = body.checks?.changeFeed;
    if (body.ready)
      return {
        name: 'store',
        status: 'ok',
        detail: `database answers (${db?.ms ?? '?'} ms), change feed delivers (${feed?.ms ?? '?'} ms)`,
      };
    const failing = [db?.ok ? '' : 'the database', feed?.ok ? '' : 'the change feed'].filter(Boolean);
    return {
      name: 'store',
      status: 'fail',
      detail: `the server is not ready: ${failing.join(' and ') || 'shutting down'} failing`,
      fix: 'the server log says why (look for "not ready"); agents fail closed meanwhile',
    };
  } catch (error) {
    return {
      name: 'store',
      status: 'fail',
      detail: `/readyz could not be read: ${(error as Error).message}`,
    };
  }
}

/** The token a role's commands will use, checked against /v1/me. */
export async function tokenCheck(
  ctx: DoctorContext,
  url: string,
  role: Role,
): Promise<{ check: Check; me: MeResponse | null }> {
  const name = role === 'agent' ? 'agent token' : 'reviewer token';
  let token: string;
  try {
    token = resolveClientConfig(role, ctx.env, { url }).token;
  } catch {
    const fix =
      role === 'agent'
        ? 'an admin creates one (expacti token create --agent NAME); then expacti login --url URL --token exp_a_…'
        : 'expacti login --url URL --username NAME (or --token exp_u_…)';
    const why = role === 'agent' ? '`expacti run`, the hook and the MCP server' : 'the reviewer commands';
    return {
      check: { name, status: 'warn', detail: `none configured: ${why} cannot work here`, fix },
      me: null,
    };
  }
  const source = tokenSource(ctx.env, role, token);
  let res: Response;
  try {
    res = await fetch(new URL('/v1/me', url), {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(ctx.timeoutMs),
    });
  } catch (error) {
    return {
      check: { name, status: 'fail', detail: `could not check it: ${(error as Error).message}` },
      me: null,
    };
  }
  if (res.status === 401)
    return {
      check: {
        name,
        status: 'fail',
        detail: `the token from ${source} is unknown or revoked`,
        fix:
          role === 'agent'
            ? 'ask an admin for a new agent token and save it: expacti login --url URL --token exp_a_…'
            : 'sign in again: expacti login --url URL --username NAME',
      },
      me: null,
    };
  if (!res.ok) return { check: { name, status: 'fail', detail: `/v1/me answered ${res.status}` }, me: null };
  const me = (await res.json()) as MeResponse;
  const p = me.principal;
  const who = p.kind === 'agent' ? `agent "${p.name}"` : `${p.role} "${p.name}"`;
  const detail = `${who} in org "${me.org.name}" (from ${source})`;
  if (role === 'agent' && p.kind !== 'agent')
    return {
      check: {
        name,
        status: 'warn',
        detail: `${detail}: a user token, so agents submitting with it are refused`,
        fix: 'give agents their own agent token (expacti token create --agent NAME)',
      },
      me,
    };
  if (role === 'reviewer' && p.kind !== 'user')
    return {
      check: {
        name,
        status: 'warn',
        detail: `${detail}: an agent token, so the reviewer commands are refused`,
        fix: 'expacti login --url URL --username NAME (or set EXPACTI_REVIEWER_TOKEN)',
      },
      me,
    };
  return { check: { name, status: 'ok', detail }, me };
}

function tokenSource(env: NodeJS.ProcessEnv, role: Role, token: string): string {
  if (role === 'reviewer' && env['EXPACTI_REVIEWER_TOKEN'] === token) return 'EXPACTI_REVIEWER_TOKEN';
  if (env['EXPACTI_TOKEN'] === token) return 'EXPACTI_TOKEN';
  return configFilePath(env);
}

/** The Claude Code hook, in every settings file Claude Code reads. */
export function claudeHookChecks(ctx: DoctorContext, approvalTimeoutSeconds: number | null): Check[] {
  const found: string[] = [];
  const problems: Check[] = [];
  const thisInstallation = `${quoteWord(process.execPath)} ${quoteWord(realpathSync(process.argv[1] as string))}`;
  for (const scope of ['user', 'project', 'local'] as const) {
    const path = settingsPath(scope, ctx.env, ctx.cwd);
    if (!existsSync(path)) continue;
    let settings: unknown;
    try {
      settings = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      problems.push({
        name: 'claude hook',
        status: 'fail',
        detail: `${path} is not valid JSON (${(error as Error).message}): Claude Code cannot read it either`,
        fix: `fix ${path}, then expacti init claude${scope === 'project' ? '' : ` --${scope}`}`,
      });
      continue;
    }
    for (const hook of expactiHooks(settings)) {
      found.push(`${path} (timeout ${hook.timeout ?? '?'} s)`);
      const prefix = hook.command.slice(0, hook.command.search(/\s+hook\s+claude(\s|$)/));
      const missing = prefix === thisInstallation ? null : missingProgram(prefix);
      if (missing)
        problems.push({
          name: 'claude hook',
          status: 'fail',
          detail: `${path}: the hook runs ${missing}, which does not exist, so Claude Code blocks every Bash command`,
          fix: `expacti init claude${scope === 'project' ? '' : ` --${scope}`} (it points the hook at this installation)`,
        });
      if (approvalTimeoutSeconds !== null && (hook.timeout ?? 0) < approvalTimeoutSeconds + 30)
        problems.push({
          name: 'claude hook',
          status: 'warn',
          detail: `${path}: the hook gives up after ${hook.timeout ?? '?'} s, before the org's approval timeout (${approvalTimeoutSeconds} s) ends`,
          fix: `expacti init claude${scope === 'project' ? '' : ` --${scope}`} (it sets the time limit above the org's)`,
        });
    }
  }
  if (problems.length) return problems;
  if (found.length === 0)
    return [
      {
        name: 'claude hook',
        status: 'warn',
        detail: 'not installed in Claude Code settings (user, project or local)',
        fix: 'if this machine runs Claude Code: expacti init claude (this project) or expacti init claude --user',
      },
    ];
  return [{ name: 'claude hook', status: 'ok', detail: `installed in ${found.join('; ')}` }];
}

/**
 * The other agent hosts (agent/install/): for each one configured or found here, whether the
 * expacti hook is in its configuration and still fails closed. Hosts neither found nor configured
 * are not mentioned.
 */
export function hostHookChecks(ctx: DoctorContext): Check[] {
  const home = ctx.env['HOME'] || homedir();
  const read = (path: string): string | null => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return null;
    }
  };
  const hosts = installers('');
  const checks: Check[] = [];
  for (const name of INSTALL_HOSTS) {
    const host = hosts[name];
    if (!host) continue;
    const check = `${name} hook`;
    const installed: string[] = [];
    for (const scope of host.scopes) {
      const ic: InstallContext = { scope, cwd: ctx.cwd, home, env: ctx.env, expacti: '', timeoutS: 0, read };
      if (!host.configured(ic)) continue;
      const where = host.where(ic);
      const open = host.failOpen(ic);
      const again = `expacti init ${name}${scope === 'user' && host.scopes.includes('project') ? ' --user' : ''}`;
      if (open)
        checks.push({
          name: check,
          status: 'fail',
          detail: `${where}: the hook does not fail closed: ${open}`,
          fix: `${again} (it writes the entry again, keeping the rest)`,
        });
      else installed.push(where);
    }
    if (installed.length)
      checks.push({
        name: check,
        status: 'ok',
        detail: `${host.title}: installed, fails closed (${installed.join('; ')})`,
      });
    else if (!checks.some((c) => c.name === check)) {
      const found =
        host.detect.programs.map((p) => onPath(p, ctx.env)).find(Boolean) ??
        host.detect.dirs(home, ctx.cwd, ctx.env).find((d) => existsSync(d));
      if (found)
        checks.push({
          name: check,
          status: 'warn',
          detail: `${host.title} is here (${found}) but has no expacti hook: its shell commands are not gated`,
          fix: `expacti init ${name}${host.scopes.includes('project') ? ' (this project) or --user' : ''}`,
        });
    }
  }
  return checks;
}

/**
 * The file a hook's start command (as `expacti init` writes it: NODE SCRIPT, each quoted when
 * needed) names that is not there; null when both exist or the command has another form.
 */
function missingProgram(prefix: string): string | null {
  const word = String.raw`(?:'([^']*)'|([^\s']+))`;
  const m = new RegExp(`^${word}\\s+${word}$`).exec(prefix.trim());
  if (!m) return null;
  for (const path of [m[1] ?? m[2], m[3] ?? m[4]])
    if (path !== undefined && path.startsWith('/') && !existsSync(path)) return path;
  return null;
}

function expactiHooks(settings: unknown): Array<{ command: string; timeout?: number }> {
  const groups = (settings as { hooks?: { PreToolUse?: unknown } } | null)?.hooks?.PreToolUse;
  if (!Array.isArray(groups)) return [];
  return groups.flatMap((group: unknown) => {
    const hooks = (group as { hooks?: unknown } | null)?.hooks;
    return Array.isArray(hooks)
      ? (hooks.filter(isExpactiHook) as Array<{ command: string; timeout?: number }>)
      : [];
  });
}

/** Whether approved commands can be held to their scope here (native/confine, docs/confinement.md). */
export function confinementCheck(ctx: DoctorContext): Check {
  const name = 'confinement';
  const consequence =
    "commands at or above the org's confineRequiredFrom tier (default high) are refused here";
  if (ctx.env['EXPACTI_CONFINE'] === 'off')
    return {
      name,
      status: 'warn',
      detail: `turned off by EXPACTI_CONFINE=off: ${consequence}`,
      fix: 'unset EXPACTI_CONFINE',
    };
  const helper = helperPath(ctx.env);
  if (!helper)
    return {
      name,
      status: 'warn',
      detail: `the helper is not built (native/confine): ${consequence}`,
      fix: 'install a C compiler (e.g. apt-get install gcc) and reinstall expacti (npm ci runs the build)',
    };
  const probe = spawnSync(helper, ['--probe'], { encoding: 'utf8', timeout: ctx.timeoutMs });
  let facts: { landlock?: number; seccomp?: boolean } = {};
  try {
    facts = JSON.parse(probe.stdout || '{}') as typeof facts;
  } catch {
    // reported below
  }
  if (probe.status === 0 && typeof facts.landlock === 'number')
    return {
      name,
      status: 'ok',
      detail: `available: Landlock ABI ${facts.landlock}, seccomp ${facts.seccomp ? 'yes' : 'no'} (${helper})`,
    };
  if (probe.status === 121)
    return {
      name,
      status: 'warn',
      detail: `this kernel has no Landlock: ${consequence}`,
      fix: 'Landlock needs Linux 5.13 or newer with it enabled (lsm=…,landlock)',
    };
  return {
    name,
    status: 'fail',
    detail: `the helper ${helper} failed its probe (${probe.error?.message ?? `exit ${probe.status ?? probe.signal}`})`,
    fix: 'reinstall expacti (npm ci rebuilds it)',
  };
}

/**
 * Where the native fast path is (native/fast, docs/integrations/shell.md): the programs an agent's
 * shell setting can point at. Informational: without it everything runs through Node.
 */
export function nativeFastCheck(ctx: DoctorContext): Check {
  const name = 'native fast path';
  let shim: string | null = null;
  for (let dir = dirname(fileURLToPath(import.meta.url)), i = 0; i < 6 && !shim; i++, dir = dirname(dir)) {
    const candidate = join(dir, 'native', 'fast', 'build', 'expacti-sh');
    if (existsSync(candidate)) shim = candidate;
  }
  if (!shim)
    return {
      name,
      status: 'ok',
      detail: 'not built (no C compiler at install): `run` and the shim start Node for every command',
    };
  const confined = ctx.env['EXPACTI_CONFINE'] !== 'off' && helperPath(ctx.env) !== null;
  // The install makes the package's own commands the native programs (scripts/build-native.mjs).
  const bin = join(dirname(dirname(dirname(dirname(shim)))), 'bin', 'expacti');
  return {
    name,
    status: 'ok',
    detail:
      `built: ${shim} (the shim) and ${join(dirname(shim), 'expacti-fast')} (run); ` +
      (isNativeProgram(bin)
        ? 'installed as the `expacti` and `expacti-sh` commands; '
        : `the \`expacti\` command (${bin}) is the Node launcher (a git checkout, or the install's check failed); `) +
      (confined
        ? 'commands are confined here, so they go through Node (the native path runs unconfined commands only)'
        : 'whitelisted commands run without starting Node'),
  };
}

/** An ELF executable (the native program), not a script. */
function isNativeProgram(file: string): boolean {
  try {
    const fd = openSync(file, 'r');
    try {
      const head = Buffer.alloc(4);
      return readSync(fd, head, 0, 4, 0) === 4 && head.toString('latin1') === '\x7fELF';
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}
