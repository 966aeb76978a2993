/**
 * Env prefixes (and `export`/`declare` words) that make a program load or run other code:
 * LD_PRELOAD, BASH_ENV, GIT_SSH_COMMAND, pagers, editors… are flagged by name. For NODE_OPTIONS
 * and the module search paths the value decides: memory and warning options load nothing, and a
 * relative path inside the project only adds project code (which the command runs anyway).
 */
import type { SimpleCommand, Word } from '../types.js';
import type { CodeFinding } from './codeExec.js';
import { EXEC_ARBITRARY_CODE } from './findingCodes.js';

/** Variables that make the program (or the shell, git, ssh, a pager) load or run other code. */
const CODE_ENV = new Set([
  'LD_PRELOAD',
  'LD_AUDIT',
  'LD_LIBRARY_PATH',
  'DYLD_INSERT_LIBRARIES',
  'DYLD_LIBRARY_PATH',
  'BASH_ENV',
  'ENV',
  'PROMPT_COMMAND',
  'PS4',
  'SHELLOPTS',
  'BASHOPTS',
  'IFS',
  'PATH',
  'NODE_OPTIONS',
  'NODE_PATH',
  'PYTHONPATH',
  'PYTHONSTARTUP',
  'PYTHONHOME',
  'PERL5OPT',
  'PERL5LIB',
  'PERLLIB',
  'RUBYOPT',
  'RUBYLIB',
  'GIT_SSH',
  'GIT_SSH_COMMAND',
  'GIT_EXTERNAL_DIFF',
  'GIT_PAGER',
  'GIT_EDITOR',
  'GIT_ASKPASS',
  'SSH_ASKPASS',
  'GIT_EXEC_PATH',
  'GIT_CONFIG_PARAMETERS',
  'GIT_CONFIG_GLOBAL',
  'GIT_CONFIG_SYSTEM',
  'GIT_CONFIG_COUNT',
  'GIT_TEMPLATE_DIR',
  'GIT_PROXY_COMMAND',
  'PAGER',
  'MANPAGER',
  'EDITOR',
  'VISUAL',
  'LESSOPEN',
  'LESSCLOSE',
  'SYSTEMD_PAGER',
  'BROWSER',
  'JAVA_TOOL_OPTIONS',
  '_JAVA_OPTIONS',
  'MAVEN_OPTS',
  'CARGO_BUILD_RUSTC_WRAPPER',
  'RUSTC_WRAPPER',
  'npm_config_script_shell',
  'NPM_CONFIG_SCRIPT_SHELL',
]);

const GIT_CONFIG_PAIR = /^GIT_CONFIG_(KEY|VALUE)_\d+$/;

/** Module search paths: a list of directories separated by `:`. */
const MODULE_PATHS = new Set(['PYTHONPATH', 'NODE_PATH', 'PERL5LIB', 'PERLLIB', 'RUBYLIB']);

/**
 * Node options that load no code and run nothing (memory, stack, warnings, source maps, TLS and
 * DNS defaults, module-format switches). Anything else (`--require`, `--import`, `--loader`,
 * `--eval`, `--inspect`, `--openssl-config`, options that write files…) keeps the finding.
 */
// prettier-ignore
const NODE_SAFE_OPTIONS = new Set([
  '--max-old-space-size', '--max-semi-space-size', '--stack-size', '--stack-trace-limit',
  '--enable-source-maps', '--no-warnings', '--no-deprecation', '--trace-warnings',
  '--trace-deprecation', '--throw-deprecation', '--pending-deprecation', '--trace-uncaught',
  '--trace-exit', '--trace-sync-io', '--unhandled-rejections', '--disable-warning',
  '--experimental-vm-modules', '--experimental-specifier-resolution', '--experimental-json-modules',
  '--experimental-modules', '--experimental-fetch', '--no-experimental-fetch',
  '--experimental-global-webcrypto', '--experimental-detect-module', '--no-experimental-detect-module',
  '--experimental-require-module', '--no-experimental-require-module', '--experimental-strip-types',
  '--no-experimental-strip-types', '--experimental-abortcontroller', '--experimental-wasm-modules',
  '--max-http-header-size', '--dns-result-order', '--openssl-legacy-provider',
  '--openssl-shared-config', '--use-openssl-ca', '--use-bundled-ca', '--tls-min-v1.0',
  '--tls-min-v1.1', '--tls-min-v1.2', '--tls-min-v1.3', '--tls-max-v1.2', '--tls-max-v1.3',
  '--preserve-symlinks', '--preserve-symlinks-main', '--expose-gc', '--abort-on-uncaught-exception',
  '--heapsnapshot-near-heap-limit', '--no-addons', '--frozen-intrinsics', '--zero-fill-buffers',
  '--no-network-family-autoselection', '--network-family-autoselection', '--conditions',
  '--no-experimental-global-navigator', '--no-experimental-websocket', '--title', '--secure-heap',
  '--secure-heap-min', '--no-global-search-paths', '--force-context-aware', '--report-compact',
]);

/** A value after `=` of a safe option: a number, a word, a list of words. */
const NODE_SAFE_VALUE = /^[\w.,+-]*$/;

function nodeOptionsLoadNothing(value: string): boolean {
  // Node reads quotes and escapes in NODE_OPTIONS: such values are not judged here.
  if (/["'\\]/.test(value)) return false;
  let number = false;
  // Not command text: node reads NODE_OPTIONS as options separated by white space (quotes refused above).
  for (const token of value.match(/\S+/g) ?? []) {
    if (/^\d+$/.test(token) && number) {
      number = false;
      continue;
    }
    const eq = token.indexOf('=');
    const name = (eq >= 0 ? token.slice(0, eq) : token).replace(/_/g, '-');
    if (!name.startsWith('--') || !NODE_SAFE_OPTIONS.has(name)) return false;
    if (eq >= 0 && !NODE_SAFE_VALUE.test(token.slice(eq + 1))) return false;
    // `--max-old-space-size 4096`: the number may follow as its own token.
    number = eq < 0;
  }
  return true;
}

/** Every directory is relative and stays inside the working directory (no `..` above it, no `~`). */
function projectPaths(value: string): boolean {
  for (const dir of value.split(':')) {
    if (dir.startsWith('/') || dir.startsWith('~')) return false;
    let depth = 0;
    for (const part of dir.split('/')) {
      if (part === '..') depth--;
      else if (part !== '' && part !== '.') depth++;
      if (depth < 0) return false;
    }
  }
  return true;
}

/** True when this assignment of a code-loading variable only loads what the project has. */
function harmlessValue(name: string, value: Word): boolean {
  if (value.dynamic.length > 0) return false;
  if (name === 'NODE_OPTIONS') return nodeOptionsLoadNothing(value.value);
  if (MODULE_PATHS.has(name)) return projectPaths(value.value);
  return false;
}

/**
 * How command text set through a variable or git setting was judged (shell/laterText.ts), by
 * source in lower case (`git_pager`, `git -c core.pager`): 'viewer' — only a pager or editor
 * runs (`PAGER=cat`, `GIT_EDITOR=true`): nothing to report; 'parsed' — what runs is judged as
 * commands, and the finding that the setting runs code stays.
 */
export type JudgedLater = ReadonlyMap<string, 'viewer' | 'parsed'>;

export function laterFinding(
  judged: 'viewer' | 'parsed' | undefined,
  otherwise: CodeFinding,
): CodeFinding | null {
  return judged === 'viewer' ? null : otherwise;
}

export function envFindings(cmd: SimpleCommand, judged: JudgedLater = new Map()): CodeFinding[] {
  const pairs: Array<{ name: string; value: Word }> = [...cmd.assignments];
  if (cmd.program && ['export', 'declare', 'typeset', 'readonly', 'local'].includes(cmd.program)) {
    for (const w of cmd.argv.slice(1)) {
      const eq = w.value.indexOf('=');
      if (eq > 0) pairs.push({ name: w.value.slice(0, eq), value: { ...w, value: w.value.slice(eq + 1) } });
    }
  }
  const out: CodeFinding[] = [];
  for (const { name, value } of pairs) {
    if (!CODE_ENV.has(name) && !GIT_CONFIG_PAIR.test(name)) continue;
    // IFS for `read`/`mapfile` only splits what the builtin reads.
    if (name === 'IFS' && ['read', 'mapfile', 'readarray'].includes(cmd.program ?? '')) continue;
    if (harmlessValue(name, value)) continue;
    const f = laterFinding(judged.get(name.toLowerCase()), {
      code: EXEC_ARBITRARY_CODE,
      message: `${name}=… makes the program (or the shell, git, a pager) load or run other code`,
      tier: 'high',
    });
    if (f) out.push(f);
  }
  return out;
}
